#include "fetch/draft_fetcher.hpp"

#include "common/log.hpp"
#include "common/url.hpp"
#include "draft/get_draft_answer.hpp"
#include "draft/paths.hpp"
#include "fetch/download_cache.hpp"
#include "fetch/fetch_common.hpp"
#include "fetch/http_download.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <vector>

namespace cutqueue::fetch {

using draft::file_url_relative_path;
using draft::get_draft_listing;
using draft::parse_get_draft;

namespace {

namespace fs = std::filesystem;
using namespace detail;

/// get_draft answers are a few KiB; anything this large is not one.
constexpr int64_t max_get_draft_bytes = 16 << 20;

/// Upstream's "dual file" save: a copy of draft_content.json that nothing reads. Skipped like
/// capcut-mate's own downloader does, which halves the download of long drafts.
constexpr std::string_view draft_info_file = "draft_info.json";
constexpr std::string_view draft_content_file = "draft_content.json";

struct file_job {
  std::string url;   ///< absolute
  std::string local; ///< dest_dir/<relative path>
  /// Media (assets/...) go through the download cache. The files at the top of the draft
  /// folder describe the draft and change in place, often keeping their size, so they are
  /// always downloaded.
  bool cacheable = false;
};

/// Turns listed URLs into download jobs below dest_dir; refuses any that would escape it.
std::optional<fetch_outcome> plan_jobs(const get_draft_listing& list, const std::string& draft_url,
                                       const std::string& draft_id, const std::string& dest_dir,
                                       std::vector<file_job>& jobs) {
  std::set<std::string> seen;
  bool has_content = false;
  for (const auto& listed : list.urls) {
    auto absolute = url::resolve(draft_url, listed);
    if (!absolute || !url::parse(*absolute))
      return inaccessible(listed, "invalid URL");
    auto rel = file_url_relative_path(*absolute, draft_id);
    if (!rel)
      return inaccessible(*absolute, "unsafe path");
    if (*rel == draft_info_file || !seen.insert(*rel).second)
      continue;
    has_content = has_content || *rel == draft_content_file;
    jobs.push_back(
        {*absolute, (fs::path(dest_dir) / *rel).string(), fs::path(*rel).has_parent_path()});
  }
  // Without its description there is no draft, whatever else was listed.
  if (!has_content)
    return failed("Draft does not exist");
  return std::nullopt;
}

/// Byte progress over all files. Sizes arrive one Content-Length at a time, so files whose size
/// is still unknown count as the average known size; the reported value never goes down.
class byte_progress {
public:
  byte_progress(size_t files, const std::function<void(double)>& report)
      : received_(files, 0), expected_(files, 0), report_(report) {}

  void update(size_t file, int64_t received, int64_t expected) {
    std::lock_guard<std::mutex> lock(mutex_);
    received_[file] = received;
    expected_[file] = std::max(expected, received);
    int64_t done = 0, known = 0;
    size_t unknown = 0;
    for (size_t i = 0; i < received_.size(); ++i) {
      done += received_[i];
      known += expected_[i];
      unknown += expected_[i] == 0 ? 1 : 0;
    }
    size_t known_files = received_.size() - unknown;
    double estimate = known_files == 0 ? 0.0
                                       : static_cast<double>(known) +
                                             static_cast<double>(known) / known_files * unknown;
    double value = estimate <= 0 ? 0.0 : std::min(1.0, done / estimate);
    // Report under the lock: callers get calls in order and never concurrently.
    if (value > last_ + 0.001 && report_) {
      last_ = value;
      report_(value);
    }
  }

  int64_t total_received() {
    std::lock_guard<std::mutex> lock(mutex_);
    int64_t sum = 0;
    for (auto r : received_)
      sum += r;
    return sum;
  }

private:
  std::mutex mutex_;
  std::vector<int64_t> received_;
  std::vector<int64_t> expected_;
  double last_ = 0;
  const std::function<void(double)>& report_;
};

/// Downloads every job with at most `parallelism` threads. The first failure stops the rest.
std::optional<fetch_outcome> download_all(const std::vector<file_job>& jobs,
                                          const fetch_config& cfg, const cancel_token& cancel,
                                          byte_progress& progress,
                                          std::atomic<size_t>& cache_hits) {
  std::atomic<size_t> next{0};
  std::atomic<bool> any_failed{false};
  std::mutex error_mutex;
  std::optional<fetch_outcome> first_error;

  auto worker = [&] {
    while (!any_failed.load() && !cancel.cancelled()) {
      size_t i = next.fetch_add(1);
      if (i >= jobs.size())
        return;
      const auto& job = jobs[i];
      std::error_code ec;
      fs::create_directories(fs::path(job.local).parent_path(), ec);
      download_result r;
      if (ec) {
        r.status = download_status::local_error;
        r.reason = "cannot create folder: " + ec.message();
      } else {
        auto opts = download_options_for(cfg, cancel);
        opts.stop = [&] { return any_failed.load(); };
        opts.on_progress = [&, i](int64_t got, int64_t total) { progress.update(i, got, total); };
        if (job.cacheable) {
          auto c = download_via_cache(job.url, job.local, opts, cfg);
          r = c.result;
          cache_hits += c.from_cache ? 1 : 0;
        } else {
          r = download_to_file(job.url, job.local, opts);
        }
      }
      if (r.status == download_status::cancelled)
        return; // the token or another file's failure; reported elsewhere
      if (!r.ok()) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!first_error)
          first_error = inaccessible(job.url, describe_failure(r));
        any_failed = true;
        return;
      }
      progress.update(i, r.bytes, r.bytes);
    }
  };

  size_t threads = std::min<size_t>(std::max(1, cfg.download_parallelism), jobs.size());
  std::vector<std::thread> pool;
  for (size_t t = 0; t + 1 < threads; ++t)
    pool.emplace_back(worker);
  worker(); // this thread is one of the workers
  for (auto& t : pool)
    t.join();
  if (first_error)
    return first_error;
  if (cancel.cancelled())
    return cancelled_outcome(cancel);
  return std::nullopt;
}

fetch_outcome fetch_draft_unlogged(const std::string& draft_url, const std::string& dest_dir,
                                   const fetch_config& cfg,
                                   const std::function<void(double)>& progress,
                                   const cancel_token& cancel, fetched_draft& out) {
  const auto started = std::chrono::steady_clock::now();
  auto id = url::draft_id_of(draft_url);
  if (!id)
    return inaccessible(draft_url, "invalid draft URL");
  std::error_code ec;
  fs::create_directories(dest_dir, ec);
  if (ec)
    return inaccessible(draft_url, "cannot create " + dest_dir + ": " + ec.message());

  std::string body;
  auto opts = download_options_for(cfg, cancel);
  opts.max_body_bytes = max_get_draft_bytes;
  auto r = download_to_string(draft_url, opts, body);
  if (r.status == download_status::cancelled)
    return cancelled_outcome(cancel);
  if (r.status == download_status::http_error && r.http_code == 404)
    return failed("Draft does not exist");
  if (!r.ok())
    return inaccessible(draft_url, describe_failure(r));

  auto list = parse_get_draft(draft_url, body);
  if (list.error)
    return failed(*list.error);
  std::vector<file_job> jobs;
  if (auto err = plan_jobs(list, draft_url, *id, dest_dir, jobs))
    return *err;

  byte_progress bytes(jobs.size(), progress);
  std::atomic<size_t> cache_hits{0};
  if (auto err = download_all(jobs, cfg, cancel, bytes, cache_hits))
    return *err;
  if (!fs::is_regular_file(fs::path(dest_dir) / draft_content_file, ec))
    return failed("Draft does not exist");

  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  started)
                .count();
  log::info("draft ", *id, " fetched: ", jobs.size(), " files, ", bytes.total_received(),
            " bytes in ", ms, " ms (", cache_hits.load(), " from the download cache)");
  if (progress)
    progress(1.0);
  out.draft_id = *id;
  out.dir = dest_dir;
  out.cache_hits = cache_hits.load();
  return {true, {}};
}

} // namespace

fetch_outcome fetch_draft(const std::string& draft_url, const std::string& dest_dir,
                          const fetch_config& cfg, const std::function<void(double)>& progress,
                          const cancel_token& cancel, fetched_draft& out) {
  auto r = fetch_draft_unlogged(draft_url, dest_dir, cfg, progress, cancel, out);
  if (!r.ok)
    log::warn("draft fetch failed: ", draft_url, ": ", r.error_message);
  return r;
}

} // namespace cutqueue::fetch
