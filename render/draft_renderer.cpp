#include "render/draft_renderer.hpp"

#include "common/content_fingerprint.hpp"
#include "common/log.hpp"
#include "render/caption_layout.hpp"
#include "render/ffmpeg_graph.hpp"
#include "render/ffmpeg_runner.hpp"
#include "render/font_metrics.hpp"
#include "render/fonts.hpp"
#include "render/media_probe.hpp"

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
    std::set<std::string> logged;
    for (const auto& u : d.unsupported)
      if (logged.insert(u.feature + " on " + u.where).second)
        log::warn("render: draft uses unsupported ", u.feature, " on ", u.where);

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

    auto fonts = find_caption_fonts(s.font_file);
    graph_config gc;
    gc.ffmpeg = s.ffmpeg;
    gc.x264_preset = s.x264_preset;
    gc.fonts.regular = fonts.regular;
    gc.fonts.bold = fonts.bold;
    gc.fonts.italic = fonts.italic;
    gc.fonts.bold_italic = fonts.bold_italic;
    std::map<std::string, std::unique_ptr<font_metrics>> metrics; // one face per font file
    auto face = [&metrics](const std::string& file) -> font_metrics& {
      auto& m = metrics[file];
      if (!m)
        m = std::make_unique<font_metrics>(file);
      return *m;
    };
    gc.fonts.glyph_advance = [face](const std::string& file, char32_t c, int px) {
      auto& m = face(file);
      return m.ok() ? m.advance(c, px) : estimated_advance(c, px);
    };
    gc.fonts.has_glyph = [face](const std::string& file, char32_t c) {
      return face(file).has_glyph(c);
    };
    gc.work_dir = s.work_dir;
    gc.output_path = s.output_path;
    ffmpeg_job job;
    std::string err;
    if (!build_ffmpeg_job(d, sources, gc, job, err)) {
      res.error_message = "Video rendering failed: " + err;
      return res;
    }
    for (const auto& u : job.notes)
      if (logged.insert(u.feature + " on " + u.where).second)
        log::warn("render: draft uses unsupported ", u.feature, " on ", u.where);
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
