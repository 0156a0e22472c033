// How an export fetches a draft and its materials: parallelism, timeouts, retries, the download
// cache, the SSRF guard and the size limits.
#pragma once

#include "fetch/url_guard.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace cutqueue::fetch {

class download_budget;
class download_cache;

struct fetch_config {
  int download_parallelism = 4;
  std::chrono::seconds connect_timeout{10};
  std::chrono::seconds read_timeout{30}; ///< abort a transfer that stalls this long
  int max_download_tries = 5;
  /// Downloaded media are kept here, keyed by URL, and reused by later tasks and re-exports
  /// (fetch/download_cache.hpp).
  std::string cache_dir;
  uint64_t cache_max_bytes = 2ull << 30; ///< least recently used entries go beyond this; 0 = off
  /// The cache over cache_dir. Not configuration: app/ opens it once per process and every
  /// export shares it. nullptr = no cache, every export downloads everything.
  std::shared_ptr<download_cache> cache;
  network_policy network; ///< SSRF guard for every download (fetch/url_guard.hpp)
  int64_t max_file_download = int64_t{2} << 30; ///< bytes per downloaded file; 0 = unlimited
  int64_t max_task_download = int64_t{8} << 30; ///< bytes per task, all files; 0 = unlimited
  /// The running per-task count against max_task_download. Not configuration: run_export
  /// sets it on its own copy of the config for each task; nullptr = no per-task limit.
  std::shared_ptr<download_budget> task_budget;
};

} // namespace cutqueue::fetch
