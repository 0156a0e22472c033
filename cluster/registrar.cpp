#include "cluster/registrar.hpp"

#include "cluster/auth.hpp"
#include "cluster/protocol.hpp"
#include "common/log.hpp"

#include <map>

namespace cutqueue::cluster {

namespace {

struct challenge {
  std::string worker_nonce;
  std::string node_name;
};

struct registrar_state {
  registrar_config cfg;
  supervisor_actor sup;
  std::shared_ptr<upload_registry> uploads;
  std::map<std::string, challenge> challenges;  ///< issued, not yet answered
  std::map<caf::actor_addr, std::string> nodes; ///< joined node actors -> name

  static inline const char* name = "cutqueue.registrar";
};

using reg_pointer = caf::stateful_actor<registrar_state>*;

bool plausible_name(const std::string& s) {
  return !s.empty() && s.size() <= 128;
}

caf::behavior registrar(reg_pointer self, registrar_config cfg, supervisor_actor sup,
                        std::shared_ptr<upload_registry> uploads) {
  auto& st = self->state;
  st.cfg = std::move(cfg);
  st.sup = std::move(sup);
  st.uploads = std::move(uploads);
  self->set_down_handler([self](caf::down_msg& dm) {
    auto& st = self->state;
    auto i = st.nodes.find(dm.source);
    if (i == st.nodes.end())
      return;
    log::warn("worker node ", i->second, " lost (", self->system().render(dm.reason),
              "); its tasks go back to pending");
    st.nodes.erase(i);
  });
  return {
      [self](hello_atom, const std::string& worker_nonce,
             const std::string& node_name) -> caf::result<std::string, std::string> {
        auto& st = self->state;
        if (worker_nonce.size() < 32 || worker_nonce.size() > 256 || !plausible_name(node_name))
          return make_error(cluster_error::bad_request);
        auto c = random_hex();
        st.challenges[c] = {worker_nonce, node_name};
        self->delayed_send(self, st.cfg.challenge_ttl, caf::delete_atom::value, c);
        return {c, coordinator_proof(st.cfg.secret, worker_nonce, c)};
      },
      [self](caf::delete_atom, const std::string& c) { self->state.challenges.erase(c); },
      [self](join_atom, const std::string& c, const std::string& proof, uint32_t slots,
             caf::actor node) -> caf::result<std::string, uint64_t> {
        auto& st = self->state;
        auto i = st.challenges.find(c);
        if (i == st.challenges.end())
          return make_error(cluster_error::unknown_challenge);
        auto ch = std::move(i->second);
        st.challenges.erase(i);
        auto expected = worker_proof(st.cfg.secret, c, ch.worker_nonce, ch.node_name);
        if (!equal_constant_time(expected, proof)) {
          log::warn("refused worker node ", ch.node_name, ": wrong cluster secret");
          return make_error(cluster_error::wrong_secret);
        }
        if (!node || slots == 0 || slots > st.cfg.max_slots_per_node)
          return make_error(cluster_error::bad_request);
        // Node names are the operator's; make them unique so /healthz keeps them apart.
        auto name = ch.node_name;
        for (auto& [addr, n] : st.nodes)
          if (n == name)
            name += "#" + std::to_string(node.id());
        st.nodes[node.address()] = name;
        self->monitor(node);
        for (uint32_t k = 0; k < slots; ++k) {
          remote_slot_args args{node, k, name, st.uploads, st.sup, st.cfg.slot};
          self->send(st.sup, slots_atom::value, spawn_remote_slot(self, std::move(args)), name);
        }
        if (st.cfg.joined_from) {
          auto mm = self->system().middleman().actor_handle();
          self->request(mm, caf::duration{std::chrono::seconds(5)}, caf::get_atom::value,
                        node.node())
              .then([self](const caf::node_id&, const std::string&,
                           uint16_t port) { self->state.cfg.joined_from(port); },
                    [self, name](caf::error& err) {
                      log::warn("worker node ", name, ": cannot tell where it connects from (",
                                self->system().render(err), "); the cluster port closes it");
                    });
        }
        log::info("worker node ", name, " joined with ", slots, " slot(s)");
        return {st.cfg.upload_url, st.cfg.upload_chunk};
      },
  };
}

} // namespace

caf::actor spawn_registrar(caf::actor_system& sys, registrar_config cfg, supervisor_actor sup,
                           std::shared_ptr<upload_registry> uploads) {
  return sys.spawn(registrar, std::move(cfg), std::move(sup), std::move(uploads));
}

} // namespace cutqueue::cluster
