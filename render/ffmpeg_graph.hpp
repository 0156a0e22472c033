// Turns a parsed draft whose materials are local files into one FFmpeg command, stage by stage:
// the picture plan (layers, keyframes, animations, transitions; layer_plan.hpp), the inputs
// (inputs.hpp), each layer's chain (layer_chain.hpp), the picture (picture_graph.hpp), the
// sound (audio_graph.hpp) and the command line. A pure function of its inputs, so it can be
// unit-tested without running FFmpeg.
#pragma once

#include "draft/model.hpp"
#include "render/ffmpeg_text.hpp"
#include "render/inputs.hpp"
#include "render/layer_chain.hpp"
#include "render/layer_plan.hpp"

#include <string>
#include <vector>

namespace cutqueue::render {

struct graph_config {
  std::string ffmpeg = "ffmpeg";
  std::string x264_preset = "veryfast";
  int threads = 0; ///< > 0: -threads and -filter_complex_threads (one export per core in a bench)
  caption_drawer draw_caption; ///< makes caption pictures; empty: captions are not drawn
  std::string work_dir;        ///< where the filter script and its files go
  std::string output_path;     ///< written as MP4 whatever its extension (".part" is fine)
  /// Operator resource files found for the draft; sticker files must also be in `sources`.
  look_sources looks;
};

/// A file the caller must write before running the command.
using job_file = graph_file;

struct ffmpeg_job {
  std::vector<std::string> argv; ///< argv[0] = cfg.ffmpeg; no shell involved
  std::string filter_graph;      ///< also in `files` as the -filter_complex_script
  std::vector<job_file> files;   ///< filter script, sendcmd scripts, caption text files
  /// What the graph draws approximately or not at all, for the task's log.
  std::vector<draft::unsupported_feature> notes;
};

/// `ffmpeg -hide_banner -nostdin -y -loglevel error`: how every job's command starts.
std::vector<std::string> command_head(const graph_config& cfg);
/// -threads and -filter_complex_threads when cfg.threads is set.
void add_thread_arguments(std::vector<std::string>& argv, const graph_config& cfg);
/// The picture's encoder settings: every chunk of a draft is encoded with exactly these, so the
/// chunks join into one stream.
std::vector<std::string> video_encoder_arguments(const graph_config& cfg, const frame_clock& clock);
/// The sound's encoder settings.
std::vector<std::string> sound_encoder_arguments();

/// The picture plan of the whole draft, as build_ffmpeg_job draws it. False with `error` when
/// the draft has no canvas or is shorter than a frame.
bool plan_whole(const draft::document& d, const material_sources& sources, const graph_config& cfg,
                picture_plan& out, std::string& error);

/// Builds the command. `sources` maps a material `path` as written in the draft to its local
/// file; segments whose material is missing there are skipped (and named in `notes`).
/// Returns false with `error` set only when nothing sensible can be built.
bool build_ffmpeg_job(const draft::document& d, const material_sources& sources,
                      const graph_config& cfg, ffmpeg_job& out, std::string& error);

} // namespace cutqueue::render
