// The cluster port's doorkeeper. CAF 0.17.6 offers no way to close one BASP connection from
// outside its broker, so a peer that connects and never registers (a port scanner, a stray or
// stuck node) would hold its connection for ever. The coordinator therefore publishes its
// registrar on a loopback port only and listens on the cluster port itself: every connection is
// relayed to the registrar's port, and one whose node has not joined within the grace period
// is closed (both halves), which CAF sees as a lost connection. The registrar marks a joined
// node by the relay connection's local port, which the middleman reports as the node's address.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

namespace cutqueue::cluster {

class cluster_gate {
public:
  cluster_gate() = default;
  ~cluster_gate();
  cluster_gate(const cluster_gate&) = delete;
  cluster_gate& operator=(const cluster_gate&) = delete;

  /// Listens on host:port (0 = any free port) and relays to 127.0.0.1:backend_port.
  [[nodiscard]] bool start(const std::string& host, uint16_t port, uint16_t backend_port,
                           std::chrono::milliseconds grace, std::string& error);
  void stop();
  uint16_t port() const { return port_; }

  /// The node whose relayed connection leaves from this local port joined: keep it open.
  void registered(uint16_t relay_port);

private:
  void loop();

  int listener_ = -1;
  int wake_[2] = {-1, -1};
  uint16_t port_ = 0, backend_port_ = 0;
  std::chrono::milliseconds grace_{5000};
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::set<uint16_t> registered_; ///< relay ports whose nodes joined since the loop last looked
  std::thread thread_;
};

} // namespace cutqueue::cluster
