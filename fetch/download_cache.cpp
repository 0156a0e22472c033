#include "fetch/download_cache.hpp"

#include "common/log.hpp"
#include "common/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

namespace cutqueue::fetch {

namespace {

namespace fs = std::filesystem;

constexpr const char* data_ext = ".data";
constexpr const char* meta_ext = ".meta";

/// Collisions are caught by comparing the URL stored beside the data.
std::string key_of(const std::string& url) {
  return text::hex16(text::fnv1a(url));
}

bool should_stop(const download_options& opts) {
  return (opts.cancel != nullptr && opts.cancel->cancelled()) || (opts.stop && opts.stop());
}

download_result cancelled_result() {
  download_result r;
  r.status = download_status::cancelled;
  r.reason = "cancelled";
  return r;
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Writes `text` to `path` via a temporary name, so `path` is either absent or complete.
bool write_atomically(const fs::path& path, const std::string& text) {
  fs::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush())
      return false;
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  return !ec;
}

/// Makes `dest` a hard link to `src`, or (other file system, links refused) a copy that appears
/// under its name only once complete.
bool place(const fs::path& src, const fs::path& dest) {
  std::error_code ec;
  fs::remove(dest, ec);
  fs::create_hard_link(src, dest, ec);
  if (!ec)
    return true;
  fs::path part = dest;
  part += ".part";
  fs::copy_file(src, part, fs::copy_options::overwrite_existing, ec);
  if (!ec)
    fs::rename(part, dest, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(part, ignored);
    return false;
  }
  return true;
}

/// The sidecar of an entry: its URL and validators as one JSON object.
std::string meta_text(const std::string& url, const validators& v) {
  return nlohmann::json{{"url", url}, {"etag", v.etag}, {"last_modified", v.last_modified}}.dump();
}

/// Reads a sidecar; false when it is not one (an older format, a torn write, no validator).
bool parse_meta(const std::string& text, std::string& url, validators& v) {
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (!doc.is_object() || !doc.contains("url") || !doc["url"].is_string())
    return false;
  url = doc["url"].get<std::string>();
  v.etag = doc.value("etag", "");
  v.last_modified = doc.value("last_modified", "");
  return !url.empty() && !v.empty();
}

/// A download of `bytes` bytes that happened elsewhere (or not at all, for a cache hit).
download_result ok_result(int64_t bytes) {
  download_result r;
  r.status = download_status::ok;
  r.http_code = 200;
  r.tries = 1;
  r.bytes = bytes;
  return r;
}

} // namespace

download_cache::download_cache(std::string dir, uint64_t max_bytes)
    : dir_(std::move(dir)), max_bytes_(max_bytes) {}

std::shared_ptr<download_cache> download_cache::open(const std::string& dir, uint64_t max_bytes) {
  std::error_code ec;
  fs::path root = fs::absolute(dir, ec).lexically_normal();
  if (ec || dir.empty())
    return nullptr;
  if (!root.has_filename()) // "cache/" and "cache" are one folder
    root = root.parent_path();
  fs::create_directories(root / "tmp", ec);
  if (ec) {
    log::warn("download cache disabled: cannot create ", root.string(), ": ", ec.message());
    return nullptr;
  }
  std::shared_ptr<download_cache> cache(new download_cache(root.string(), max_bytes));
  cache->load();
  std::lock_guard<std::mutex> lock(cache->mutex_);
  cache->evict_locked();
  return cache;
}

void download_cache::load() {
  std::error_code ec;
  // Downloads in flight when an earlier run stopped are useless now.
  for (auto it = fs::directory_iterator(fs::path(dir_) / "tmp", ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    std::error_code ignored;
    fs::remove_all(it->path(), ignored);
  }
  struct found {
    fs::file_time_type used;
    std::string key;
    entry e;
  };
  std::vector<found> adopted;
  std::vector<fs::path> stray;
  for (auto it = fs::directory_iterator(dir_, ec); !ec && it != fs::end(it); it.increment(ec)) {
    const fs::path& p = it->path();
    std::error_code fec;
    if (!it->is_regular_file(fec))
      continue;
    const std::string key = p.stem().string();
    if (p.extension() == data_ext) {
      fs::path meta_file = fs::path(dir_) / (key + meta_ext);
      if (!fs::is_regular_file(meta_file, fec)) {
        stray.push_back(p); // the crash window between removing a sidecar and its data
        continue;
      }
      found f{fs::last_write_time(p, fec), key, {}};
      bool readable = parse_meta(read_all(meta_file), f.e.url, f.e.valid);
      f.e.size = fs::file_size(p, fec);
      if (fec || !readable || key_of(f.e.url) != key)
        stray.push_back(p);
      else
        adopted.push_back(std::move(f));
    } else if (p.extension() == meta_ext) {
      if (!fs::is_regular_file(fs::path(dir_) / (key + data_ext), fec))
        stray.push_back(p);
    } else {
      stray.push_back(p); // a sidecar's ".tmp"; ".url" sidecars of entries without validators
    }
  }
  for (const auto& p : stray) {
    std::error_code ignored;
    fs::remove(p, ignored);
  }
  std::sort(adopted.begin(), adopted.end(),
            [](const found& a, const found& b) { return a.used < b.used; });
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& f : adopted) {
    f.e.last_use = ++clock_;
    total_ += f.e.size;
    entries_[f.key] = std::move(f.e);
  }
}

std::string download_cache::data_path(const std::string& key) const {
  return dir_ + "/" + key + data_ext;
}

std::string download_cache::meta_path(const std::string& key) const {
  return dir_ + "/" + key + meta_ext;
}

std::string download_cache::tmp_path(const std::string& key) {
  std::lock_guard<std::mutex> lock(mutex_);
  return dir_ + "/tmp/" + key + "-" + std::to_string(++tmp_seq_);
}

bool download_cache::claim(const std::string& key, const download_options& opts) {
  std::unique_lock<std::mutex> lock(mutex_);
  while (claimed_.count(key) != 0) {
    if (should_stop(opts))
      return false;
    // The holder notifies on release; the timeout only bounds how late a cancel is noticed.
    released_.wait_for(lock, std::chrono::milliseconds(50));
  }
  claimed_.insert(key);
  return true;
}

void download_cache::release(const std::string& key) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    claimed_.erase(key);
  }
  released_.notify_all();
}

std::optional<download_cache::entry> download_cache::pin(const std::string& key,
                                                         const std::string& url) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.url != url)
    return std::nullopt;
  it->second.pinned = true;
  return it->second;
}

void download_cache::unpin(const std::string& key, bool used) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end())
    return;
  it->second.pinned = false;
  if (used) {
    it->second.last_use = ++clock_;
    // The mtime carries the use order over a restart.
    std::error_code ec;
    fs::last_write_time(data_path(key), fs::file_time_type::clock::now(), ec);
  }
  evict_locked();
}

void download_cache::forget(const std::string& key) {
  std::lock_guard<std::mutex> lock(mutex_);
  remove_files_locked(key);
}

void download_cache::remove_files_locked(const std::string& key) {
  std::error_code ec;
  // Sidecar first: a data file without one is discarded by load(), never served.
  fs::remove(meta_path(key), ec);
  fs::remove(data_path(key), ec);
  auto it = entries_.find(key);
  if (it != entries_.end()) {
    total_ -= it->second.size;
    entries_.erase(it);
  }
}

bool download_cache::install(const std::string& key, const std::string& url, const std::string& tmp,
                             uint64_t size, const validators& valid) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (size > max_bytes_)
    return false;
  // The old body (changed size, or a colliding URL) goes before the new sidecar is written, so
  // a crash in between never pairs a URL with another URL's body.
  remove_files_locked(key);
  std::error_code ec;
  if (!write_atomically(meta_path(key), meta_text(url, valid)))
    return false;
  fs::rename(tmp, data_path(key), ec);
  if (ec) {
    fs::remove(meta_path(key), ec);
    return false;
  }
  entry e;
  e.url = url;
  e.size = size;
  e.valid = valid;
  e.last_use = ++clock_;
  e.pinned = true;
  entries_[key] = std::move(e);
  total_ += size;
  evict_locked();
  return true;
}

void download_cache::evict_locked() {
  while (total_ > max_bytes_) {
    auto victim = entries_.end();
    for (auto it = entries_.begin(); it != entries_.end(); ++it)
      if (!it->second.pinned &&
          (victim == entries_.end() || it->second.last_use < victim->second.last_use))
        victim = it;
    if (victim == entries_.end())
      return; // everything left is in use; it goes once released
    // A task that linked this file keeps its own link: removing the cache's name is safe.
    std::string key = victim->first;
    remove_files_locked(key);
  }
}

cached_download download_cache::fetch(const std::string& url, const std::string& dest,
                                      const download_options& opts) {
  cached_download out;
  const std::string key = key_of(url);
  if (!claim(key, opts)) {
    out.result = cancelled_result();
    return out;
  }
  struct claim_guard {
    download_cache* cache;
    const std::string& key;
    ~claim_guard() { cache->release(key); }
  } guard{this, key};

  const std::string tmp = tmp_path(key);
  download_options get = opts;
  auto cached = pin(key, url);
  if (cached)
    get.revalidate = cached->valid;
  out.result = download_to_file(url, tmp, get);
  if (cached) {
    if (out.result.status == download_status::not_modified) {
      bool placed = place(data_path(key), dest);
      unpin(key, placed);
      if (placed) {
        log::debug("download cache: ", url, " not modified, reusing ", cached->size, " bytes");
        out.result = ok_result(static_cast<int64_t>(cached->size));
        out.from_cache = true;
        return out;
      }
      // The copy vanished or cannot be linked: it is worthless, fetch the body itself.
      forget(key);
      get.revalidate = {};
      out.result = download_to_file(url, tmp, get);
    } else {
      unpin(key, false);
    }
  }
  if (!out.result.ok())
    return out;

  const auto size = static_cast<uint64_t>(out.result.bytes);
  const validators valid = out.result.received;
  std::error_code ec;
  if (valid.empty()) {
    // Nothing to revalidate against: a later reuse could be stale, so the copy is not kept.
    log::debug("download cache: ", url, " has no ETag or Last-Modified, not kept");
  } else if (install(key, url, tmp, size, valid)) {
    bool placed = place(data_path(key), dest);
    unpin(key, true);
    if (placed)
      return out;
    out.result.status = download_status::local_error;
    out.result.reason = "cannot place " + dest;
    return out;
  }
  // Not kept (no validator, too large, or the cache folder misbehaves): hand the body over.
  fs::rename(tmp, dest, ec);
  if (ec && !place(tmp, dest)) {
    out.result.status = download_status::local_error;
    out.result.reason = "cannot place " + dest;
  }
  fs::remove(tmp, ec);
  return out;
}

uint64_t download_cache::total_bytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return total_;
}

size_t download_cache::entry_count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

bool download_cache::contains(const std::string& url) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(key_of(url));
  return it != entries_.end() && it->second.url == url;
}

cached_download download_via_cache(const std::string& url, const std::string& dest,
                                   const download_options& opts, const fetch_config& cfg) {
  if (cfg.cache)
    return cfg.cache->fetch(url, dest, opts);
  cached_download out;
  out.result = download_to_file(url, dest, opts);
  return out;
}

} // namespace cutqueue::fetch
