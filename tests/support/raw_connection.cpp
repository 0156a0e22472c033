#include "tests/support/raw_connection.hpp"

#include <cctype>
#include <cstdlib>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace cutqueue::testing {

raw_connection::raw_connection(int port) : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd_ >= 0 && ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

raw_connection::~raw_connection() {
  if (fd_ >= 0)
    ::close(fd_);
}

bool raw_connection::send_all(std::string_view data) {
  while (!data.empty()) {
    auto n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0)
      return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

std::string raw_connection::read_until(std::chrono::steady_clock::time_point until, bool& closed,
                                       std::string_view stop_at) {
  std::string got;
  closed = false;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (left.count() <= 0)
      return got;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0)
      continue;
    char buf[65536];
    auto n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) {
      closed = true;
      return got;
    }
    got.append(buf, static_cast<size_t>(n));
    if (!stop_at.empty() && got.find(stop_at) != std::string::npos)
      return got;
  }
}

std::string raw_connection::exchange(std::string_view request, std::chrono::milliseconds timeout) {
  if (!send_all(request))
    return {};
  const auto until = std::chrono::steady_clock::now() + timeout;
  const bool is_head = request.rfind("HEAD ", 0) == 0;
  std::string got;
  for (;;) {
    // Complete once the head is in and as much body as its Content-Length says.
    if (auto head_end = got.find("\r\n\r\n"); head_end != std::string::npos) {
      std::string head = got.substr(0, head_end);
      for (auto& c : head)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      size_t length = 0;
      if (auto at = head.find("\r\ncontent-length:"); at != std::string::npos && !is_head)
        length = std::strtoull(head.c_str() + at + 17, nullptr, 10);
      if (got.size() >= head_end + 4 + length)
        return got;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (left.count() <= 0)
      return got;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0)
      continue;
    char buf[65536];
    auto n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0)
      return got;
    got.append(buf, static_cast<size_t>(n));
  }
}

int raw_status(const std::string& response) {
  if (response.rfind("HTTP/1.", 0) != 0 || response.size() < 12)
    return 0;
  return std::atoi(response.substr(9, 3).c_str());
}

} // namespace cutqueue::testing
