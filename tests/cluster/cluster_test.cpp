// A coordinator and worker nodes as separate processes on loopback (one of them, where root may,
// in a network namespace): exports spread over the workers, and a worker that is killed, frozen,
// cut off or refused, or a coordinator that restarts, costs a retry, never a task.
#include "tests/cluster/cluster_support.hpp"
#include "tests/cluster/netns_link.hpp"
#include "tests/support/drafts.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <chrono>
#include <csignal>
#include <fstream>
#include <iostream>
#include <netinet/in.h>
#include <optional>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace cutqueue::testing {
namespace {

using nlohmann::json;

constexpr const char* two_colors = "20261129000000cluster01";
constexpr const char* with_music = "20261129000000cluster02";
constexpr const char* with_photo = "20261129000000cluster03";

/// A file URL query that makes every download of a draft take a few seconds while reporting
/// steady progress: exports are reliably caught mid-way.
constexpr const char* slow = "rate=12000";

class Cluster : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    drafts_ = new temp_dir{"cqcluster-drafts"};
    ASSERT_TRUE(
        write_color_draft(drafts_->path(), two_colors, {{"red", 1.0, 440}, {"blue", 1.0, 880}}));
    draft_spec music;
    music.clips = {{"green", 1.5, 330}};
    music.music_seconds = 1.5;
    ASSERT_TRUE(write_draft(drafts_->path(), with_music, music));
    draft_spec photo;
    photo.clips = {{"yellow", 1.0, 550}};
    photo.photo = true;
    ASSERT_TRUE(write_draft(drafts_->path(), with_photo, photo));
  }
  static void TearDownTestSuite() {
    delete drafts_;
    drafts_ = nullptr;
  }

  std::vector<std::string> coordinator_args(std::vector<std::string> more = {}) {
    std::vector<std::string> args = {"--local-slots", "0"};
    args.insert(args.end(), fast_cluster_timing().begin(), fast_cluster_timing().end());
    args.insert(args.end(), more.begin(), more.end());
    return args;
  }

  /// `launcher`: what the worker's command line is appended to (`env PATH=...`).
  std::unique_ptr<worker_process> worker(const std::string& name,
                                         std::vector<std::string> more = {},
                                         std::vector<std::string> launcher = {}) {
    auto& dir = worker_dirs.emplace_back(std::make_unique<temp_dir>("cqcluster-worker"));
    std::vector<std::string> args = {"--slots", "1"};
    args.insert(args.end(), fast_cluster_timing().begin(), fast_cluster_timing().end());
    args.insert(args.end(), more.begin(), more.end());
    return std::make_unique<worker_process>(dir->path(), coord->join_address(), name, args,
                                            cluster_secret, std::move(launcher));
  }

  void start_coordinator(std::vector<std::string> more = {}) {
    coord = std::make_unique<coordinator_process>(data.path(), coordinator_args(std::move(more)));
  }

  bool wait_nodes(size_t n, std::chrono::milliseconds deadline = 20s) {
    return wait_until([&] { return coord->worker_nodes() == n; }, deadline, 100ms);
  }

  /// The video the coordinator serves for a completed task's status `j`.
  std::string video_of(const json& j) {
    auto r = http_request("GET", j.value("video_url", ""), {}, {}, 30s);
    EXPECT_EQ(r.status, 200) << j.dump();
    return r.body;
  }

  std::optional<media_info> probe_video(const std::string& body) {
    auto file = data.path() + "/check.mp4";
    {
      std::ofstream out(file, std::ios::binary);
      out << body;
    }
    return probe(file);
  }

  std::string diagnostics() {
    return "\n--- /healthz: " + coord->health().dump() + "\n--- coordinator log ---\n" +
           coord->log_text();
  }

  static temp_dir* drafts_;
  temp_dir data{"cqcluster-coordinator"};
  std::vector<std::unique_ptr<temp_dir>> worker_dirs;
  fixture_server drafts{{drafts_->path()}};
  std::unique_ptr<coordinator_process> coord;
};

temp_dir* Cluster::drafts_ = nullptr;

TEST_F(Cluster, TwoWorkersCompleteEveryTaskOfMixedDrafts) {
  // A small body limit: every video comes back in many chunks.
  start_coordinator({"--max-body", "4k"});
  auto a = worker("alpha");
  auto b = worker("beta");
  ASSERT_TRUE(wait_nodes(2)) << coord->health().dump() << diagnostics();
  auto h = coord->health();
  EXPECT_EQ(h["slots"]["free"], 2) << h.dump();
  EXPECT_EQ(h["slots"]["busy"], 0) << h.dump();

  std::vector<std::string> urls;
  for (auto id : {two_colors, with_music, with_photo})
    for (auto q : {"", "v=2"})
      urls.push_back(drafts.draft_url(id, q));
  for (auto& u : urls)
    ASSERT_EQ(coord->submit(u).status, 200);
  for (auto& u : urls) {
    auto j = coord->wait_terminal(u, 120s);
    ASSERT_EQ(j.value("status", ""), "completed") << j.dump() << diagnostics();
    EXPECT_EQ(j["progress"], 100);
  }
  // Both nodes worked, and the coordinator serves what they uploaded.
  EXPECT_GE(a->exports_started(), 1u);
  EXPECT_GE(b->exports_started(), 1u);
  auto j = coord->status(urls[0]);
  auto video = http_request("GET", j["video_url"].get<std::string>(), {}, {}, 30s);
  ASSERT_EQ(video.status, 200);
  auto file = data.path() + "/check.mp4";
  {
    std::ofstream out(file, std::ios::binary);
    out << video.body;
  }
  auto info = probe(file);
  ASSERT_TRUE(info);
  EXPECT_NEAR(info->duration, 2.0, 0.1);
  EXPECT_EQ(info->video_codec, "h264");
  auto count = json::parse(
      http_get(coord->base_url() + "/openapi/capcut-mate/v1/gen_video_active_count").body);
  EXPECT_EQ(count["count"], 0);
}

TEST_F(Cluster, AWorkerKilledMidExportCostsARetryNotATask) {
  start_coordinator();
  auto a = worker("alpha");
  // Alpha first: the slots of the node that joined first are dispatched to first.
  ASSERT_TRUE(wait_nodes(1)) << diagnostics();
  auto b = worker("beta", {"--slots", "3"}); // a free slot waits for alpha's task
  ASSERT_TRUE(wait_nodes(2)) << diagnostics();
  // As many tasks as slots: alpha surely gets one.
  std::vector<std::string> urls = {drafts.draft_url(two_colors, slow),
                                   drafts.draft_url(with_music, slow),
                                   drafts.draft_url(with_photo, slow)};
  for (auto& u : urls)
    ASSERT_EQ(coord->submit(u).status, 200);
  ASSERT_TRUE(wait_until([&] { return a->exports_started() >= 1; }, 20s)) << diagnostics();
  a->process().signal(SIGKILL);
  auto killed_at = std::chrono::steady_clock::now();
  ASSERT_TRUE(wait_until([&] { return coord->worker_nodes() == 1; }, 5s)) << diagnostics();
  // Re-dispatched to beta's free slot within about two seconds of the kill.
  ASSERT_TRUE(wait_until([&] { return b->exports_started() >= 3; }, 60s)) << diagnostics();
  auto redispatch = std::chrono::steady_clock::now() - killed_at;
  std::cout << "[ measure  ] killed worker -> task running elsewhere: "
            << std::chrono::duration_cast<std::chrono::milliseconds>(redispatch).count() << " ms\n";
  EXPECT_LT(redispatch, 2s); // the connection breaks at once: no heartbeat needed
  for (auto& u : urls) {
    auto j = coord->wait_terminal(u, 120s);
    EXPECT_EQ(j.value("status", ""), "completed") << j.dump() << diagnostics();
  }
  EXPECT_NE(coord->log_text().find("worker node alpha lost"), std::string::npos) << diagnostics();
}

TEST_F(Cluster, ARestartedWorkerKillsTheFfmpegItsKilledPredecessorLeftRunning) {
  slow_ffmpeg slowed;
  start_coordinator();
  auto alpha = worker("alpha", {}, {"env", "PATH=" + slowed.path_variable()});
  ASSERT_TRUE(wait_nodes(1)) << diagnostics();
  ASSERT_EQ(coord->submit(drafts.draft_url(two_colors)).status, 200);
  pid_t ffmpeg = 0;
  ASSERT_TRUE(
      wait_until([&] { return (ffmpeg = ffmpeg_using(alpha->data_dir() + "/work/")) != 0; }, 30s))
      << alpha->log_text() << diagnostics();
  alpha->process().signal(SIGKILL);
  ASSERT_TRUE(alpha->process().wait(10s));
  // Its own process group kept it out of the kill: this is the leftover to clean up.
  ASSERT_TRUE(process_alive(ffmpeg));
  alpha->start();
  EXPECT_TRUE(wait_until([&] { return !process_alive(ffmpeg); }, 10s)) << "pid " << ffmpeg;
  if (process_alive(ffmpeg))
    ::kill(ffmpeg, SIGKILL);
  EXPECT_TRUE(wait_until(
      [&] {
        return alpha->log_text().find("killed pid " + std::to_string(ffmpeg)) != std::string::npos;
      },
      5s))
      << alpha->log_text();
}

TEST_F(Cluster, AFrozenWorkersTaskIsRedispatchedAndItsLateResultIgnored) {
  start_coordinator();
  auto a = worker("alpha");
  ASSERT_TRUE(wait_nodes(1)) << diagnostics();
  auto url = drafts.draft_url(with_photo, slow);
  ASSERT_EQ(coord->submit(url).status, 200);
  ASSERT_TRUE(wait_until([&] { return a->exports_started() >= 1; }, 20s)) << diagnostics();
  a->process().signal(SIGSTOP);
  auto frozen_at = std::chrono::steady_clock::now();
  auto b = worker("beta");
  // Heartbeat timeout 3 s (fast_cluster_timing): the frozen node is lost, its task re-queued
  // and picked up by beta.
  ASSERT_TRUE(wait_until([&] { return b->exports_started() >= 1; }, 20s)) << diagnostics();
  auto redispatch = std::chrono::steady_clock::now() - frozen_at;
  std::cout << "[ measure  ] frozen worker -> task running elsewhere: "
            << std::chrono::duration_cast<std::chrono::milliseconds>(redispatch).count() << " ms\n";
  EXPECT_LT(redispatch, 15s);
  auto j = coord->wait_terminal(url, 120s);
  ASSERT_EQ(j.value("status", ""), "completed") << j.dump() << diagnostics();
  // The frozen worker wakes up: whatever it still sends for its old attempt changes nothing,
  // and it is used again once it has rejoined.
  a->process().signal(SIGCONT);
  ASSERT_TRUE(wait_nodes(2, 30s)) << diagnostics();
  auto again = coord->status(url);
  EXPECT_EQ(again["video_url"], j["video_url"]);
  EXPECT_EQ(again["completed_at"], j["completed_at"]);
  EXPECT_EQ(again["status"], "completed");
  if (std::getenv("CLUSTER_TEST_LOGS"))
    std::cout << diagnostics() << "\n--- alpha ---\n"
              << a->log_text() << "\n--- beta ---\n"
              << b->log_text();
}

TEST_F(Cluster, ALateSuccessfulUploadOfASupersededAttemptIsRefused) {
  // Alpha reaches the cluster port through a relay the test silences, and its own timeout is
  // long: once it wakes up it does not learn that the coordinator dropped it, so it finishes the
  // superseded export and uploads it (the upload goes straight to the coordinator's HTTP).
  start_coordinator();
  tcp_relay relay(coord->cluster_port());
  ASSERT_GT(relay.port(), 0);
  auto& dir = worker_dirs.emplace_back(std::make_unique<temp_dir>("cqcluster-worker"));
  worker_process alpha(dir->path(), relay.address(), "alpha",
                       {"--slots", "1", "--cluster-heartbeat", "1", "--cluster-timeout", "120"});
  auto alpha_log = [&] { return "\n--- alpha ---\n" + alpha.log_text(); };
  ASSERT_TRUE(wait_nodes(1)) << diagnostics() << alpha_log();
  auto url = drafts.draft_url(with_photo, slow);
  ASSERT_EQ(coord->submit(url).status, 200);
  ASSERT_TRUE(wait_until([&] { return alpha.exports_started() >= 1; }, 20s))
      << diagnostics() << alpha_log();
  relay.hold();
  alpha.process().signal(SIGSTOP);
  auto frozen_at = std::chrono::steady_clock::now();
  auto b = worker("beta");
  ASSERT_TRUE(wait_until([&] { return b->exports_started() >= 1; }, 30s)) << diagnostics();
  std::cout << "[ measure  ] frozen, silent worker -> task running elsewhere: "
            << std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - frozen_at)
                   .count()
            << " ms\n";
  auto j = coord->wait_terminal(url, 120s);
  ASSERT_EQ(j.value("status", ""), "completed") << j.dump() << diagnostics();
  auto video = video_of(j);
  auto info = probe_video(video);
  ASSERT_TRUE(info);
  EXPECT_NEAR(info->duration, 1.0, 0.1);

  alpha.process().signal(SIGCONT);
  ASSERT_TRUE(wait_until([&] { return alpha.uploads_refused() >= 1; }, 120s))
      << diagnostics() << alpha_log();
  EXPECT_EQ(alpha.uploads_accepted(), 0u) << alpha_log();
  EXPECT_EQ(b->uploads_accepted(), 1u) << b->log_text();
  auto after = coord->status(url);
  EXPECT_EQ(after["status"], "completed");
  EXPECT_EQ(after["video_url"], j["video_url"]);
  EXPECT_EQ(after["completed_at"], j["completed_at"]);
  EXPECT_TRUE(video_of(after) == video) << "the served video changed after the late upload";
  auto log = coord->log_text();
  EXPECT_NE(log.find("processing -> completed (attempt 2)"), std::string::npos) << diagnostics();
  EXPECT_EQ(log.find("(attempt 3)"), std::string::npos) << diagnostics();

  // The relayed connection breaks, as a healed link would show: alpha joins again.
  relay.sever();
  ASSERT_TRUE(wait_nodes(2, 30s)) << diagnostics() << alpha_log();
}

TEST_F(Cluster, AWorkerWithTheWrongSecretIsRefused) {
  start_coordinator({"--local-slots", "1"});
  auto& dir = worker_dirs.emplace_back(std::make_unique<temp_dir>("cqcluster-worker"));
  worker_process w(dir->path(), coord->join_address(), "intruder", {"--slots", "1"},
                   "not-the-cluster-secret-42");
  auto code = w.process().wait(20s);
  ASSERT_TRUE(code.has_value()) << w.log_text();
  EXPECT_EQ(*code, 3);
  EXPECT_NE(w.log_text().find("wrong cluster secret"), std::string::npos) << w.log_text();
  EXPECT_NE(coord->log_text().find("refused worker node intruder"), std::string::npos)
      << diagnostics();
  EXPECT_EQ(coord->worker_nodes(), 0u);
}

/// A plain TCP connection to `port` on loopback that sends nothing.
int silent_connection(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

/// Whether the other end closed `fd` (reads until end of stream or the deadline).
bool closed_by_peer(int fd, std::chrono::milliseconds deadline) {
  const auto end = std::chrono::steady_clock::now() + deadline;
  char buf[4096];
  while (std::chrono::steady_clock::now() < end) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0)
      continue;
    auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0)
      return true; // BASP's own greeting may come first: read past it
  }
  return false;
}

TEST_F(Cluster, AConnectionNoNodeJoinsOverIsClosedAndJoinedWorkersStay) {
  start_coordinator({"--local-slots", "0"});
  auto w = worker("member");
  ASSERT_TRUE(wait_nodes(1)) << diagnostics();
  const auto t0 = std::chrono::steady_clock::now();
  int idle = silent_connection(coord->cluster_port());
  ASSERT_GE(idle, 0);
  EXPECT_TRUE(closed_by_peer(idle, 20s)) << diagnostics();
  const double after = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ::close(idle);
  EXPECT_GE(after, 7.0) << "closed before the grace period";
  EXPECT_LE(after, 12.0);
  EXPECT_NE(coord->log_text().find("no node joined over it"), std::string::npos) << diagnostics();
  // The worker that joined kept its connection (past the grace period) and still renders.
  EXPECT_EQ(coord->worker_nodes(), 1u) << diagnostics();
  EXPECT_EQ(coord->log_text().find("worker node member lost"), std::string::npos) << diagnostics();
  const std::string url = drafts.draft_url(two_colors);
  ASSERT_EQ(coord->submit(url).status, 200);
  auto j = coord->wait_terminal(url, 60s);
  EXPECT_EQ(j["status"], "completed") << j.dump() << diagnostics();
}

TEST_F(Cluster, WorkersRejoinARestartedCoordinatorAndEveryTaskCompletes) {
  start_coordinator();
  auto a = worker("alpha");
  auto b = worker("beta");
  ASSERT_TRUE(wait_nodes(2)) << diagnostics();
  std::vector<std::string> urls = {drafts.draft_url(two_colors, slow),
                                   drafts.draft_url(with_music, slow),
                                   drafts.draft_url(with_photo, slow)};
  for (auto& u : urls)
    ASSERT_EQ(coord->submit(u).status, 200);
  ASSERT_TRUE(wait_until([&] { return a->exports_started() + b->exports_started() >= 2; }, 20s))
      << diagnostics();
  coord->kill();
  coord->start();
  ASSERT_TRUE(wait_nodes(2, 30s)) << diagnostics();
  for (auto& u : urls) {
    auto j = coord->wait_terminal(u, 120s);
    EXPECT_EQ(j.value("status", ""), "completed") << j.dump() << diagnostics();
  }
}

TEST_F(Cluster, AnExportWithoutProgressLosesItsLeaseAndIsRetried) {
  // Every file answer of this draft waits 4 s: no progress for longer than the 1 s lease while
  // the node itself stays healthy (as with a wedged FFmpeg). Each attempt is given up and
  // re-queued until the attempts are spent.
  start_coordinator({"--cluster-lease", "1", "--max-attempts", "2"});
  auto a = worker("alpha");
  ASSERT_TRUE(wait_nodes(1)) << diagnostics();
  auto url = drafts.draft_url(two_colors, "delay_ms=4000");
  ASSERT_EQ(coord->submit(url).status, 200);
  auto j = coord->wait_terminal(url, 60s);
  EXPECT_EQ(j.value("status", ""), "failed") << j.dump() << diagnostics();
  EXPECT_NE(j.value("error_message", "").find("interrupted"), std::string::npos) << j.dump();
  EXPECT_NE(coord->log_text().find("lease expired"), std::string::npos) << diagnostics();
  // The node stopped the given-up exports and its slot is free again.
  ASSERT_TRUE(wait_until([&] { return coord->health()["slots"]["free"] == 1; }, 15s))
      << diagnostics();
  EXPECT_EQ(coord->worker_nodes(), 1u);
}

TEST_F(Cluster, AFailedUploadCostsAnAttemptAndTheSlotStaysUsable) {
  // Workers upload to --public-url; here it names a server without the upload route, so every
  // upload is refused: each attempt is interrupted (not failed as a task), and the slot is
  // handed back each time.
  start_coordinator({"--max-attempts", "2", "--public-url", drafts.base_url()});
  auto a = worker("alpha");
  ASSERT_TRUE(wait_nodes(1)) << diagnostics();
  auto url = drafts.draft_url(two_colors);
  ASSERT_EQ(coord->submit(url).status, 200);
  auto j = coord->wait_terminal(url, 60s);
  EXPECT_EQ(j.value("status", ""), "failed") << j.dump() << diagnostics();
  EXPECT_NE(j.value("error_message", "").find("interrupted 2 times"), std::string::npos)
      << j.dump();
  EXPECT_EQ(a->exports_started(), 2u) << a->log_text();
  ASSERT_TRUE(wait_until([&] { return coord->health()["slots"]["free"] == 1; }, 10s))
      << diagnostics();
}

TEST_F(Cluster, CoordinatorAndWorkerStopCleanlyMidExport) {
  start_coordinator();
  auto a = worker("alpha");
  ASSERT_TRUE(wait_nodes(1)) << diagnostics();
  auto url = drafts.draft_url(two_colors, slow);
  ASSERT_EQ(coord->submit(url).status, 200);
  ASSERT_TRUE(wait_until([&] { return a->exports_started() >= 1; }, 20s)) << diagnostics();
  coord->process().signal(SIGTERM);
  auto code = coord->process().wait(15s);
  ASSERT_TRUE(code.has_value()) << diagnostics();
  EXPECT_EQ(*code, 0) << diagnostics();
  coord->start();
  auto j = coord->wait_terminal(url, 60s);
  EXPECT_EQ(j.value("status", ""), "completed") << j.dump() << diagnostics();
  a->process().signal(SIGTERM);
  auto worker_code = a->process().wait(15s);
  ASSERT_TRUE(worker_code.has_value()) << a->log_text();
  EXPECT_EQ(*worker_code, 0) << a->log_text();
}

TEST_F(Cluster, AWorkerWhoseLinkIsCutIsReplacedFencedAndUsedAgain) {
  // Two links into the namespace: the cluster link (BASP) and a data link (draft, media and
  // upload). Both are cut; healing the data link first lets the cut-off worker finish its
  // superseded export and upload it while the coordinator still cannot reach it over BASP.
  std::string why_not;
  bool permitted = true;
  auto ns = network_namespace::create(2, why_not, permitted);
  if (!ns) {
    if (!permitted)
      GTEST_SKIP() << why_not;
    FAIL() << why_not;
  }
  constexpr int cluster_link = 0, data_link = 1;
  fixture_server ns_drafts({drafts_->path()}, ns->host_address(data_link));
  ASSERT_GT(ns_drafts.port(), 0);
  coord = std::make_unique<coordinator_process>(
      data.path(), coordinator_args(),
      coordinator_hosts{ns->host_address(data_link), ns->host_address(cluster_link)});
  // Gamma's own timeout is long: a node on the far side of a cut may notice it late, and keeps
  // exporting meanwhile. The coordinator's 3 s decide.
  auto& dir = worker_dirs.emplace_back(std::make_unique<temp_dir>("cqcluster-worker"));
  worker_process gamma(dir->path(), coord->join_address(), "gamma",
                       {"--slots", "1", "--cluster-heartbeat", "1", "--cluster-timeout", "120"},
                       cluster_secret, ns->exec_prefix());
  auto gamma_log = [&] { return "\n--- gamma (in " + ns->name() + ") ---\n" + gamma.log_text(); };
  ASSERT_TRUE(wait_nodes(1)) << diagnostics() << gamma_log();
  // Delta joins the same host-side address over loopback. Gamma joined first, so it is
  // dispatched to first.
  auto delta = worker("delta");
  ASSERT_TRUE(wait_nodes(2)) << diagnostics();

  auto url = ns_drafts.draft_url(with_photo, slow);
  ASSERT_EQ(coord->submit(url).status, 200);
  ASSERT_TRUE(wait_until([&] { return gamma.exports_started() >= 1; }, 20s))
      << diagnostics() << gamma_log();
  ASSERT_EQ(ns->set_link(cluster_link, false), "");
  ASSERT_EQ(ns->set_link(data_link, false), "");
  auto cut_at = std::chrono::steady_clock::now();
  ASSERT_TRUE(wait_until([&] { return coord->worker_nodes() == 1; }, 30s))
      << diagnostics() << gamma_log();
  auto detected = std::chrono::steady_clock::now() - cut_at;
  ASSERT_TRUE(wait_until([&] { return delta->exports_started() >= 1; }, 30s)) << diagnostics();
  auto redispatched = std::chrono::steady_clock::now() - cut_at;
  auto ms = [](auto d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d).count(); };
  std::cout << "[ measure  ] cut link -> worker lost: " << ms(detected)
            << " ms; -> task running elsewhere: " << ms(redispatched) << " ms\n";
  EXPECT_LT(detected, 15s);
  EXPECT_NE(coord->log_text().find("worker node gamma lost"), std::string::npos) << diagnostics();

  auto j = coord->wait_terminal(url, 120s);
  ASSERT_EQ(j.value("status", ""), "completed") << j.dump() << diagnostics() << gamma_log();
  EXPECT_NE(coord->log_text().find("processing -> completed (attempt 2)"), std::string::npos)
      << diagnostics();
  auto video = video_of(j);
  auto info = probe_video(video);
  ASSERT_TRUE(info);
  EXPECT_NEAR(info->duration, 1.0, 0.1);
  EXPECT_EQ(info->video_codec, "h264");

  // Gamma finishes the superseded attempt and uploads it: refused, since the attempt's token
  // died with the attempt. The winning video stays.
  ASSERT_EQ(ns->set_link(data_link, true), "");
  ASSERT_TRUE(wait_until([&] { return gamma.uploads_refused() >= 1; }, 120s))
      << diagnostics() << gamma_log();
  EXPECT_EQ(gamma.uploads_accepted(), 0u) << gamma_log();
  auto after = coord->status(url);
  EXPECT_EQ(after["video_url"], j["video_url"]);
  EXPECT_EQ(after["completed_at"], j["completed_at"]);
  EXPECT_TRUE(video_of(after) == video) << "the served video changed after the late upload";

  // The cluster link comes back: gamma learns that the coordinator dropped it and joins again.
  // Two tasks for two single-slot nodes: one of them must run on gamma.
  ASSERT_EQ(ns->set_link(cluster_link, true), "");
  auto restored_at = std::chrono::steady_clock::now();
  ASSERT_TRUE(wait_nodes(2, 60s)) << diagnostics() << gamma_log();
  std::cout << "[ measure  ] link restored -> worker joined again: "
            << ms(std::chrono::steady_clock::now() - restored_at) << " ms\n";
  auto health = coord->health();
  bool listed = false;
  for (auto& node : health["nodes"])
    listed |= node.value("name", "") == "gamma";
  EXPECT_TRUE(listed) << health.dump();
  std::vector<std::string> more = {ns_drafts.draft_url(two_colors),
                                   ns_drafts.draft_url(with_music)};
  for (auto& u : more)
    ASSERT_EQ(coord->submit(u).status, 200);
  for (auto& u : more) {
    auto k = coord->wait_terminal(u, 120s);
    EXPECT_EQ(k.value("status", ""), "completed") << k.dump() << diagnostics() << gamma_log();
  }
  EXPECT_EQ(gamma.exports_started(), 2u) << gamma_log();
  EXPECT_EQ(gamma.uploads_accepted(), 1u) << gamma_log();
  if (std::getenv("CLUSTER_TEST_LOGS"))
    std::cout << diagnostics() << gamma_log() << "\n--- delta ---\n" << delta->log_text();
}

} // namespace
} // namespace cutqueue::testing
