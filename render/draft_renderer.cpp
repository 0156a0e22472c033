#include "render/draft_renderer.hpp"

#include "common/content_fingerprint.hpp"
#include "common/files.hpp"
#include "common/log.hpp"
#include "render/caption_layout.hpp"
#include "render/chunked_render.hpp"
#include "render/feature_audit.hpp"
#include "render/ffmpeg_graph.hpp"
#include "render/ffmpeg_runner.hpp"
#include "render/fonts.hpp"
#include "render/media_probe.hpp"
#include "render/png_writer.hpp"
#include "render/text_raster.hpp"
#include "render/webp_animation.hpp"

#include <cmath>
#include <fstream>
#include <map>
#include <memory>
#include <set>

namespace cutqueue::render {

// The graph is built from the draft model throughout.
using namespace cutqueue::draft;

namespace {

/// The operator's files for the draft's filters and stickers. A sticker file is probed like a
/// material and added to `sources`; one that cannot be read is logged and left out.
look_sources find_look_sources(const draft::document& d, const resource_folder& folder,
                               material_sources& sources, const std::string& work_dir,
                               const std::string& task_id) {
  look_sources out;
  for (const auto& t : d.tracks) {
    if (t.type != track_type::filter && t.type != track_type::sticker)
      continue;
    for (const auto& seg : t.segments) {
      auto r = d.resources.find(seg.material_id);
      if (r == d.resources.end())
        continue;
      if (t.type == track_type::filter) {
        const std::string lut = folder.lut_for(r->second.resource_id, r->second.name);
        if (!lut.empty())
          out.luts[seg.material_id] = lut;
        continue;
      }
      const std::string file = folder.sticker_for(r->second.resource_id);
      if (file.empty())
        continue;
      std::string used = file;
      if (is_animated_webp(file)) {
        // Decoded here at the canvas rate, once per distinct file of the draft.
        used = work_dir + "/sticker_" + std::to_string(sources.size()) + ".rgba";
        for (const auto& [key, src] : sources)
          if (src.origin == file)
            used = key;
        if (!sources.count(used)) {
          material_source src;
          std::string why;
          if (!webp_to_rawvideo(file, d.fps, used, src, why)) {
            log::warn("render: sticker file ", file, " cannot be read (", why, "), left out",
                      task_id.empty() ? "" : " [task " + task_id + "]");
            continue;
          }
          src.origin = file;
          sources[used] = src;
        }
        out.origins[used] = file;
      } else if (!sources.count(file)) {
        material_source src{file, {}};
        const probe_outcome probed = probe_media(file, src.info);
        if (!probed.ok || !src.info.has_video) {
          log::warn("render: sticker file ", file, " cannot be read (",
                    probed.ok ? "no picture" : probed.error.substr(0, 200), "), left out",
                    task_id.empty() ? "" : " [task " + task_id + "]");
          continue;
        }
        sources[file] = src;
      }
      out.stickers[seg.material_id] = used;
    }
  }
  return out;
}

/// Logs every feature the video will not show, once per task: what the model does not hold,
/// resources without a look, and what the graph could not draw. Returns the names of those
/// not drawn at all, comma-separated.
std::string log_missing_features(const draft::document& d,
                                 const std::vector<draft::unsupported_feature>& graph_notes,
                                 const render_settings& s) {
  std::vector<draft::unsupported_feature> missing = d.unsupported;
  for (auto& u : unrendered_resources(d))
    missing.push_back(std::move(u));
  missing.insert(missing.end(), graph_notes.begin(), graph_notes.end());
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
      log::info("render: draft uses ", u.feature, " on ", u.where, ", drawn from ", u.detail, task);
    else
      log::warn("render: draft uses unsupported ", u.feature, " on ", u.where, task);
    if (u.how == draft::drawn::not_at_all && names.insert(u.feature).second)
      listed += (listed.empty() ? "" : ", ") + u.feature;
  }
  return listed;
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
    const resource_folder no_folder;
    const resource_folder& folder = s.resources ? *s.resources : no_folder;
    gc.looks = find_look_sources(d, folder, sources, s.work_dir, s.task_id);
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
    if (s.resources) {
      const std::shared_ptr<const resource_folder> files = s.resources;
      caption_files.by_font_id = [files](const std::string& id) { return files->font_for(id); };
      caption_files.text_effect_texture = [files](const std::string& id) {
        return files->text_effect_for(id);
      };
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
    const bool chunked = wants_chunks(d, s);
    ffmpeg_job job;
    chunk_plan chunks;
    std::string err;
    if (chunked ? !prepare_chunks(d, sources, gc, s, chunks, err)
                : !build_ffmpeg_job(d, sources, gc, job, err)) {
      res.error_message = "Video rendering failed: " + err;
      return res;
    }
    const std::string listed = log_missing_features(d, chunked ? chunks.notes : job.notes, s);
    if (s.fail_on_unsupported && !listed.empty()) {
      res.error_message = "Unsupported draft feature: " + listed;
      return res;
    }
    if (chunked)
      return run_chunks(chunks, s, progress, cancel);
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
    auto run = run_ffmpeg(
        job.argv, cancel,
        [&](int64_t out_us) {
          if (progress)
            progress(std::min(1.0, static_cast<double>(out_us) / total));
        },
        ffmpeg_watch{d.duration});
    if (run.cancelled) {
      res.cancelled = true;
      return res;
    }
    if (!run.ok()) {
      log::error("render: ffmpeg failed (", run.exit_code, "): ", run.stderr_tail);
      res.error_message = ffmpeg_failure_text(run);
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
