#include "tests/e2e/task_watch.hpp"

#include <nlohmann/json.hpp>

namespace cutqueue::testing {

using nlohmann::json;

namespace {

/// Short timeout: a killed server refuses at once, and a hung one must not stall the watch.
json poll_status(const cutqueue_server& srv, const std::string& draft_url) {
  auto r = http_request("POST", srv.api("gen_video_status"), json{{"draft_url", draft_url}}.dump(),
                        {"Content-Type: application/json"}, 3s);
  if (r.status != 200)
    return nullptr;
  auto j = json::parse(r.body, nullptr, false);
  return j.is_discarded() ? json{} : j;
}

std::string text(const json& body, const char* field) {
  auto it = body.find(field);
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

} // namespace

task_watch::task_watch(const cutqueue_server& srv) : srv_(srv) {
  thread_ = std::thread([this] { run(); });
}

task_watch::~task_watch() {
  stop();
}

void task_watch::stop() {
  stop_ = true;
  if (thread_.joinable())
    thread_.join();
}

void task_watch::add(const std::string& draft_url, const std::string& created_at) {
  std::lock_guard<std::mutex> lk(mu_);
  auto [it, fresh] = tasks_.emplace(draft_url, seen{});
  it->second.created_at = created_at;
  if (fresh)
    order_.push_back(draft_url);
}

void task_watch::run() {
  while (!stop_) {
    std::vector<std::string> urls;
    {
      std::lock_guard<std::mutex> lk(mu_);
      urls = order_;
    }
    for (const auto& url : urls) {
      if (stop_)
        return;
      auto body = poll_status(srv_, url);
      if (body.is_object())
        observe(url, body);
    }
    // A pause between rounds keeps the watch from taking the CPU the exports need; it only
    // sets how often tasks are sampled and synchronises nothing.
    std::this_thread::sleep_for(100ms);
  }
}

void task_watch::violation(const std::string& url, const std::string& what, const json& body) {
  violations_.push_back(url + ": " + what + " (" + body.dump() + ")");
}

void task_watch::observe(const std::string& url, const json& body) {
  std::lock_guard<std::mutex> lk(mu_);
  auto it = tasks_.find(url);
  if (it == tasks_.end())
    return;
  seen& t = it->second;
  ++samples_;
  const std::string status = text(body, "status");
  const int progress = body.value("progress", -1);
  if (text(body, "created_at") != t.created_at)
    violation(url, "created_at changed from " + t.created_at, body);
  if (progress < 0 || progress > 100)
    violation(url, "progress out of 0..100", body);
  if (!t.completed.is_null()) {
    // Never resubmitted after its 200, so a completed task has nowhere else to go.
    if (body != t.completed)
      violation(url, "completed task changed to " + status + "; was " + t.completed.dump(), body);
    return;
  }
  if (status == "failed") {
    violation(url, "task failed: " + text(body, "error_message"), body);
  } else if (status == "pending") {
    if (progress != 0)
      violation(url, "pending with progress != 0", body);
  } else if (status == "processing" || status == "completed") {
    const std::string started = text(body, "started_at");
    if (started.empty()) {
      violation(url, status + " without started_at", body);
    } else if (started != t.started_at) {
      // A new started_at is a new attempt: progress starts over.
      t.started_at = started;
      t.progress = progress;
      ++t.attempts;
    } else if (progress < t.progress) {
      violation(url, "progress went down from " + std::to_string(t.progress) + " in one attempt",
                body);
    } else {
      t.progress = progress;
    }
    if (status == "completed") {
      if (progress != 100 || text(body, "video_url").empty())
        violation(url, "completed without progress 100 and a video_url", body);
      t.completed = body;
    }
  } else {
    violation(url, "unknown status", body);
  }
}

std::vector<std::string> task_watch::violations() const {
  std::lock_guard<std::mutex> lk(mu_);
  return violations_;
}

size_t task_watch::attempts_seen() const {
  std::lock_guard<std::mutex> lk(mu_);
  size_t n = 0;
  for (const auto& [url, t] : tasks_)
    n += t.attempts;
  return n;
}

size_t task_watch::samples() const {
  std::lock_guard<std::mutex> lk(mu_);
  return samples_;
}

} // namespace cutqueue::testing
