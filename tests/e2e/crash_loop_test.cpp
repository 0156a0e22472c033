// The crash loop: tasks from mixed drafts are submitted while the server is killed with
// SIGKILL at random moments and restarted each time. Every task that got its 200 must end
// completed with a video that plays, created_at must never change, and progress must never go
// down within an attempt. Sizes come from the environment so `make test` runs a short loop and
// `make crash-test` a long one:
//   CUTQUEUE_CRASH_TASKS (24)  CUTQUEUE_CRASH_KILLS (4)  CUTQUEUE_CRASH_SEED (random; printed)
//   CUTQUEUE_CRASH_MAX_KILL_MS (2500): kill moments are uniform in [150 ms, this] after each start.
#include "tests/e2e/e2e_support.hpp"
#include "tests/e2e/task_watch.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <regex>
#include <thread>

namespace cutqueue::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using clock_type = std::chrono::steady_clock;

uint64_t env_number(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::strtoull(v, nullptr, 10) : fallback;
}

struct draft_kind {
  std::string draft_id;
  double seconds; ///< the draft's top-level duration: what the video must last
};

struct accepted_task {
  std::string draft_url;
  double seconds;
};

/// Counts the log lines matching `pattern` and the largest number its first group captured.
std::pair<size_t, long> count_lines(const std::string& log, const std::string& pattern) {
  std::regex re(pattern);
  size_t n = 0;
  long max = 0;
  for (std::sregex_iterator it(log.begin(), log.end(), re), end; it != end; ++it) {
    ++n;
    if (it->size() > 1)
      max = std::max(max, std::strtol((*it)[1].str().c_str(), nullptr, 10));
  }
  return {n, max};
}

/// Submits tasks one after the other with random gaps, retrying each until it gets its 200
/// (the server may be dead or starting at that moment), then records its created_at.
class submitter {
public:
  submitter(const cutqueue_server& srv, task_watch& watch, std::vector<accepted_task> plan,
            uint64_t seed)
      : srv_(srv), watch_(watch), plan_(std::move(plan)), rng_(seed) {}

  void run() {
    std::uniform_int_distribution<int> gap_ms(0, 200);
    for (const auto& task : plan_) {
      // The gap is part of the random schedule, not a synchronisation.
      std::this_thread::sleep_for(std::chrono::milliseconds(gap_ms(rng_)));
      if (stop_ || !submit_one(task))
        return;
    }
  }
  void stop() { stop_ = true; }
  std::vector<accepted_task> accepted() const {
    std::lock_guard<std::mutex> lk(mu_);
    return accepted_;
  }
  size_t retries() const { return retries_; }
  std::vector<std::string> errors() const {
    std::lock_guard<std::mutex> lk(mu_);
    return errors_;
  }

private:
  bool submit_one(const accepted_task& task) {
    auto body = json{{"draft_url", task.draft_url}}.dump();
    bool ok = wait_until(
        [&] {
          if (stop_)
            return true;
          auto r = http_request("POST", srv_.api("gen_video"), body,
                                {"Content-Type: application/json"}, 5s);
          if (r.status == 200)
            return true;
          ++retries_;
          // 0: killed or not listening yet; 503: recovery not finished. Anything else is a lie
          // about durability or a broken contract.
          if (r.status != 0 && r.status != 503)
            error("gen_video answered " + std::to_string(r.status) + " " + r.body);
          return false;
        },
        180s, 50ms);
    if (!ok || stop_) {
      if (!stop_)
        error("no 200 for " + task.draft_url + " within 180 s");
      return false;
    }
    json status;
    ok = wait_until(
        [&] {
          status = status_json(srv_, task.draft_url);
          return stop_ || (status.is_object() && status["created_at"].is_string());
        },
        180s, 50ms);
    if (!ok || stop_)
      return false;
    watch_.add(task.draft_url, status["created_at"].get<std::string>());
    watch_.observe(task.draft_url, status);
    std::lock_guard<std::mutex> lk(mu_);
    accepted_.push_back(task);
    return true;
  }
  void error(const std::string& what) {
    std::lock_guard<std::mutex> lk(mu_);
    errors_.push_back(what);
  }

  const cutqueue_server& srv_;
  task_watch& watch_;
  std::vector<accepted_task> plan_;
  std::mt19937_64 rng_;
  std::atomic<bool> stop_{false};
  std::atomic<size_t> retries_{0};
  mutable std::mutex mu_;
  std::vector<accepted_task> accepted_;
  std::vector<std::string> errors_;
};

/// Joins the submitter on every way out of the test, ASSERT included.
struct stop_and_join {
  submitter& sub;
  std::thread& thread;
  ~stop_and_join() {
    sub.stop();
    if (thread.joinable())
      thread.join();
  }
};

TEST(CrashLoop, EveryAcceptedTaskCompletesAcrossRandomKills) {
  const size_t task_count = env_number("CUTQUEUE_CRASH_TASKS", 24);
  const size_t kills = env_number("CUTQUEUE_CRASH_KILLS", 4);
  const uint64_t seed = env_number("CUTQUEUE_CRASH_SEED", std::random_device{}());
  const int max_kill_ms = static_cast<int>(env_number("CUTQUEUE_CRASH_MAX_KILL_MS", 2500));
  std::printf("[crash-loop] seed %llu (replay: CUTQUEUE_CRASH_SEED=%llu), %zu tasks, %zu kills\n",
              static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed),
              task_count, kills);
  std::fflush(stdout);

  // Small drafts mixed with larger ones (640x360, with music and a photo), so kills land in
  // every phase: fetch, download, render and publish.
  temp_dir hand{"cutqueue-crash-drafts"};
  ASSERT_TRUE(write_color_draft(hand.path(), "20261128000000crash0two",
                                {{"red", 1.0, 440}, {"blue", 0.5, 880}}));
  ASSERT_TRUE(
      write_color_draft(hand.path(), "20261128000000crash0thr",
                        {{"green", 0.7, 660}, {"yellow", 0.6, 550}, {"magenta", 0.9, 770}}));
  draft_spec big;
  big.clips = {{"red", 3.0, 440}, {"green", 3.0, 660}, {"blue", 3.0, 880}};
  big.width = 640;
  big.height = 360;
  big.music_seconds = 9.0;
  ASSERT_TRUE(write_draft(hand.path(), "20261128000000crash0big", big));
  draft_spec mixed;
  mixed.clips = {{"cyan", 4.0, 990}, {"yellow", 4.0, 550}};
  mixed.width = 640;
  mixed.height = 360;
  mixed.photo = true;
  ASSERT_TRUE(write_draft(hand.path(), "20261128000000crash0mix", mixed));
  const std::vector<draft_kind> kinds = {
      {"20261128000000crash0big", 9.0},
      {"20261128000000crash0two", 1.5},
      {"20261128000000crash0mix", 8.0},
      {"20261128000000crash0thr", 2.2},
  };
  fixture_server drafts{{hand.path()}};
  ASSERT_NE(drafts.port(), 0);
  std::vector<accepted_task> plan;
  for (size_t i = 0; i < task_count; ++i) {
    const auto& kind = kinds[i % kinds.size()];
    // One task per draft_url, so every task gets a URL of its own.
    plan.push_back(
        {drafts.draft_url(kind.draft_id, "crash_task=" + std::to_string(i)), kind.seconds});
  }

  temp_dir data{"cutqueue-crash"};
  // Each kill may interrupt the same task once more; none may fail for it.
  cutqueue_server srv{
      data.path(), {"--max-concurrent-exports", "2", "--max-attempts", std::to_string(kills + 2)}};
  const auto t0 = clock_type::now();
  task_watch watch{srv};
  submitter sub{srv, watch, plan, seed ^ 0x5eedf00dULL};
  std::thread sub_thread([&] { sub.run(); });
  stop_and_join join_guard{sub, sub_thread};

  std::mt19937_64 kill_rng(seed);
  std::uniform_int_distribution<int> kill_after_ms(150, std::max(150, max_kill_ms));
  for (size_t k = 1; k <= kills; ++k) {
    // Measured from the launch, so a kill can also land during start-up and recovery.
    std::this_thread::sleep_for(std::chrono::milliseconds(kill_after_ms(kill_rng)));
    srv.process().signal(SIGKILL);
    ASSERT_TRUE(srv.process().wait(10s)) << "kill " << k << ": the server did not die";
    srv.restart(/*wait_healthy=*/false);
  }
  ASSERT_TRUE(wait_until(
      [&] { return http_request("GET", srv.base_url() + "/healthz", {}, {}, 2s).status == 200; },
      60s, 50ms))
      << "not healthy after the last restart; log:\n"
      << srv.log_text();
  sub_thread.join();
  for (const auto& e : sub.errors())
    ADD_FAILURE() << e;
  const auto accepted = sub.accepted();
  ASSERT_EQ(accepted.size(), plan.size()) << "some tasks never got their 200";

  // Generous: a loaded 2-core machine renders the big drafts slowly.
  const auto deadline = clock_type::now() + 60s + 8s * accepted.size();
  size_t completed = 0, failed = 0, lost = 0;
  std::vector<std::pair<accepted_task, std::string>> videos;
  for (const auto& task : accepted) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now());
    auto j = wait_terminal(srv, task.draft_url, std::max(left, std::chrono::milliseconds(1000)));
    if (!j.is_object()) {
      ++lost;
      ADD_FAILURE() << "lost: " << task.draft_url;
      continue;
    }
    watch.observe(task.draft_url, j);
    if (j["status"] == "completed") {
      ++completed;
      videos.emplace_back(task, j["video_url"].get<std::string>());
    } else {
      ++failed;
      ADD_FAILURE() << "not completed: " << j.dump();
    }
  }
  const auto wall = std::chrono::duration<double>(clock_type::now() - t0).count();
  watch.stop();

  const std::string log = srv.log_text();
  auto [attempts, max_attempt] = count_lines(log, R"(-> processing \(attempt (\d+)\))");
  const size_t interrupted = count_lines(log, R"(interrupted attempt (\d+))").first;
  std::printf("[crash-loop] tasks %zu accepted %zu completed %zu failed %zu lost %zu | kills %zu "
              "| attempts started %zu (interrupted %zu, highest attempt %ld, seen running %zu) | "
              "submit retries %zu | status samples %zu | wall %.1f s\n",
              plan.size(), accepted.size(), completed, failed, lost, kills, attempts, interrupted,
              max_attempt, watch.attempts_seen(), sub.retries(), watch.samples(), wall);
  std::fflush(stdout);
  for (const auto& v : watch.violations())
    ADD_FAILURE() << v;
  EXPECT_EQ(completed, accepted.size());

  // Nothing half-written is left once everything is published.
  for (const auto& entry : fs::directory_iterator(data.path() + "/outputs"))
    EXPECT_EQ(entry.path().extension(), ".mp4") << "leftover " << entry.path();

  // Every video_url plays, for as long as its draft says.
  const auto verify_start = clock_type::now();
  temp_dir scratch{"cutqueue-crash-out"};
  for (const auto& [task, url] : videos) {
    auto file = download(url, scratch.path());
    ASSERT_FALSE(file.empty()) << "cannot download " << url;
    auto info = probe(file);
    ASSERT_TRUE(info) << "ffprobe cannot read " << url;
    EXPECT_NEAR(info->duration, task.seconds, 0.2) << url << " for " << task.draft_url;
    EXPECT_EQ(info->video_codec, "h264") << url;
  }
  std::printf("[crash-loop] %zu videos downloaded and probed in %.1f s\n", videos.size(),
              std::chrono::duration<double>(clock_type::now() - verify_start).count());
}

} // namespace
} // namespace cutqueue::testing
