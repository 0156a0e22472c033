#include "tests/conformance/export_session.hpp"

#include "tests/conformance/draft_catalogue.hpp"
#include "tests/support/test_files.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace cutqueue::conformance {

namespace {

using namespace std::chrono_literals;
using clock = std::chrono::steady_clock;

/// scale_2min alone takes minutes on a loaded two-core machine; nothing legitimate takes this.
constexpr auto export_deadline = 20min;
constexpr auto poll_interval = 150ms;

export_session* g_session = nullptr;

/// The drafts of the value-parameterised tests that will run in this process (their parameter
/// is the draft name), longest first.
std::vector<std::string> selected_drafts(const std::string& fixtures) {
  std::vector<std::string> names;
  auto* unit = ::testing::UnitTest::GetInstance();
  for (int i = 0; i < unit->total_test_suite_count(); ++i) {
    const auto* suite = unit->GetTestSuite(i);
    for (int j = 0; j < suite->total_test_count(); ++j) {
      const auto* info = suite->GetTestInfo(j);
      std::string name = info->name();
      auto slash = name.rfind('/');
      if (!info->should_run() || slash == std::string::npos)
        continue;
      auto draft = name.substr(slash + 1);
      if (is_fixture_draft(draft) && std::find(names.begin(), names.end(), draft) == names.end())
        names.push_back(draft);
    }
  }
  std::stable_sort(names.begin(), names.end(), [&](const auto& a, const auto& b) {
    return draft_duration_us(fixtures, a) > draft_duration_us(fixtures, b);
  });
  return names;
}

double since(clock::time_point t) {
  return std::chrono::duration<double>(clock::now() - t).count();
}

/// Ends the session after the last test, whichever test started it.
class session_environment : public ::testing::Environment {
public:
  void TearDown() override { export_session::shutdown(); }
};

[[maybe_unused]] auto* const g_environment =
    ::testing::AddGlobalTestEnvironment(new session_environment);

/// An operator's resource folder as the fixtures need it: a sticker picture (a magenta square
/// with a yellow border) for every sticker any fixture draft names, since Jianying's own files
/// cannot be shipped. Returns the folder, or "" when a picture could not be made.
std::string make_resource_folder(const std::string& fixtures, const std::string& dir) {
  namespace fs = std::filesystem;
  const fs::path stickers = fs::path(dir) / "stickers";
  fs::create_directories(stickers);
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fixtures, ec)) {
    std::ifstream in(entry.path() / "draft_content.json");
    if (!in)
      continue;
    const auto doc = nlohmann::json::parse(in, nullptr, false);
    if (!doc.is_object() || !doc.contains("materials") || !doc["materials"].contains("stickers") ||
        !doc["materials"]["stickers"].is_array())
      continue;
    for (const auto& st : doc["materials"]["stickers"]) {
      const std::string id = st.value("resource_id", st.value("sticker_id", std::string()));
      if (id.empty() || fs::exists(stickers / (id + ".png")))
        continue;
      if (!test::ffmpeg({"-f", "lavfi", "-i", "color=c=magenta:s=96x96,drawbox=c=yellow:t=8",
                         "-frames:v", "1", (stickers / (id + ".png")).string()}))
        return "";
    }
  }
  return dir;
}

} // namespace

export_session& export_session::instance(const std::string& fixtures) {
  if (!g_session)
    g_session = new export_session(fixtures);
  return *g_session;
}

void export_session::shutdown() {
  delete g_session;
  g_session = nullptr;
}

export_session::export_session(std::string fixtures)
    : fixtures_(std::move(fixtures)), started_(clock::now()) {
  data_ = std::make_unique<testing::temp_dir>("cutqueue-conformance");
  out_ = std::make_unique<testing::temp_dir>("cutqueue-conformance-out");
  drafts_ = std::make_unique<testing::fixture_server>(std::vector<std::string>{fixtures_});
  const std::string resources = make_resource_folder(fixtures_, out_->path() + "/resources");
  server_ = std::make_unique<testing::cutqueue_server>(
      data_->path(),
      std::vector<std::string>{"--max-concurrent-exports", "2", "--resource-dir", resources});
  if (drafts_->port() == 0)
    broken_ = "the fixture server did not start";
  else if (!server_->process().running())
    broken_ = "cutqueue serve did not start (see the failure above)";
  if (!broken_.empty())
    return;
  {
    std::lock_guard lock(mu_);
    for (const auto& d : selected_drafts(fixtures_))
      submit_locked(d);
  }
  poller_ = std::thread([this] { poll_loop(); });
}

export_session::~export_session() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (poller_.joinable())
    poller_.join();
  std::cout << "[ exports  ] session " << since(started_) << " s wall;";
  for (const auto& [name, t] : tasks_)
    std::cout << " " << name << " " << (t.done ? t.result.status : "unfinished") << " "
              << t.result.seconds << " s;";
  std::cout << "\n";
  // Debugging aid, as in the render tests: keep the MP4s.
  if (const char* keep = std::getenv("CUTQUEUE_KEEP_RENDERS")) {
    for (const auto& [name, t] : tasks_) {
      std::error_code ec;
      if (!t.result.file.empty())
        std::filesystem::copy_file(t.result.file, std::string(keep) + "/" + name + ".mp4",
                                   std::filesystem::copy_options::overwrite_existing, ec);
    }
  }
}

void export_session::submit_locked(const std::string& draft) {
  if (tasks_.count(draft))
    return;
  task& t = tasks_[draft];
  t.submitted = clock::now();
  auto id = draft_id_of(fixtures_, draft);
  if (id.empty()) {
    t.done = true;
    t.result.problem = "no draft id in " + draft + "/get_draft.json";
    return;
  }
  t.draft_url = drafts_->draft_url(id);
  auto r = testing::post_json(server_->api("gen_video"),
                              nlohmann::json{{"draft_url", t.draft_url}}.dump());
  if (r.status != 200) {
    t.done = true;
    t.result.problem = "gen_video answered " + std::to_string(r.status) + ": " + r.body + r.error;
  }
}

bool export_session::poll_one(const std::string& draft, task& t) {
  if (!server_->process().running()) {
    // No answer is coming: say why now instead of at the deadline.
    auto log = server_->log_text();
    t.result.problem = "cutqueue serve exited; the end of its log:\n" +
                       (log.size() > 3000 ? log.substr(log.size() - 3000) : log);
    return true;
  }
  if (since(t.submitted) > std::chrono::duration<double>(export_deadline).count()) {
    t.result.problem = "still " + (t.result.status.empty() ? "unfinished" : t.result.status) +
                       " after " + std::to_string(export_deadline.count()) + " min";
    t.result.status.clear();
    return true;
  }
  auto r = testing::post_json(server_->api("gen_video_status"),
                              nlohmann::json{{"draft_url", t.draft_url}}.dump());
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (r.status != 200 || !j.is_object())
    return false; // transient: asked again on the next round, until the deadline
  if (j.contains("progress") && j["progress"].is_number()) {
    int p = j["progress"].get<int>();
    if (t.result.progress.empty() || t.result.progress.back() != p)
      t.result.progress.push_back(p);
  }
  auto status = j.value("status", "");
  if (status != "completed" && status != "failed")
    return false;
  t.result.status = status;
  t.result.seconds = since(t.submitted);
  if (status == "failed") {
    t.result.problem = "export failed: " + j.value("error_message", "");
    return true;
  }
  auto video = testing::http_request("GET", j.value("video_url", ""), {}, {}, 120s);
  if (video.status != 200) {
    t.result.problem = "downloading " + j.value("video_url", "") + " answered " +
                       std::to_string(video.status) + " " + video.error;
    return true;
  }
  auto path = out_->path() + "/" + draft + ".mp4";
  std::ofstream(path, std::ios::binary) << video.body;
  t.result.file = path;
  return true;
}

void export_session::poll_loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    for (auto& [name, t] : tasks_) {
      if (t.done)
        continue;
      // The HTTP round trips run unlocked; only this thread touches an unfinished task's result.
      lock.unlock();
      bool ended = poll_one(name, t);
      lock.lock();
      if (ended) {
        t.done = true;
        changed_.notify_all();
      }
    }
    changed_.wait_for(lock, poll_interval, [this] { return stopping_; });
  }
}

export_result export_session::wait(const std::string& draft) {
  if (!broken_.empty())
    return export_result{"", broken_, "", {}, 0};
  std::unique_lock lock(mu_);
  submit_locked(draft);
  changed_.wait(lock, [&] { return tasks_[draft].done || stopping_; });
  return tasks_[draft].result;
}

} // namespace cutqueue::conformance
