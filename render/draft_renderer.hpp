// Phase 3 of an export: render a parsed draft whose materials can be resolved to local files
// into one MP4 with FFmpeg. Separate from run_export so it can run on a local draft folder.
#pragma once

#include "common/cancel_token.hpp"
#include "common/metrics.hpp"
#include "draft/model.hpp"
#include "render/chunk_services.hpp"
#include "render/resource_folder.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace cutqueue::render {

struct render_settings {
  std::string ffmpeg = "ffmpeg";
  std::string x264_preset = "veryfast";
  int threads = 0;         ///< FFmpeg's encoder and filter threads; 0 = FFmpeg's default
  std::string font_file;   ///< empty: a CJK-capable system font
  std::string work_dir;    ///< existing folder for the filter script and caption files
  std::string output_path; ///< the MP4 to write (any extension)
  /// Fail with "Unsupported draft feature: <names>" when the draft uses anything the renderer
  /// cannot draw, instead of rendering without it.
  bool fail_on_unsupported = false;
  std::string task_id; ///< for log lines
  /// The operator's resource folder as the export began (LUTs, stickers, fonts, 花字
  /// textures); null: none.
  std::shared_ptr<const resource_folder> resources;

  /// A draft longer than this (seconds) renders in chunks of this length (render/
  /// chunked_render.hpp); 0 = always in one FFmpeg job.
  double chunk_seconds = 0;
  /// Where finished chunks are kept across attempts (created if missing); required for chunks.
  std::string chunk_dir;
  std::shared_ptr<chunk_ledger> ledger;       ///< null: chunks are not recorded, nothing resumes
  std::shared_ptr<slot_lender> lender;        ///< null: one chunk at a time
  std::string node = "local";                 ///< names the node in chunk log lines
  std::shared_ptr<metrics::registry> metrics; ///< chunks in flight and done; null: none
  /// Benchmarks only (bench/long_bench.sh): render just these units ("a0003", "v0003") and stop
  /// before the join, to measure a long draft's chunks without rendering all of it.
  std::vector<std::string> only_units;
  /// With one unit in only_units: its file is moved here and the render succeeds (a worker
  /// node rendering one chunk for the coordinator).
  std::string unit_output;
  std::string draft_url; ///< what a worker node lent to this export fetches
};

struct render_outcome {
  bool ok = false;
  bool cancelled = false;    ///< the token was cancelled; FFmpeg was killed
  std::string error_message; ///< api.md texts: "Material inaccessible: ...", "Video rendering
                             ///< failed: ...", "Encoding failed: ..."
};

/// Maps a material path of the draft to a local file; false + api.md error text on failure.
using material_resolver = std::function<bool(const std::string& material_path,
                                             std::string& local_path, std::string& error_message)>;

/// Resolves and probes every used material, builds the filter graph, names every draft feature
/// it cannot draw in one log line each (`render: draft uses unsupported <feature> on <where>`),
/// and runs FFmpeg. `progress` gets 0..1 (output time / draft duration).
/// Never throws.
render_outcome render_draft(const draft::document& d, const material_resolver& resolve,
                            const render_settings& s, const std::function<void(double)>& progress,
                            const cancel_token& cancel);

} // namespace cutqueue::render
