#include "render/part_jobs.hpp"

#include "render/audio_graph.hpp"
#include "render/audio_looks.hpp"
#include "render/curve.hpp"
#include "render/picture_graph.hpp"
#include "render/plan_window.hpp"

#include <sstream>

namespace cutqueue::render {

namespace {

std::string seconds(int64_t us) {
  return decimal(static_cast<double>(us) / 1e6, 6);
}

} // namespace

bool build_chunk_job(const picture_plan& whole, int64_t f0, int64_t f1,
                     const material_sources& sources, const graph_config& cfg, ffmpeg_job& out,
                     std::string& error) {
  out = ffmpeg_job{};
  if (f0 < 0 || f1 > whole.frames || f1 <= f0) {
    error = "chunk outside the draft";
    return false;
  }
  const auto [r0, r1] = rendered_window_of(whole, f0, f1);
  const picture_plan plan = window_of(whole, r0, r1);
  input_table inputs;
  const picture_inputs pictures =
      register_pictures(plan, sources, inputs, cfg.work_dir, out.files, out.notes);
  std::ostringstream g;
  inputs.write_fanout(g);
  chain_context ctx{g, out.files, inputs, plan, cfg.work_dir};
  emit_picture(ctx, pictures);
  g << "[vout]trim=start_frame=" << (f0 - r0) << ":end_frame=" << (f1 - r0)
    << ",setpts=PTS-STARTPTS[vpart]\n";
  out.filter_graph = g.str();
  const std::string script = cfg.work_dir + "/filter_graph.txt";
  out.files.push_back({script, out.filter_graph});
  out.argv = command_head(cfg);
  for (auto& a : inputs.arguments(plan.clock.rate(), cfg.threads))
    out.argv.push_back(std::move(a));
  add_thread_arguments(out.argv, cfg);
  std::vector<std::string> tail = {"-filter_complex_script", script, "-map", "[vpart]"};
  for (auto& x : video_encoder_arguments(cfg, plan.clock))
    tail.push_back(std::move(x));
  for (auto x :
       {std::string("-frames:v"), std::to_string(f1 - f0), std::string("-an"),
        std::string("-output_ts_offset"), seconds(chunk_timestamp_base_us + whole.clock.micros(f0)),
        std::string("-f"), std::string("mpegts"), std::string("-progress"), std::string("pipe:1"),
        std::string("-nostats"), cfg.output_path})
    tail.push_back(std::move(x));
  out.argv.insert(out.argv.end(), tail.begin(), tail.end());
  return true;
}

bool build_sound_job(const draft::document& d, const material_sources& sources,
                     const graph_config& cfg, int64_t from_us, int64_t to_us, ffmpeg_job& out,
                     std::string& error) {
  out = ffmpeg_job{};
  if (d.duration <= 0 || to_us <= from_us) {
    error = "no sound to render";
    return false;
  }
  const int64_t from = sample_at(from_us), to = sample_at(to_us);
  const auto looks = segment_audio_looks(d, out.notes);
  // Only the sounds that are heard in the window, tails included.
  auto heard = [&](const draft::segment& s) {
    return sample_at(s.target.start) < to &&
           sample_at(s.target.end() + sound_tail_us(looks, &s)) > from;
  };
  input_table inputs;
  std::vector<sound_use> sounds = register_sounds(d, sources, inputs, heard);
  std::ostringstream g;
  inputs.write_fanout(g);
  emit_sound(g, d, std::move(sounds), inputs, looks, from, to);
  out.filter_graph = g.str();
  const std::string script = cfg.work_dir + "/filter_graph.txt";
  out.files.push_back({script, out.filter_graph});
  out.argv = command_head(cfg);
  for (auto& a : inputs.arguments(frame_clock{d.fps}.rate(), cfg.threads))
    out.argv.push_back(std::move(a));
  add_thread_arguments(out.argv, cfg);
  for (auto x :
       {std::string("-filter_complex_script"), script, std::string("-map"), std::string("[aout]"),
        std::string("-c:a"), std::string("pcm_s16le"), std::string("-ar"),
        std::to_string(output_sample_rate), std::string("-ac"), std::string("2"), std::string("-f"),
        std::string("s16le"), std::string("-progress"), std::string("pipe:1"),
        std::string("-nostats"), cfg.output_path})
    out.argv.push_back(std::move(x));
  return true;
}

std::vector<std::string> join_arguments(const std::string& ffmpeg, const std::string& video_ts,
                                        const std::vector<std::string>& sound,
                                        const std::string& output_path) {
  std::string pcm = "concat:";
  for (size_t i = 0; i < sound.size(); ++i)
    pcm += (i ? "|" : "") + sound[i];
  std::vector<std::string> a = {ffmpeg,
                                "-hide_banner",
                                "-nostdin",
                                "-y",
                                "-loglevel",
                                "error",
                                "-i",
                                "file:" + video_ts,
                                "-f",
                                "s16le",
                                "-ar",
                                std::to_string(output_sample_rate),
                                "-ac",
                                "2",
                                "-protocol_whitelist",
                                "concat,file",
                                "-i",
                                pcm,
                                "-map",
                                "0:v:0",
                                "-map",
                                "1:a:0",
                                "-c:v",
                                "copy"};
  for (auto& x : sound_encoder_arguments())
    a.push_back(std::move(x));
  for (const char* x : {"-movflags", "+faststart", "-f", "mp4"})
    a.push_back(x);
  a.push_back(output_path);
  return a;
}

} // namespace cutqueue::render
