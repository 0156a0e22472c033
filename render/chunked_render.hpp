// A long draft renders as time chunks instead of one FFmpeg job: each chunk's graph holds only
// what overlaps it (render/plan_window.hpp), so memory and per-frame cost stay flat however
// long the draft is. The sound renders in the same time windows, sample-exact, as raw PCM; the
// picture's chunks, appended, are copied into the MP4 and the sound's, appended, are encoded
// once to AAC there, so no chunk edge can leave a gap or a click. Chunks are units of work: several
// run at once on borrowed export slots (chunk_services.hpp), and each finished one is recorded
// durably with its checksum, so a later attempt of the task renders only what is missing.
#pragma once

#include "render/draft_renderer.hpp"
#include "render/ffmpeg_graph.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace cutqueue::render {

/// The prepared render: every job built (so the draft's missing features are known before any
/// FFmpeg runs).
struct chunk_plan {
  struct unit {
    std::string name;       ///< "a" (sound) or "v" (picture) + 4-digit chunk index
    int64_t f0 = 0, f1 = 0; ///< frames of the draft
    double weight = 0;      ///< its share of the render's progress
    ffmpeg_job job;
    std::string file;        ///< the finished unit, in the chunk folder
    std::string fingerprint; ///< of everything the job reads: a record for another is stale
  };
  std::vector<unit> units; ///< the sound's chunks, then the picture's, each in time order
  std::vector<draft::unsupported_feature> notes;
  double fps = 30;
};

/// Whether render_draft renders `d` in chunks with these settings.
bool wants_chunks(const draft::document& d, const render_settings& s);

/// The chunk boundaries of a draft of `frames` frames, chunks of `chunk_frames`: a last chunk
/// shorter than a quarter of that joins the one before it.
std::vector<std::pair<int64_t, int64_t>> chunk_bounds(int64_t frames, int64_t chunk_frames);

/// Builds every job. `gc` is the configuration of the whole render (its work_dir and
/// output_path are replaced per unit).
bool prepare_chunks(const draft::document& d, const material_sources& sources,
                    const graph_config& gc, const render_settings& s, chunk_plan& out,
                    std::string& error);

/// Renders what the ledger does not already hold, joins the result into s.output_path.
/// `progress` gets 0..1 on the calling thread only.
render_outcome run_chunks(const chunk_plan& plan, const render_settings& s,
                          const std::function<void(double)>& progress, const cancel_token& cancel);

} // namespace cutqueue::render
