#include "render/draft_renderer.hpp"

#include "common/content_fingerprint.hpp"
#include "common/log.hpp"
#include "render/caption_layout.hpp"
#include "render/feature_audit.hpp"
#include "render/ffmpeg_graph.hpp"
#include "render/ffmpeg_runner.hpp"
#include "render/fonts.hpp"
#include "render/media_probe.hpp"
#include "render/png_writer.hpp"
#include "render/text_raster.hpp"

#include <cmath>
#include <fstream>
#include <map>
#include <memory>
#include <set>

namespace cutqueue::render {

// The graph is built from the draft model throughout.
using namespace cutqueue::draft;

namespace {

bool write_file(const std::string& path, const std::string& content) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(content.data(), static_cast<std::streamsize>(content.size()));
  return static_cast<bool>(f.flush());
}

/// FFmpeg failures that happen in the encoder/muxer rather than in decoding or filtering.
bool looks_like_encoder_error(const std::string& tail) {
  for (const char* marker : {"Error while opening encoder", "Error initializing output stream",
                             "encoder", "Error writing trailer", "No space left on device"})
    if (tail.find(marker) != std::string::npos)
      return true;
  return false;
}

} // namespace

render_outcome render_draft(const draft::document& d, const material_resolver& resolve,
                            const render_settings& s, const std::function<void(double)>& progress,
                            const cancel_token& cancel) {
  render_outcome res;
  try {

    // Resolve (it may download), then probe.
    std::vector<std::string> paths = used_material_paths(d);
    std::vector<material_source> found(paths.size());
    for (size_t i = 0; i < paths.size(); ++i) {
      if (cancel.cancelled()) {
        res.cancelled = true;
        return res;
      }
      std::string err;
      if (!resolve(paths[i], found[i].local_path, err)) {
        res.error_message = err;
        return res;
      }
    }
    // capcut-mate stores a medium once per use, so drafts often hold many identical files:
    // each distinct content is probed once.
    std::vector<size_t> probed_as(paths.size());
    std::vector<size_t> distinct;
    std::map<std::string, size_t> first_with;
    for (size_t i = 0; i < paths.size(); ++i) {
      probed_as[i] = i;
      if (auto fp = content_fingerprint(found[i].local_path))
        probed_as[i] = first_with.try_emplace(*fp, i).first->second;
      if (probed_as[i] == i)
        distinct.push_back(i);
    }
    std::vector<probe_outcome> probed(paths.size());
    for (size_t k = 0; k < distinct.size() && !cancel.cancelled(); ++k) {
      size_t i = distinct[k];
      probed[i] = probe_media(found[i].local_path, found[i].info);
    }
    if (cancel.cancelled()) {
      res.cancelled = true;
      return res;
    }
    material_sources sources;
    for (size_t i = 0; i < paths.size(); ++i) {
      probed[i] = probed[probed_as[i]];
      found[i].info = found[probed_as[i]].info;
      if (!probed[i].ok) {
        res.error_message = "Material inaccessible: " + paths[i] +
                            " (not a readable media file: " + probed[i].error.substr(0, 200) + ")";
        return res;
      }
      sources[paths[i]] = found[i];
    }

    graph_config gc;
    gc.ffmpeg = s.ffmpeg;
    gc.x264_preset = s.x264_preset;
    gc.threads = s.threads;
    // Captions are pictures drawn here, with every style of their text.
    caption_fonts_for caption_files = default_caption_fonts();
    if (!s.font_file.empty()) {
      const caption_fonts configured = find_caption_fonts(s.font_file);
      caption_files.regular = configured.regular;
      caption_files.bold = configured.bold;
    }
    auto caption_cache = std::make_shared<caption_font_cache>();
    const int canvas_w = d.width, canvas_h = d.height;
    gc.draw_caption = [&, caption_cache, canvas_w,
                       canvas_h](const draft::segment&, const draft::text_material& t, double sx,
                                 double sy, caption_picture& out) {
      const caption_image img = centred_on_anchor(rasterize_caption(
          t, canvas_w, canvas_h, sx, sy, caption_files, *caption_cache, &out.notes));
      if (img.empty())
        return false;
      out.png = encode_png_rgba(img.rgba.data(), img.width, img.height);
      out.width = img.width;
      out.height = img.height;
      out.scale_x = std::max(std::fabs(sx), 1e-6);
      out.scale_y = std::max(std::fabs(sy), 1e-6);
      return !out.png.empty();
    };
    gc.work_dir = s.work_dir;
    gc.output_path = s.output_path;
    ffmpeg_job job;
    std::string err;
    if (!build_ffmpeg_job(d, sources, gc, job, err)) {
      res.error_message = "Video rendering failed: " + err;
      return res;
    }
    // Every feature the video will not show, once per task: what the model does not hold,
    // resources without a look, and what the graph could not draw.
    std::vector<draft::unsupported_feature> missing = d.unsupported;
    for (auto& u : unrendered_resources(d))
      missing.push_back(std::move(u));
    for (auto& u : job.notes)
      missing.push_back(std::move(u));
    std::set<std::string> logged, names;
    std::string listed;
    const std::string task = s.task_id.empty() ? "" : " [task " + s.task_id + "]";
    for (const auto& u : missing) {
      if (!logged.insert(u.feature + " on " + u.where).second)
        continue;
      if (u.how == draft::drawn::approximately)
        log::info("render: draft uses ", u.feature, " on ", u.where, ", drawn approximately (",
                  u.detail, ")", task);
      else if (u.how == draft::drawn::exactly)
        log::info("render: draft uses ", u.feature, " on ", u.where, ", drawn from ", u.detail,
                  task);
      else
        log::warn("render: draft uses unsupported ", u.feature, " on ", u.where, task);
      if (u.how == draft::drawn::not_at_all && names.insert(u.feature).second)
        listed += (listed.empty() ? "" : ", ") + u.feature;
    }
    if (s.fail_on_unsupported && !listed.empty()) {
      res.error_message = "Unsupported draft feature: " + listed;
      return res;
    }
    for (const auto& f : job.files)
      if (!write_file(f.path, f.content)) {
        res.error_message = "Video rendering failed: cannot write " + f.path;
        return res;
      }
    if (cancel.cancelled()) {
      res.cancelled = true;
      return res;
    }
    std::string command;
    for (const auto& a : job.argv)
      command += (command.empty() ? "" : " ") + a;
    log::debug("render: ", command);
    const double total = static_cast<double>(d.duration);
    auto run = run_ffmpeg(job.argv, cancel, [&](int64_t out_us) {
      if (progress)
        progress(std::min(1.0, static_cast<double>(out_us) / total));
    });
    if (run.cancelled) {
      res.cancelled = true;
      return res;
    }
    if (!run.ok()) {
      std::string reason = ffmpeg_error_reason(run);
      log::error("render: ffmpeg failed (", run.exit_code, "): ", run.stderr_tail);
      res.error_message = (looks_like_encoder_error(run.stderr_tail) ? "Encoding failed: "
                                                                     : "Video rendering failed: ") +
                          reason;
      return res;
    }
    res.ok = true;
    return res;
  } catch (const std::exception& e) {
    res.error_message = std::string("Video rendering failed: ") + e.what();
    return res;
  }
}

} // namespace cutqueue::render
