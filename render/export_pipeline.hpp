// The blocking export of one draft: fetch the draft description (get_draft), download every file,
// parse draft_content.json, render with FFmpeg, publish the MP4 atomically into the output folder.
// Runs on a dedicated thread (an export slot), never on CAF's shared scheduler.
#pragma once

#include "render/cancel_token.hpp"
#include "render/url_guard.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace cutqueue::render {

class download_budget;

struct pipeline_config {
  std::string work_root;  ///< per-task work folders are created (and removed) below this
  std::string output_dir; ///< finished MP4s land here (temp name, then rename)
  std::string ffmpeg = "ffmpeg";
  std::string font_file; ///< TTF/TTC/OTF for captions; empty = pick a CJK-capable system font
  int download_parallelism = 4;
  std::chrono::seconds connect_timeout{10};
  std::chrono::seconds read_timeout{30}; ///< abort a transfer that stalls this long
  int max_download_tries = 5;
  std::string x264_preset = "veryfast";
  /// Downloaded media are kept here, keyed by URL, and reused by later tasks and re-exports
  /// (render/download_cache.hpp). Empty = no cache: every export downloads everything.
  std::string cache_dir;
  uint64_t cache_max_bytes = 2ull << 30; ///< least recently used entries go beyond this
  network_policy network;                ///< SSRF guard for every download (render/url_guard.hpp)
  int64_t max_file_download = int64_t{2} << 30; ///< bytes per downloaded file; 0 = unlimited
  int64_t max_task_download = int64_t{8} << 30; ///< bytes per task, all files; 0 = unlimited
  /// The running per-task count against max_task_download. Not configuration: run_export
  /// sets it on its own copy of the config for each task; nullptr = no per-task limit.
  std::shared_ptr<download_budget> task_budget;
};

struct export_request {
  std::string draft_url; ///< validated by the API: absolute http(s) with a draft_id
  std::string task_id;   ///< unique; names the work folder and the output file
};

struct export_result {
  bool ok = false;
  bool cancelled = false;    ///< stopped by cancel_reason::shutdown: not a task failure
  std::string output_file;   ///< when ok: file name (no folder) inside output_dir
  std::string error_message; ///< when !ok: api.md's texts, e.g. "Draft does not exist"
};

/// Called with a monotonically rising 0..100 (phases of api.md: 0-5 fetch, 5-30 download,
/// 30-95 render, 95-100 publish). May be called often; the caller throttles persistence.
using progress_fn = std::function<void(int percent)>;

/// Runs the whole export. Never throws. On cancel_reason::timeout the result is
/// `Processing timeout`; on shutdown `cancelled` is set. FFmpeg children are killed (process
/// group) whenever the token is cancelled, and the work folder is always removed.
export_result run_export(const export_request& req, const pipeline_config& cfg,
                         const progress_fn& progress, const cancel_token& cancel);

} // namespace cutqueue::render
