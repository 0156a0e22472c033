// Ports without races: the port a child actually bound (read from /proc, after it bound port 0),
// and a port that is held closed for as long as a test needs one that refuses connections.
#include "tests/support/support.hpp"

#include <dirent.h>
#include <fstream>
#include <netinet/in.h>
#include <set>
#include <sstream>
#include <sys/socket.h>
#include <unistd.h>

namespace cutqueue::testing {

namespace {

/// Inodes of the sockets `pid` holds open ("socket:[<inode>]" links in /proc/<pid>/fd).
std::set<std::string> socket_inodes(pid_t pid) {
  std::set<std::string> out;
  const std::string dir = "/proc/" + std::to_string(pid) + "/fd";
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr)
    return out;
  while (auto* e = ::readdir(d)) {
    char target[128];
    auto n = ::readlink((dir + "/" + e->d_name).c_str(), target, sizeof target - 1);
    if (n <= 0)
      continue;
    std::string link(target, static_cast<size_t>(n));
    if (link.rfind("socket:[", 0) == 0 && link.back() == ']')
      out.insert(link.substr(8, link.size() - 9));
  }
  ::closedir(d);
  return out;
}

} // namespace

std::optional<int> listening_port(pid_t pid) {
  auto mine = socket_inodes(pid);
  // Between fork and exec a child still holds every socket of the test process (a receiver
  // the test listens on, say): those are not the child's own.
  for (const auto& inherited : socket_inodes(::getpid()))
    mine.erase(inherited);
  if (mine.empty())
    return std::nullopt;
  for (const char* table : {"tcp", "tcp6"}) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/net/" + table);
    std::string line;
    std::getline(in, line); // header
    while (std::getline(in, line)) {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      std::istringstream f(line);
      std::string sl, local, remote, state, queues, timer, retransmits, uid, timeout, inode;
      if (!(f >> sl >> local >> remote >> state >> queues >> timer >> retransmits >> uid >>
            timeout >> inode))
        continue;
      if (state != "0A" || mine.count(inode) == 0) // 0A: LISTEN
        continue;
      auto colon = local.rfind(':');
      if (colon != std::string::npos)
        return std::stoi(local.substr(colon + 1), nullptr, 16);
    }
  }
  return std::nullopt;
}

refused_port::refused_port() {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  // Bound but never listening: connections are refused, and no one else can take the port.
  if (fd_ >= 0 && ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port_ = ntohs(addr.sin_port);
}

refused_port::~refused_port() {
  if (fd_ >= 0)
    ::close(fd_);
}

} // namespace cutqueue::testing
