// The blocking export of one draft: fetch the draft description (get_draft), download every file,
// parse draft_content.json, render with FFmpeg, publish the MP4 atomically into the output folder.
// Runs on a dedicated thread (an export slot), never on CAF's shared scheduler.
#pragma once

#include "common/cancel_token.hpp"
#include "common/metrics.hpp"
#include "fetch/fetch_config.hpp"
#include "render/chunk_services.hpp"
#include "render/resource_folder.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace cutqueue::exporting {

struct pipeline_config {
  std::string work_root;  ///< per-task work folders are created (and removed) below this
  std::string output_dir; ///< finished MP4s land here (temp name, then rename)
  std::string ffmpeg = "ffmpeg";
  std::string font_file; ///< TTF/TTC/OTF for captions; empty = pick a CJK-capable system font
  std::string x264_preset = "veryfast";
  int render_threads = 0; ///< FFmpeg's encoder and filter threads; 0 = FFmpeg's default
  /// A draft using a feature the renderer cannot draw fails ("Unsupported draft feature: ...")
  /// instead of rendering without it.
  bool fail_on_unsupported = false;
  /// The operator's Jianying resources (LUTs, stickers, fonts, 花字 textures); "" = none.
  std::string resource_dir;
  /// The folder as last read, opened by app/ from resource_dir; null = none. Each export takes
  /// one snapshot of it when it starts rendering.
  std::shared_ptr<render::resource_library> resources;
  fetch::fetch_config fetch; ///< downloads: timeouts, retries, cache, SSRF guard, size limits
  /// Render time, download bytes and cache hits are recorded here; null = not measured.
  std::shared_ptr<metrics::registry> metrics;

  /// Drafts longer than this many seconds render in chunks of it (render/chunked_render.hpp);
  /// 0 = never. Chunks need chunk_root too.
  double chunk_seconds = 30;
  /// Finished chunks live in <chunk_root>/<task>/ across attempts, until the task ends.
  std::string chunk_root;
  std::shared_ptr<render::chunk_ledger> ledger; ///< null: chunks are not recorded
  std::shared_ptr<render::slot_lender> lender;  ///< null: one chunk at a time
  std::string node_name = "local";              ///< for chunk log lines
};

/// One unit of another node's chunked render (render/chunked_render.hpp): a worker node lent to
/// a long export renders just this chunk, with the coordinator's chunk length and encoder
/// preset so that it joins the others, and uploads the file instead of a video.
struct chunk_request {
  std::string unit;   ///< "v0003" (picture) or "a0003" (sound)
  double seconds = 0; ///< the export's chunk length
  std::string x264_preset;
};

struct export_request {
  std::string draft_url; ///< validated by the API: absolute http(s) with a draft_id
  std::string task_id;   ///< unique; names the work folder and the output file
  /// Set: render only this unit; output_file is then "<task_id>.mp4" holding the unit's bytes.
  std::optional<chunk_request> chunk = std::nullopt;
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

} // namespace cutqueue::exporting
