// Hostile connections against the real binary: oversized bodies are refused from their head,
// not after the upload; slow and idle clients are closed on time and never starve others.
#include "tests/e2e/e2e_support.hpp"
#include "tests/support/raw_connection.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <atomic>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace cutqueue::testing {
namespace {

using connection = raw_connection;

std::string gen_video_head(uint64_t length, const char* framing = nullptr) {
  std::string head = "POST /openapi/capcut-mate/v1/gen_video HTTP/1.1\r\nHost: t\r\n"
                     "Content-Type: application/json\r\n";
  head += framing ? std::string(framing) + "\r\n"
                  : "Content-Length: " + std::to_string(length) + "\r\n";
  return head + "\r\n";
}

const std::string refused_body = R"({"detail":"Request body too large"})";

TEST(SlowClientsE2e, OversizedBodyIsRefusedFromItsHeadBeforeTheUpload) {
  temp_dir data("slow-413");
  cutqueue_server srv(data.path());
  connection c(srv.port());
  ASSERT_TRUE(c.ok());
  // Only the head and 64 KiB of a 64 MiB body: the answer must not wait for the rest.
  ASSERT_TRUE(c.send_all(gen_video_head(64u << 20) + std::string(64 * 1024, '{')));
  bool closed = false;
  auto got = c.read_until(std::chrono::steady_clock::now() + 10s, closed, refused_body);
  EXPECT_EQ(got.rfind("HTTP/1.1 413 ", 0), 0u) << got;
  EXPECT_NE(got.find("Connection: close"), std::string::npos) << got;
  EXPECT_NE(got.find(refused_body), std::string::npos) << got;
  // The server then closes its side; the connection does not linger half-open.
  got = c.read_until(std::chrono::steady_clock::now() + 10s, closed);
  EXPECT_TRUE(closed) << "connection still open after the 413";
  EXPECT_EQ(http_get(srv.base_url() + "/healthz").status, 200);
}

TEST(SlowClientsE2e, RequestPipelinedBeforeAnOversizedOneIsStillAnswered) {
  temp_dir data("slow-pipelined");
  cutqueue_server srv(data.path());
  connection c(srv.port());
  ASSERT_TRUE(c.ok());
  // One write: a complete request, then the head of a 64 MiB upload.
  ASSERT_TRUE(c.send_all("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n" + gen_video_head(64u << 20)));
  bool closed = false;
  auto got = c.read_until(std::chrono::steady_clock::now() + 10s, closed, refused_body);
  auto ok_at = got.find("HTTP/1.1 200 ");
  auto refused_at = got.find("HTTP/1.1 413 ");
  ASSERT_NE(ok_at, std::string::npos) << got;
  ASSERT_NE(refused_at, std::string::npos) << got;
  EXPECT_LT(ok_at, refused_at) << got;
  EXPECT_NE(got.find(R"({"status":"ok"})"), std::string::npos) << got;
}

TEST(SlowClientsE2e, ClientThatUploadsEverythingFirstStillReadsThe413) {
  temp_dir data("slow-413-full");
  cutqueue_server srv(data.path());
  connection c(srv.port());
  ASSERT_TRUE(c.ok());
  // Most clients (Python's http.client, requests) send the whole body before reading: the
  // server must drain it rather than reset the connection under them.
  const std::string chunk(1 << 20, 'x');
  bool sent = c.send_all(gen_video_head(64u << 20));
  for (int i = 0; i < 64 && sent; ++i)
    sent = c.send_all(chunk);
  EXPECT_TRUE(sent) << "the server reset the connection during the upload";
  bool closed = false;
  auto got = c.read_until(std::chrono::steady_clock::now() + 10s, closed, refused_body);
  EXPECT_EQ(got.rfind("HTTP/1.1 413 ", 0), 0u) << got;
  EXPECT_NE(got.find(refused_body), std::string::npos) << got;
}

TEST(SlowClientsE2e, ChunkedBodyOverTheLimitIsRefusedAndSmallOnesPass) {
  temp_dir data("slow-chunked");
  cutqueue_server srv(data.path(), {"--max-body", "1k"});
  {
    connection c(srv.port());
    ASSERT_TRUE(c.ok());
    c.send_all(gen_video_head(0, "Transfer-Encoding: chunked") + "400\r\n" +
               std::string(1024, ' ') + "\r\n10\r\n" + std::string(16, ' ') + "\r\n");
    bool closed = false;
    auto got = c.read_until(std::chrono::steady_clock::now() + 10s, closed, refused_body);
    EXPECT_EQ(got.rfind("HTTP/1.1 413 ", 0), 0u) << got;
  }
  // Under the limit the request reaches the API and gets its contract answer.
  connection c(srv.port());
  ASSERT_TRUE(c.ok());
  std::string body = R"({"draft_url":"nope"})";
  char size[16];
  std::snprintf(size, sizeof size, "%zx", body.size());
  c.send_all(gen_video_head(0, "Transfer-Encoding: chunked") + size + "\r\n" + body +
             "\r\n0\r\n\r\n");
  bool closed = false;
  auto got = c.read_until(std::chrono::steady_clock::now() + 10s, closed, "}");
  EXPECT_EQ(got.rfind("HTTP/1.1 400 ", 0), 0u) << got;
  EXPECT_NE(got.find(R"({"detail":"Invalid draft_url format"})"), std::string::npos) << got;
}

/// How many connections this process and the server can both hold.
size_t idle_connection_budget(size_t wanted) {
  rlimit lim{};
  ::getrlimit(RLIMIT_NOFILE, &lim);
  lim.rlim_cur = lim.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &lim);
  ::getrlimit(RLIMIT_NOFILE, &lim);
  auto cap = lim.rlim_cur > 400 ? static_cast<size_t>(lim.rlim_cur) - 300 : 100;
  return std::min(wanted, cap);
}

TEST(SlowClientsE2e, SlowAndIdleClientsDoNotStarveOthersAndAreClosedOnTime) {
  temp_dir data("slow-loris");
  cutqueue_server srv(data.path(), {"--header-timeout", "2", "--keepalive-timeout", "3"});
  const size_t idle_count = idle_connection_budget(2000);
  std::vector<std::unique_ptr<connection>> idle;
  for (size_t i = 0; i < idle_count; ++i) {
    idle.push_back(std::make_unique<connection>(srv.port()));
    ASSERT_TRUE(idle.back()->ok()) << "connection " << i;
  }
  // Slowloris: heads that never end, one byte every 100 ms.
  constexpr int loris_count = 50;
  std::vector<std::unique_ptr<connection>> loris;
  for (int i = 0; i < loris_count; ++i) {
    loris.push_back(std::make_unique<connection>(srv.port()));
    ASSERT_TRUE(loris.back()->ok());
    loris.back()->send_all("GET /healthz HTTP/1.1\r\n");
  }
  // Both kinds must be gone well before the default 10 s: the flag is what closes them.
  const auto closed_by = std::chrono::steady_clock::now() + 8s;
  std::atomic<int> loris_cut{0};
  std::atomic<bool> stop{false};
  std::thread trickle([&] {
    std::vector<bool> cut(loris.size(), false);
    while (!stop && loris_cut < loris_count) {
      for (size_t i = 0; i < loris.size(); ++i)
        if (!cut[i] && !loris[i]->send_all("X")) {
          cut[i] = true;
          ++loris_cut;
        }
      std::this_thread::sleep_for(100ms);
    }
  });

  // Meanwhile everybody else is served promptly.
  for (int i = 0; i < 20; ++i) {
    auto r = http_request("GET", srv.base_url() + "/healthz", "", {}, 2s);
    EXPECT_EQ(r.status, 200) << "request " << i << " with " << idle_count
                             << " idle clients: " << r.error;
  }
  auto status = query(srv, "https://example.com/draft?draft_id=20260101slow");
  EXPECT_EQ(status.status, 404);

  // The header timeout closes both the trickling and the silent connections.
  EXPECT_TRUE(wait_until([&] { return loris_cut == loris_count; },
                         std::chrono::duration_cast<std::chrono::milliseconds>(
                             closed_by - std::chrono::steady_clock::now())))
      << loris_cut << " of " << loris_count << " slow clients cut off";
  stop = true;
  trickle.join();
  size_t closed_idle = 0;
  for (auto& c : idle) {
    bool closed = false;
    c->read_until(closed_by, closed);
    closed_idle += closed ? 1 : 0;
  }
  EXPECT_EQ(closed_idle, idle_count);
  EXPECT_EQ(http_get(srv.base_url() + "/healthz").status, 200);
}

TEST(SlowClientsE2e, BodyAndKeepAliveTimeoutsCloseTheirConnections) {
  temp_dir data("slow-timeouts");
  cutqueue_server srv(data.path(), {"--body-timeout", "2", "--keepalive-timeout", "3"});
  auto started = std::chrono::steady_clock::now();
  connection stalled(srv.port()), idle(srv.port());
  ASSERT_TRUE(stalled.ok() && idle.ok());
  // A body that stops after 10 of its 100 bytes.
  ASSERT_TRUE(stalled.send_all(gen_video_head(100) + std::string(10, ' ')));
  // A finished request, then nothing: an idle keep-alive connection.
  ASSERT_TRUE(idle.send_all("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n"));
  bool closed = false;
  auto got = idle.read_until(started + 5s, closed, R"({"status":"ok"})");
  ASSERT_NE(got.find("200"), std::string::npos) << got;
  EXPECT_FALSE(closed);
  // Still open shortly after its request, closed well before the defaults (30 s, 75 s).
  idle.read_until(started + 1500ms, closed);
  EXPECT_FALSE(closed) << "keep-alive connection closed too early";
  idle.read_until(started + 9s, closed);
  EXPECT_TRUE(closed) << "idle keep-alive connection still open";
  stalled.read_until(started + 9s, closed);
  EXPECT_TRUE(closed) << "stalled body still open";
}

} // namespace
} // namespace cutqueue::testing
