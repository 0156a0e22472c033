#include "http/health_json.hpp"

#include <nlohmann/json.hpp>

namespace cutqueue::http {

std::string cluster_health_body(const std::vector<node_load>& nodes) {
  nlohmann::json list = nlohmann::json::array();
  uint64_t free = 0, busy = 0;
  for (auto& n : nodes) {
    list.push_back({{"name", n.name}, {"slots", n.slots}, {"busy", n.busy}});
    free += n.slots - n.busy;
    busy += n.busy;
  }
  nlohmann::json body = {
      {"status", "ok"}, {"nodes", list}, {"slots", {{"free", free}, {"busy", busy}}}};
  return body.dump();
}

} // namespace cutqueue::http
