// A network namespace joined to this host by veth pairs, so that a worker node can run behind a
// link the test cuts (`ip netns`, iproute2; needs root with CAP_NET_ADMIN and CAP_SYS_ADMIN).
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace cutqueue::testing {

/// Each link is a /30 of its own: the host side holds .1 of its block, the namespace side .2.
/// Names and addresses derive from the pid, so that parallel test runs never meet. Everything is
/// removed on destruction; leftovers of an earlier run whose process died before its destructor
/// ran are removed on creation.
class network_namespace {
public:
  /// nullptr when this machine does not allow it: `why_not` says why. Whether that is a reason to
  /// skip is in `permitted`: false only when we may not (not root, no capability, no iproute2);
  /// any other failure is a broken setup the caller should report as such.
  static std::unique_ptr<network_namespace> create(int links, std::string& why_not,
                                                   bool& permitted);
  ~network_namespace();
  network_namespace(const network_namespace&) = delete;
  network_namespace& operator=(const network_namespace&) = delete;

  const std::string& name() const { return name_; }
  std::string host_address(int link) const;
  std::string inner_address(int link) const;
  /// Prepended to a command line, runs it inside the namespace.
  std::vector<std::string> exec_prefix() const { return {"ip", "netns", "exec", name_}; }
  /// Takes the namespace's end of `link` down (or up again). Down cuts the link silently: the
  /// host's end only loses its carrier, so its address and routes stay, nothing answers with a
  /// reset and nothing is closed; packets simply go nowhere, as with a pulled cable further
  /// along. Empty on success, else the error.
  std::string set_link(int link, bool up);

private:
  network_namespace(std::string name, int links);
  std::string host_if(int link) const;
  std::string inner_if(int link) const;
  std::string address(int link, int host_part) const;

  std::string name_;
  int links_;
  int net_a_, net_b_; ///< 10.<a>.<b>.0/24 holds this namespace's links
};

} // namespace cutqueue::testing
