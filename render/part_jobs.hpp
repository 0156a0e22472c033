// The FFmpeg jobs of a draft rendered in chunks (render/chunked_render.hpp): one per chunk of
// the picture, one for the whole sound, and the join. Pure functions like build_ffmpeg_job.
#pragma once

#include "render/ffmpeg_graph.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace cutqueue::render {

/// Added to every chunk's timestamps: with B-frames a chunk's first decode time lies before
/// its first frame, and a negative one would make the muxer shift that chunk (only that one).
/// FFmpeg's progress reports include it.
constexpr int64_t chunk_timestamp_base_us = 10'000'000;

/// Frames [f0, f1) of the picture, video only, as MPEG-TS at cfg.output_path. Its timestamps
/// are the frames' own times (plus a fixed base, so no chunk needs its start shifted), so the
/// chunks of a draft, appended byte by byte, are one stream. Each chunk starts with a keyframe
/// and is encoded with the same settings as the others.
bool build_chunk_job(const picture_plan& whole, int64_t f0, int64_t f1,
                     const material_sources& sources, const graph_config& cfg, ffmpeg_job& out,
                     std::string& error);

/// The draft's sound between from_us and to_us, sample-exact, as raw 16-bit stereo PCM at
/// cfg.output_path: each sound heard there plays from its own start and is cut to the window,
/// so the windows of a draft, appended, are its whole sound without a seam.
bool build_sound_job(const draft::document& d, const material_sources& sources,
                     const graph_config& cfg, int64_t from_us, int64_t to_us, ffmpeg_job& out,
                     std::string& error);

/// The command that puts the joined picture and the sound (its windows in order, encoded to
/// AAC here, once) into the MP4 at output_path.
std::vector<std::string> join_arguments(const std::string& ffmpeg, const std::string& video_ts,
                                        const std::vector<std::string>& sound,
                                        const std::string& output_path);

} // namespace cutqueue::render
