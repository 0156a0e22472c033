// /outputs/ on the real binary: HEAD, validators and conditional GETs, whole open-ended ranges,
// answers kept in order around a download on one connection, downloads that outlive the
// keep-alive timeout, and many slow downloads that neither grow the server's memory nor hold up
// status requests.
#include "tests/e2e/e2e_support.hpp"
#include "tests/support/raw_connection.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <poll.h>
#include <sys/socket.h>
#include <thread>

namespace cutqueue::testing {
namespace {

using clock_type = std::chrono::steady_clock;

/// Resident memory of `pid` in KiB (VmRSS), -1 when unreadable.
long rss_kib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0)
      return std::strtol(line.c_str() + 6, nullptr, 10);
  return -1;
}

std::string pattern(size_t n) {
  std::string s(n, '\0');
  for (size_t i = 0; i < n; ++i)
    s[i] = static_cast<char>((i * 7919) >> 8);
  return s;
}

class OutputsE2e : public ::testing::Test {
protected:
  void SetUp() override { ASSERT_NE(srv.port(), 0); }

  /// Publishes `content` as outputs/<name>, as the exporter would (the folder is served as is).
  void publish(const std::string& name, const std::string& content) {
    std::ofstream(data.path() + "/outputs/" + name, std::ios::binary) << content;
  }
  std::string url(const std::string& name) const { return srv.base_url() + "/outputs/" + name; }

  temp_dir data{"cutqueue-outputs-e2e"};
  cutqueue_server srv{data.path(), {"--keepalive-timeout", "2"}};
};

TEST_F(OutputsE2e, HeadAnswersWithTheLengthAndNoBody) {
  publish("a.mp4", pattern(5000));
  raw_connection c(srv.port());
  auto head = c.exchange("HEAD /outputs/a.mp4 HTTP/1.1\r\nHost: x\r\n\r\n", 5s);
  EXPECT_EQ(raw_status(head), 200) << head;
  EXPECT_NE(head.find("Content-Length: 5000\r\n"), std::string::npos) << head;
  EXPECT_EQ(head.substr(head.find("\r\n\r\n") + 4), "") << "a HEAD answer has no body";
  // The connection goes on cleanly: no stray body bytes ahead of the next answer.
  auto get = c.exchange("GET /outputs/a.mp4 HTTP/1.1\r\nHost: x\r\n\r\n", 5s);
  EXPECT_EQ(raw_status(get), 200) << get;
  EXPECT_EQ(get.substr(get.find("\r\n\r\n") + 4), pattern(5000));
  auto missing = c.exchange("HEAD /outputs/none.mp4 HTTP/1.1\r\nHost: x\r\n\r\n", 5s);
  EXPECT_EQ(raw_status(missing), 404) << missing;
}

TEST_F(OutputsE2e, ConditionalGetsAnswer304AndOutputsAreCacheable) {
  publish("c.mp4", pattern(2000));
  auto first = http_get(url("c.mp4"));
  ASSERT_EQ(first.status, 200);
  auto etag = first.headers["etag"];
  auto last_modified = first.headers["last-modified"];
  ASSERT_FALSE(etag.empty());
  ASSERT_FALSE(last_modified.empty());
  EXPECT_EQ(first.headers["cache-control"], "public, max-age=604800, immutable");
  auto by_tag = http_get(url("c.mp4"), {"If-None-Match: " + etag});
  EXPECT_EQ(by_tag.status, 304);
  EXPECT_TRUE(by_tag.body.empty());
  EXPECT_EQ(by_tag.headers["etag"], etag);
  EXPECT_EQ(http_get(url("c.mp4"), {"If-Modified-Since: " + last_modified}).status, 304);
  EXPECT_EQ(http_get(url("c.mp4"), {"If-None-Match: \"stale\""}).status, 200);
  // A new file under the name (never done by cutqueue, which names each export anew) has a new
  // tag: a cache revalidating gets it, not a 304.
  std::filesystem::remove(data.path() + "/outputs/c.mp4");
  publish("c.mp4", pattern(2001));
  EXPECT_EQ(http_get(url("c.mp4"), {"If-None-Match: " + etag}).status, 200);
}

TEST_F(OutputsE2e, OpenEndedRangesAreServedWholeAndIfRangeGuardsThem) {
  const auto content = pattern(20 << 20);
  publish("big.mp4", content);
  auto tail = http_request("GET", url("big.mp4"), {}, {"Range: bytes=1000-"}, 60s);
  EXPECT_EQ(tail.status, 206);
  EXPECT_EQ(tail.headers["content-range"], "bytes 1000-" + std::to_string(content.size() - 1) +
                                               "/" + std::to_string(content.size()));
  EXPECT_TRUE(tail.body == content.substr(1000)) << "got " << tail.body.size() << " bytes";
  auto etag = http_get(url("big.mp4"), {"Range: bytes=0-0"}).headers["etag"];
  EXPECT_EQ(http_get(url("big.mp4"), {"Range: bytes=0-9", "If-Range: " + etag}).status, 206);
  auto other =
      http_request("GET", url("big.mp4"), {}, {"Range: bytes=0-9", "If-Range: \"old\""}, 60s);
  EXPECT_EQ(other.status, 200);
  EXPECT_EQ(other.body.size(), content.size());
}

TEST_F(OutputsE2e, AnswersStayInOrderAroundADownloadOnOneConnection) {
  publish("p.mp4", pattern(300000));
  const std::string status_body = R"({"draft_url":"http://a/b?draft_id=1"})";
  // An answer still with the actors when the download is asked for comes first ...
  raw_connection before(srv.port());
  ASSERT_TRUE(before.send_all(
      "POST /openapi/capcut-mate/v1/gen_video_status HTTP/1.1\r\nHost: x\r\nContent-Type: "
      "application/json\r\nContent-Length: " +
      std::to_string(status_body.size()) + "\r\n\r\n" + status_body +
      "GET /outputs/p.mp4 HTTP/1.1\r\nHost: x\r\n\r\n"));
  bool closed = false;
  auto got = before.read_until(clock_type::now() + 10s, closed, pattern(300000));
  ASSERT_EQ(raw_status(got), 404) << got.substr(0, 300);
  auto second = got.find("HTTP/1.1 200 OK");
  ASSERT_NE(second, std::string::npos);
  EXPECT_LT(got.find("Video generation task not found"), second);
  EXPECT_EQ(got.substr(got.find("\r\n\r\n", second) + 4), pattern(300000));
  // ... and a request pipelined behind a download is not mixed into its body: the download
  // ends whole, then the connection closes and the client sends that request again.
  raw_connection after(srv.port());
  ASSERT_TRUE(after.send_all("GET /outputs/p.mp4 HTTP/1.1\r\nHost: x\r\n\r\n"
                             "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto whole = after.read_until(clock_type::now() + 10s, closed);
  EXPECT_TRUE(closed);
  ASSERT_EQ(raw_status(whole), 200);
  EXPECT_EQ(whole.substr(whole.find("\r\n\r\n") + 4), pattern(300000));
}

TEST_F(OutputsE2e, ADownloadOutlivesTheKeepAliveTimeout) {
  // Read in small steps for about 4 s, twice --keepalive-timeout: the download belongs to the
  // streamer, not to the idle-connection timer.
  const auto content = pattern(4 << 20);
  publish("slow.mp4", content);
  raw_connection c(srv.port());
  ASSERT_TRUE(c.send_all("GET /outputs/slow.mp4 HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string got;
  char buf[32 * 1024];
  const auto deadline = clock_type::now() + 60s;
  while (clock_type::now() < deadline) {
    auto n = ::recv(c.fd(), buf, sizeof buf, 0);
    if (n <= 0)
      break;
    got.append(buf, static_cast<size_t>(n));
    auto body_at = got.find("\r\n\r\n");
    if (body_at != std::string::npos && got.size() - body_at - 4 >= content.size())
      break;
    std::this_thread::sleep_for(30ms); // a slow client, not a wait for a condition
  }
  ASSERT_NE(got.find("\r\n\r\n"), std::string::npos);
  EXPECT_TRUE(got.substr(got.find("\r\n\r\n") + 4) == content);
}

TEST_F(OutputsE2e, ManyStalledDownloadsNeitherGrowMemoryNorHoldUpStatus) {
  publish("m.mp4", pattern(64 << 20));
  const long before = rss_kib(srv.process().pid());
  ASSERT_GT(before, 0);
  // 20 clients ask for open-ended ranges and do not read: their sockets fill and stay full.
  std::vector<std::unique_ptr<raw_connection>> clients;
  for (int i = 0; i < 20; ++i) {
    clients.push_back(std::make_unique<raw_connection>(srv.port()));
    ASSERT_TRUE(clients.back()->send_all("GET /outputs/m.mp4 HTTP/1.1\r\nHost: x\r\nRange: bytes=" +
                                         std::to_string(i * 4096) + "-\r\n\r\n"));
  }
  // Every one has its answer started.
  for (auto& c : clients) {
    pollfd p{c->fd(), POLLIN, 0};
    ASSERT_EQ(::poll(&p, 1, 10000), 1);
  }
  const long during = rss_kib(srv.process().pid());
  // Answering from memory took 8 MiB (twice) per such request; the streamer takes none.
  EXPECT_LT(during - before, 32 * 1024) << "RSS " << before << " -> " << during << " KiB";
  // Other connections are answered meanwhile, each promptly.
  std::chrono::milliseconds worst{0};
  for (int i = 0; i < 20; ++i) {
    auto t0 = clock_type::now();
    auto r = query(srv, "http://a/b?draft_id=" + std::to_string(i));
    worst = std::max(worst,
                     std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - t0));
    EXPECT_EQ(r.status, 404);
  }
  EXPECT_LT(worst, 2s);
  std::printf("[outputs] RSS %ld -> %ld KiB with 20 stalled downloads; slowest status %lld ms\n",
              before, during, static_cast<long long>(worst.count()));
}

} // namespace
} // namespace cutqueue::testing
