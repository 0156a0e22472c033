#include "tests/support/webhook_receiver.hpp"

#include <arpa/inet.h>
#include <cctype>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace cutqueue::testing {

namespace {

std::string lower(std::string s) {
  for (auto& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

/// Reads one request (head, then Content-Length bytes of body); false on a broken one.
bool read_request(int fd, received_request& out) {
  std::string data;
  char buf[4096];
  size_t head_end = std::string::npos;
  size_t length = 0;
  for (;;) {
    if (head_end == std::string::npos) {
      head_end = data.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        auto head = data.substr(0, head_end);
        size_t line_end = head.find("\r\n");
        auto first = head.substr(0, line_end);
        auto sp1 = first.find(' ');
        auto sp2 = first.find(' ', sp1 + 1);
        out.method = first.substr(0, sp1);
        out.target = first.substr(sp1 + 1, sp2 - sp1 - 1);
        size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
        while (pos < head.size()) {
          auto end = head.find("\r\n", pos);
          if (end == std::string::npos)
            end = head.size();
          auto line = head.substr(pos, end - pos);
          auto colon = line.find(':');
          if (colon != std::string::npos) {
            auto value = line.substr(colon + 1);
            while (!value.empty() && value.front() == ' ')
              value.erase(0, 1);
            out.headers[lower(line.substr(0, colon))] = value;
          }
          pos = end + 2;
        }
        if (auto it = out.headers.find("content-length"); it != out.headers.end())
          length = std::stoul(it->second);
      }
    }
    if (head_end != std::string::npos && data.size() >= head_end + 4 + length) {
      out.body = data.substr(head_end + 4, length);
      return true;
    }
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 5000) <= 0)
      return false;
    auto n = ::read(fd, buf, sizeof buf);
    if (n <= 0)
      return false;
    data.append(buf, static_cast<size_t>(n));
  }
}

} // namespace

webhook_receiver::webhook_receiver(int port) : port_(port) {
  start();
}

webhook_receiver::~webhook_receiver() {
  stop();
}

std::string webhook_receiver::url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/hook";
}

void webhook_receiver::start() {
  if (running_)
    return;
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(port_));
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::listen(listen_fd_, 16) != 0) {
    ::close(listen_fd_);
    listen_fd_ = -1;
    return;
  }
  socklen_t len = sizeof a;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
  port_ = ntohs(a.sin_port);
  running_ = true;
  thread_ = std::thread([this, fd = listen_fd_] { serve(fd); });
}

void webhook_receiver::stop() {
  if (!running_)
    return;
  running_ = false;
  ::shutdown(listen_fd_, SHUT_RDWR);
  thread_.join();
  ::close(listen_fd_);
  listen_fd_ = -1;
}

void webhook_receiver::serve(int fd) {
  while (running_) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0)
      continue;
    int c = ::accept4(fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (c < 0)
      continue;
    received_request r;
    if (read_request(c, r)) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        requests_.push_back(r);
      }
      auto answer = "HTTP/1.1 " + std::to_string(status_.load()) +
                    " X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      auto rc = ::write(c, answer.data(), answer.size());
      (void)rc;
    }
    ::close(c);
  }
}

std::vector<received_request> webhook_receiver::requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

} // namespace cutqueue::testing
