#include "tests/cluster/netns_link.hpp"

#include "tests/support/support.hpp"

#include <cctype>
#include <cerrno>
#include <csignal>
#include <sstream>
#include <unistd.h>

namespace cutqueue::testing {

namespace {

constexpr const char* ns_prefix = "cqns-";
constexpr const char* if_prefix = "cq";

/// Runs `ip <args>` with stderr folded into the output (the reason of a refusal is there).
/// The arguments are ours (names and addresses made of digits and letters): no quoting needed.
run_result ip(const std::string& args) {
  return run({"sh", "-c", "exec ip " + args + " 2>&1"}, 30s);
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' '))
    s.pop_back();
  return s;
}

bool refused(const run_result& r) {
  return r.exit_code == 127 || r.out.find("Operation not permitted") != std::string::npos ||
         r.out.find("Permission denied") != std::string::npos;
}

/// The pid a name of ours (`prefix`, the pid, then `suffix`) was made from, or 0 when it is not
/// one of ours.
pid_t owner_of(const std::string& name, const std::string& prefix, const std::string& suffix) {
  if (name.rfind(prefix, 0) != 0)
    return 0;
  size_t end = prefix.size();
  while (end < name.size() && std::isdigit(static_cast<unsigned char>(name[end])))
    ++end;
  if (end == prefix.size() || end - prefix.size() > 9 || name.compare(end, suffix.size(), suffix))
    return 0;
  return static_cast<pid_t>(std::stol(name.substr(prefix.size(), end - prefix.size())));
}

bool alive(pid_t pid) {
  return ::kill(pid, 0) == 0 || errno == EPERM;
}

/// A run that was killed outright (SIGKILL, a crashed test binary) left its namespace and
/// maybe a host-side veth end behind; they would pin addresses, so they go before we start.
void remove_leftovers() {
  std::istringstream list(ip("netns list").out);
  for (std::string line; std::getline(list, line);) {
    auto name = line.substr(0, line.find(' '));
    auto pid = owner_of(name, ns_prefix, "");
    if (pid > 0 && (pid == ::getpid() || !alive(pid)))
      ip("netns del " + name);
  }
  std::istringstream links(ip("-o link show").out);
  for (std::string line; std::getline(links, line);) {
    // "7: cq1234h0@if6: <...": the host ends only; the inner ones die with their namespace.
    auto colon = line.find(": ");
    if (colon == std::string::npos)
      continue;
    auto name = line.substr(colon + 2);
    name = name.substr(0, name.find_first_of("@:"));
    auto pid = owner_of(name, if_prefix, "h");
    if (pid > 0 && (pid == ::getpid() || !alive(pid)))
      ip("link del " + name);
  }
}

} // namespace

network_namespace::network_namespace(std::string name, int links)
    : name_(std::move(name)), links_(links) {
  auto pid = static_cast<int>(::getpid());
  net_a_ = 100 + pid % 100;
  net_b_ = (pid / 100) % 256;
}

std::unique_ptr<network_namespace> network_namespace::create(int links, std::string& why_not,
                                                             bool& permitted) {
  permitted = true;
  if (::geteuid() != 0) {
    permitted = false;
    why_not = "ip netns needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN); running as uid " +
              std::to_string(::geteuid());
    return nullptr;
  }
  remove_leftovers();
  auto name = ns_prefix + std::to_string(::getpid());
  auto add = ip("netns add " + name);
  if (add.exit_code != 0) {
    permitted = !refused(add);
    why_not = add.exit_code == 127 ? "iproute2's ip is not installed"
                                   : "ip netns add " + name + ": " + trimmed(add.out);
    return nullptr;
  }
  std::unique_ptr<network_namespace> ns(new network_namespace(name, links));
  auto step = [&](const std::string& args) {
    if (!why_not.empty())
      return;
    auto r = ip(args);
    if (r.exit_code != 0) {
      permitted = !refused(r);
      why_not = "ip " + args + ": " + trimmed(r.out);
    }
  };
  step("-n " + name + " link set lo up");
  for (int k = 0; k < links; ++k) {
    auto h = ns->host_if(k), n = ns->inner_if(k);
    step("link add " + h + " type veth peer name " + n);
    step("link set " + n + " netns " + name);
    step("addr add " + ns->host_address(k) + "/30 dev " + h);
    step("link set " + h + " up");
    step("-n " + name + " addr add " + ns->inner_address(k) + "/30 dev " + n);
    step("-n " + name + " link set " + n + " up");
  }
  if (!why_not.empty())
    return nullptr; // the destructor removes what was made
  return ns;
}

network_namespace::~network_namespace() {
  ip("netns del " + name_);
  // Deleting the namespace deletes the inner ends and so the pairs; a host end only survives
  // when setting up failed before its peer moved in.
  for (int k = 0; k < links_; ++k)
    if (ip("link show " + host_if(k)).exit_code == 0)
      ip("link del " + host_if(k));
}

std::string network_namespace::host_if(int link) const {
  return if_prefix + std::to_string(::getpid()) + "h" + std::to_string(link);
}

std::string network_namespace::inner_if(int link) const {
  return if_prefix + std::to_string(::getpid()) + "n" + std::to_string(link);
}

std::string network_namespace::address(int link, int host_part) const {
  return "10." + std::to_string(net_a_) + "." + std::to_string(net_b_) + "." +
         std::to_string(4 * link + host_part);
}

std::string network_namespace::host_address(int link) const {
  return address(link, 1);
}

std::string network_namespace::inner_address(int link) const {
  return address(link, 2);
}

std::string network_namespace::set_link(int link, bool up) {
  auto r = ip("-n " + name_ + " link set " + inner_if(link) + (up ? " up" : " down"));
  return r.exit_code == 0 ? std::string{} : trimmed(r.out);
}

} // namespace cutqueue::testing
