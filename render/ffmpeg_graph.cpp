#include "render/ffmpeg_graph.hpp"

#include "render/audio_graph.hpp"
#include "render/audio_looks.hpp"
#include "render/curve.hpp"
#include "render/picture_graph.hpp"

#include <sstream>

namespace cutqueue::render {

std::vector<std::string> command_head(const graph_config& cfg) {
  std::vector<std::string> argv = {cfg.ffmpeg, "-hide_banner", "-nostdin",
                                   "-y",       "-loglevel",    "error"};
  return argv;
}

void add_thread_arguments(std::vector<std::string>& argv, const graph_config& cfg) {
  if (cfg.threads > 0) // global options: FFmpeg takes them anywhere on the command line
    argv.insert(argv.end(), {"-filter_complex_threads", std::to_string(cfg.threads), "-threads",
                             std::to_string(cfg.threads)});
}

std::vector<std::string> video_encoder_arguments(const graph_config& cfg,
                                                 const frame_clock& clock) {
  return {"-c:v", "libx264", "-preset", cfg.x264_preset, "-pix_fmt", "yuv420p", "-r", clock.rate()};
}

std::vector<std::string> sound_encoder_arguments() {
  return {"-c:a", "aac", "-b:a", "128k", "-ar", std::to_string(output_sample_rate), "-ac", "2"};
}

namespace {

std::vector<std::string> encoder_arguments(const graph_config& cfg, const frame_clock& clock,
                                           int64_t duration_us, const std::string& script) {
  std::vector<std::string> a = {
      "-filter_complex_script", script, "-map", "[vout]", "-map", "[aout]"};
  for (auto& x : video_encoder_arguments(cfg, clock))
    a.push_back(std::move(x));
  for (auto& x : sound_encoder_arguments())
    a.push_back(std::move(x));
  for (const char* x : {"-t"})
    a.push_back(x);
  a.push_back(decimal(static_cast<double>(duration_us) / 1e6, 6));
  for (const char* x : {"-movflags", "+faststart", "-f", "mp4", "-progress", "pipe:1", "-nostats"})
    a.push_back(x);
  a.push_back(cfg.output_path);
  return a;
}

} // namespace

bool plan_whole(const draft::document& d, const material_sources& sources, const graph_config& cfg,
                picture_plan& out, std::string& error) {
  if (d.width <= 0 || d.height <= 0 || d.duration <= 0) {
    error = "draft has no canvas size or duration";
    return false;
  }
  probed_materials probed;
  for (const auto& [path, src] : sources)
    probed[path] = src.info;
  out = plan_picture(d, probed, cfg.draw_caption, cfg.looks);
  if (out.frames <= 0) {
    error = "draft is shorter than one frame";
    return false;
  }
  return true;
}

bool build_ffmpeg_job(const draft::document& d, const material_sources& sources,
                      const graph_config& cfg, ffmpeg_job& out, std::string& error) {
  out = ffmpeg_job{};
  picture_plan plan;
  if (!plan_whole(d, sources, cfg, plan, error))
    return false;
  out.notes = plan.notes;

  input_table inputs;
  const picture_inputs pictures =
      register_pictures(plan, sources, inputs, cfg.work_dir, out.files, out.notes);
  std::vector<sound_use> sounds = register_sounds(d, sources, inputs);
  std::ostringstream g; // one chain per line, for whoever reads the graph when debugging
  inputs.write_fanout(g);
  chain_context ctx{g, out.files, inputs, plan, cfg.work_dir};
  emit_picture(ctx, pictures);
  emit_sound(g, d, std::move(sounds), inputs, segment_audio_looks(d, out.notes));
  out.filter_graph = g.str();
  const std::string script = cfg.work_dir + "/filter_graph.txt";
  out.files.push_back({script, out.filter_graph});

  out.argv = command_head(cfg);
  for (auto& a : inputs.arguments(plan.clock.rate(), cfg.threads))
    out.argv.push_back(std::move(a));
  add_thread_arguments(out.argv, cfg);
  for (auto& a : encoder_arguments(cfg, plan.clock, d.duration, script))
    out.argv.push_back(std::move(a));
  return true;
}

} // namespace cutqueue::render
