// Downloads kept on disk, keyed by URL, so later tasks and re-exports of the same draft do not
// transfer the same media again. Each copy keeps the validators its server sent (ETag,
// Last-Modified) and is reused only after a conditional GET answers 304 Not Modified; a server
// that sends neither gets no reuse. The folder has a size limit, least recently used entries go
// first.
#pragma once

#include "fetch/fetch_config.hpp"
#include "fetch/http_download.hpp"

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

namespace cutqueue::fetch {

struct cached_download {
  download_result result;
  bool from_cache = false; ///< the body was not transferred: a revalidated cached copy was used
};

/// One cache folder: `<dir>/<key>.data` (the body) beside `<key>.meta` (JSON: the URL it came
/// from, so a hash collision is never mistaken for a hit, and its validators), and `<dir>/tmp/`
/// for downloads in flight.
/// Thread-safe. The folder must belong to one process (cutqueue's data folder lock ensures it).
class download_cache {
public:
  /// Opens the cache folder `dir` (creating it), limited to `max_bytes`: entries left by an
  /// earlier run are adopted in their last-use order (file mtime), half-written ones removed.
  /// nullptr when `dir` cannot be created. One instance per folder: the index and the per-URL
  /// claims only protect callers that share it (app/ opens it once, fetch_config::cache).
  static std::shared_ptr<download_cache> open(const std::string& dir, uint64_t max_bytes);

  /// Puts the body of `url` at `dest` (parent folder must exist): a hard link to the cached copy
  /// when a conditional GET with its validators answers 304, else the body that GET (or a plain
  /// one, without a cached copy) delivers, downloaded with `opts` (retries, cancellation,
  /// progress) and then kept if the answer carried a validator. Across file systems the copy is
  /// copied, never partially visible. Calls for one URL run one at a time, so a concurrent
  /// second call reuses the first's download. A body larger than the limit is delivered but not
  /// kept. Cache trouble (disk full, folder removed) degrades to a plain download. Never throws.
  cached_download fetch(const std::string& url, const std::string& dest,
                        const download_options& opts);

  uint64_t total_bytes() const;
  size_t entry_count() const;
  /// True when `url` has a cached copy (whether or not it is still current).
  bool contains(const std::string& url) const;

private:
  struct entry {
    std::string url;
    uint64_t size = 0;
    validators valid;      ///< never empty: a copy without validators is not kept
    uint64_t last_use = 0; ///< logical clock; larger = more recent
    bool pinned = false;   ///< being linked out by the holder of its URL: not evictable
  };

  download_cache(std::string dir, uint64_t max_bytes);
  void load();
  std::string data_path(const std::string& key) const;
  std::string meta_path(const std::string& key) const;

  /// Waits (cancellably) until no other thread works on `key`, then claims it.
  bool claim(const std::string& key, const download_options& opts);
  void release(const std::string& key);
  /// Pins the entry for `key` if it holds `url` and returns a copy of it; nullopt otherwise.
  std::optional<entry> pin(const std::string& key, const std::string& url);
  void unpin(const std::string& key, bool used);
  void forget(const std::string& key);
  /// Moves the finished download `tmp` into the cache as `key`, pinned; false when it is larger
  /// than the limit or on disk errors (then `tmp` is left where it is).
  bool install(const std::string& key, const std::string& url, const std::string& tmp,
               uint64_t size, const validators& valid);
  /// A fresh name below tmp/ for a download of `key`.
  std::string tmp_path(const std::string& key);
  /// Removes least recently used, unpinned entries until the total fits. Caller holds mutex_.
  void evict_locked();
  void remove_files_locked(const std::string& key);

  const std::string dir_;
  mutable std::mutex mutex_;
  std::condition_variable released_;
  std::set<std::string> claimed_; ///< keys some thread is fetching
  std::map<std::string, entry> entries_;
  uint64_t max_bytes_;
  uint64_t total_ = 0;
  uint64_t clock_ = 0;
  uint64_t tmp_seq_ = 0;
};

/// download_to_file through cfg.cache, or a plain download_to_file without one. Never throws.
cached_download download_via_cache(const std::string& url, const std::string& dest,
                                   const download_options& opts, const fetch_config& cfg);

} // namespace cutqueue::fetch
