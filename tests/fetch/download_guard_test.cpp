// The SSRF guard and the byte limits as the downloader applies them, against loopback servers
// only: the fixture server, and a tiny in-test server whose bodies carry no Content-Length.
// Refused addresses outside loopback appear only as literals that are refused before any
// connection is made.
#include "fetch/draft_fetcher.hpp"
#include "fetch/http_download.hpp"
#include "tests/fetch/fetcher_test_support.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using namespace cutqueue::testing;
using namespace cutqueue;
using namespace cutqueue::fetch;

/// `text` as a query value: everything but letters and digits percent-encoded.
std::string encoded(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    char buf[4];
    std::snprintf(buf, sizeof buf, std::isalnum(c) ? "%c" : "%%%02X", c);
    out += buf;
  }
  return out;
}

/// A loopback HTTP server that answers every request with `body_bytes` bytes of 'x' in one
/// chunk of chunked transfer encoding: no Content-Length, so only the streaming check can
/// stop the body. Counts the requests it accepted.
class chunked_server {
public:
  explicit chunked_server(size_t body_bytes) : body_(body_bytes, 'x') {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
        ::listen(fd_, 16) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      ADD_FAILURE() << "cannot listen on loopback";
      return;
    }
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~chunked_server() {
    stopping_ = true;
    ::shutdown(fd_, SHUT_RDWR); // wakes accept()
    if (thread_.joinable())
      thread_.join();
    ::close(fd_);
  }
  std::string url(const std::string& path = "/big.bin") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int requests() const { return requests_.load(); }

private:
  void serve() {
    while (!stopping_) {
      int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0)
        return;
      ++requests_;
      char buf[4096];
      std::string head;
      while (head.find("\r\n\r\n") == std::string::npos) {
        auto n = ::recv(c, buf, sizeof buf, 0);
        if (n <= 0)
          break;
        head.append(buf, static_cast<size_t>(n));
      }
      char size_line[32];
      std::snprintf(size_line, sizeof size_line, "%zx\r\n", body_.size());
      std::string reply = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: "
                          "close\r\n\r\n" +
                          std::string(size_line) + body_ + "\r\n0\r\n\r\n";
      // The client may hang up early (that is the point); MSG_NOSIGNAL keeps SIGPIPE away.
      ::send(c, reply.data(), reply.size(), MSG_NOSIGNAL);
      ::close(c);
    }
  }

  std::string body_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> requests_{0};
  std::thread thread_;
};

download_options quick_options() {
  download_options o;
  o.max_tries = 3;
  o.first_backoff = std::chrono::milliseconds(10);
  return o;
}

TEST(download_budget_test, takes_until_the_limit_and_gives_back) {
  download_budget b(100);
  EXPECT_TRUE(b.take(60));
  EXPECT_FALSE(b.take(41)) << "would pass the limit";
  EXPECT_EQ(b.used(), 60) << "a refused take takes nothing";
  EXPECT_EQ(b.remaining(), 40);
  EXPECT_TRUE(b.take(40));
  EXPECT_EQ(b.remaining(), 0);
  b.give_back(60);
  EXPECT_EQ(b.remaining(), 60);
  download_budget unlimited(0);
  EXPECT_TRUE(unlimited.take(int64_t{1} << 50));
  EXPECT_EQ(unlimited.remaining(), INT64_MAX);
}

TEST(format_bytes_test, names_round_sizes) {
  EXPECT_EQ(format_bytes(int64_t{2} << 30), "2 GiB");
  EXPECT_EQ(format_bytes(64 << 20), "64 MiB");
  EXPECT_EQ(format_bytes(1024), "1 KiB");
  EXPECT_EQ(format_bytes(1000), "1000 bytes");
}

TEST(download_limits_test, body_without_length_is_cut_off_while_streaming) {
  chunked_server server(256 * 1024);
  auto opts = quick_options();
  opts.max_body_bytes = 1000;
  std::string body;
  auto r = download_to_string(server.url(), opts, body);
  EXPECT_EQ(r.status, download_status::refused);
  EXPECT_EQ(r.reason, "larger than 1000 bytes");
  EXPECT_LE(body.size(), 1000u);
  EXPECT_EQ(server.requests(), 1) << "a refusal is not retried";

  temp_dir dir("download-limits");
  auto file = (fs::path(dir.path()) / "big.bin").string();
  auto f = download_to_file(server.url(), file, opts);
  EXPECT_EQ(f.status, download_status::refused);
  EXPECT_EQ(describe_failure(f), "larger than 1000 bytes");
  EXPECT_FALSE(fs::exists(file));
  EXPECT_FALSE(fs::exists(file + ".part"));
}

TEST(download_limits_test, task_budget_is_enforced_while_streaming_and_given_back) {
  chunked_server server(64 * 1024);
  auto opts = quick_options();
  download_budget budget(10 * 1024);
  opts.budget = &budget;
  std::string body;
  auto r = download_to_string(server.url(), opts, body);
  EXPECT_EQ(r.status, download_status::refused);
  EXPECT_EQ(r.reason, "task downloads larger than 10 KiB");
  EXPECT_EQ(budget.used(), 0) << "bytes of a failed try are given back";

  download_budget roomy(128 * 1024);
  opts.budget = &roomy;
  auto ok = download_to_string(server.url(), opts, body);
  ASSERT_TRUE(ok.ok()) << ok.reason;
  EXPECT_EQ(body.size(), 64u * 1024);
  EXPECT_EQ(roomy.used(), 64 * 1024);
}

TEST(download_guard_test, deny_private_networks_refuses_loopback_without_connecting) {
  chunked_server server(10);
  auto opts = quick_options();
  opts.network.deny_private_networks = true;
  std::string body;
  // An address literal is refused up front; a host name only once it is resolved, and
  // "2130706433" (127.0.0.1 as one number) only by the address curl actually connects to.
  for (const auto& url : {server.url(), "http://localhost:" + server.url().substr(17),
                          "http://2130706433:" + server.url().substr(17),
                          std::string("http://[::ffff:127.0.0.1]:1/x")}) {
    auto r = download_to_string(url, opts, body);
    EXPECT_EQ(r.status, download_status::refused) << url << ": " << r.reason;
    EXPECT_EQ(r.reason, "address not allowed") << url;
    EXPECT_EQ(r.tries, 1) << url;
  }
  EXPECT_EQ(server.requests(), 0) << "no connection reached the server";

  opts.network.deny_private_networks = false; // the default lets loopback through
  EXPECT_TRUE(download_to_string(server.url(), opts, body).ok());
  EXPECT_EQ(server.requests(), 1);
}

TEST(download_guard_test, metadata_and_link_local_are_refused_before_any_connection) {
  auto opts = quick_options();
  std::string body;
  for (const char* url :
       {"http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/latest/meta-data/",
        "http://metadata.google.internal/computeMetadata/v1/", "http://[fe80::1]/x",
        "http://100.100.100.200/latest/meta-data/"}) {
    auto r = download_to_string(url, opts, body);
    EXPECT_EQ(r.status, download_status::refused) << url;
    EXPECT_TRUE(r.reason == "address not allowed" || r.reason == "host not allowed")
        << url << ": " << r.reason;
  }
}

TEST(download_guard_test, allow_hosts_refuses_other_hosts) {
  chunked_server server(10);
  auto opts = quick_options();
  opts.network.allow_hosts = {"capcut-mate.example.com"};
  std::string body;
  auto r = download_to_string(server.url(), opts, body);
  EXPECT_EQ(r.status, download_status::refused);
  EXPECT_EQ(r.reason, "host not allowed");
  EXPECT_EQ(server.requests(), 0);
  opts.network.allow_hosts = {"127.0.0.1"};
  EXPECT_TRUE(download_to_string(server.url(), opts, body).ok());
}

class guarded_fetch_test : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(drafts_.root.empty());
    server_ = std::make_unique<fixture_server>(std::vector<std::string>{drafts_.root});
    ASSERT_NE(server_->port(), 0);
    basic_id_ = drafts_.basic_id;
  }

  fetch_outcome fetch(const std::string& draft_url, const fetch_config& cfg) {
    return fetch_draft(draft_url, (fs::path(work_.path()) / "draft").string(), cfg, nullptr, never_,
                       out_);
  }

  std::string redirect_to(const std::string& target) const {
    return server_->base_url() + "/redirect/0?draft_id=" + basic_id_ + "&to=" + encoded(target);
  }

  const test_drafts& drafts_ = generated_drafts();
  std::unique_ptr<fixture_server> server_;
  std::string basic_id_;
  temp_dir work_{"guarded-fetch"};
  cancel_token never_;
  fetched_draft out_;
};

TEST_F(guarded_fetch_test, deny_private_networks_fails_the_draft_with_a_clear_reason) {
  auto cfg = fast_fetch_config();
  cfg.network.deny_private_networks = true;
  auto url = server_->draft_url(basic_id_);
  auto r = fetch(url, cfg);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error_message, "Material inaccessible: " + url + " (address not allowed)");
  EXPECT_EQ(server_->request_count("/"), 0);
}

TEST_F(guarded_fetch_test, every_redirect_hop_is_checked) {
  auto cfg = fast_fetch_config();
  const std::string metadata = "http://169.254.169.254/latest/meta-data/";
  auto url = redirect_to(metadata);
  auto r = fetch(url, cfg);
  EXPECT_EQ(r.error_message, "Material inaccessible: " + url +
                                 " (address not allowed; redirected to " + metadata + ")");
  EXPECT_EQ(server_->request_count("/redirect/"), 1) << "refusals are not retried";

  // Allowed by name at the first hop, refused by name at the second.
  cfg.network.allow_hosts = {"127.0.0.1"};
  auto other = "http://localhost:" + std::to_string(server_->port()) +
               "/openapi/capcut-mate/v1/get_draft?draft_id=" + basic_id_;
  auto via = redirect_to(other);
  auto h = fetch(via, cfg);
  EXPECT_EQ(h.error_message,
            "Material inaccessible: " + via + " (host not allowed; redirected to " + other + ")");
  EXPECT_EQ(server_->request_count("/openapi/"), 0);

  // A redirect to an allowed host still works.
  auto fine = redirect_to(server_->draft_url(basic_id_));
  auto ok = fetch(fine, cfg);
  EXPECT_TRUE(ok.ok) << ok.error_message;
}

TEST_F(guarded_fetch_test, listed_files_pass_the_guard_too) {
  // get_draft is allowed by name, the files it lists (on 127.0.0.1) are not.
  auto cfg = fast_fetch_config();
  cfg.network.allow_hosts = {"localhost"};
  auto url = "http://localhost:" + std::to_string(server_->port()) +
             "/openapi/capcut-mate/v1/get_draft?draft_id=" + basic_id_;
  auto r = fetch(url, cfg);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error_message.rfind("Material inaccessible: " + server_->base_url() + "/", 0), 0u)
      << r.error_message;
  EXPECT_NE(r.error_message.find(" (host not allowed)"), std::string::npos) << r.error_message;
  EXPECT_EQ(server_->request_count("/output/"), 0);
}

TEST_F(guarded_fetch_test, file_larger_than_the_limit_fails_from_content_length) {
  auto cfg = fast_fetch_config();
  cfg.max_file_download = 1024;
  auto r = fetch(server_->draft_url(basic_id_), cfg);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error_message.rfind("Material inaccessible: " + server_->base_url() + "/output/", 0),
            0u)
      << r.error_message;
  EXPECT_NE(r.error_message.find(" (larger than 1 KiB)"), std::string::npos) << r.error_message;
}

TEST_F(guarded_fetch_test, task_budget_spans_all_files) {
  // Half of what the draft lists: every file fits alone, together they do not.
  const auto half = static_cast<int64_t>(drafts_.listed_bytes(basic_id_) / 2);
  auto cfg = fast_fetch_config();
  cfg.task_budget = std::make_shared<download_budget>(half);
  auto r = fetch(server_->draft_url(basic_id_), cfg);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error_message.find(" (task downloads larger than " + format_bytes(half) + ")"),
            std::string::npos)
      << r.error_message;
  // Generous limits change nothing.
  cfg.max_file_download = 64 << 20;
  cfg.task_budget = std::make_shared<download_budget>(256 << 20);
  auto ok = fetch(server_->draft_url(basic_id_), cfg);
  EXPECT_TRUE(ok.ok) << ok.error_message;
  EXPECT_GT(cfg.task_budget->used(), half);
}

TEST_F(guarded_fetch_test, http_materials_are_guarded_and_limited) {
  temp_dir dir("guarded-material");
  fetched_draft draft{"id1", dir.path()};
  auto url = server_->base_url() + "/files/" + drafts_.music_id + "/assets/audios/music.mp3";
  std::string local;
  auto cfg = fast_fetch_config();
  cfg.network.deny_private_networks = true;
  auto r = resolve_material(url, draft, cfg, never_, local);
  EXPECT_EQ(r.error_message, "Material inaccessible: " + url + " (address not allowed)");

  cfg = fast_fetch_config();
  cfg.max_file_download = 1000;
  r = resolve_material(url, draft, cfg, never_, local);
  EXPECT_EQ(r.error_message, "Material inaccessible: " + url + " (larger than 1000 bytes)");
  EXPECT_EQ(server_->request_count("/files/", "GET"), 1) << "refused, not retried";
  EXPECT_TRUE(local.empty());
}

} // namespace
