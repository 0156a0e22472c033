#include "export/export_pipeline.hpp"

#include "common/files.hpp"
#include "common/log.hpp"
#include "common/service_metrics.hpp"
#include "draft/parser.hpp"
#include "fetch/draft_fetcher.hpp"
#include "fetch/http_download.hpp"
#include "render/draft_renderer.hpp"

#include <algorithm>
#include <filesystem>

namespace cutqueue::exporting {

namespace fs = std::filesystem;

namespace {

/// Keeps [A-Za-z0-9_-], replaces anything else by '_', at most 64 characters: the name is used
/// in a URL and a file system path.
std::string sanitise(const std::string& s, const char* fallback) {
  std::string out;
  for (char c : s) {
    if (out.size() == 64)
      break;
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '_' || c == '-';
    out += keep ? c : '_';
  }
  return out.empty() ? fallback : out;
}

/// Removes the task's work folder on every way out of run_export.
struct work_dir_guard {
  fs::path dir;
  ~work_dir_guard() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

/// Removes the temporary output unless it was published.
struct part_file_guard {
  fs::path file;
  bool keep = false;
  ~part_file_guard() {
    if (!keep) {
      std::error_code ec;
      fs::remove(file, ec);
    }
  }
};

export_result stopped(const cancel_token& cancel) {
  export_result r;
  if (cancel.reason() == cancel_reason::timeout)
    r.error_message = "Processing timeout";
  else
    r.cancelled = true;
  return r;
}

export_result failed(std::string why) {
  export_result r;
  r.error_message = std::move(why);
  return r;
}

export_result run_export_impl(const export_request& req, const pipeline_config& shared_cfg,
                              const progress_fn& progress, const cancel_token& cancel) {
  // Every download of this task (get_draft, files, http(s) materials) draws on one budget.
  pipeline_config cfg = shared_cfg;
  cfg.fetch.task_budget =
      std::make_shared<fetch::download_budget>(shared_cfg.fetch.max_task_download);
  int last = -1;
  auto report = [&](double pct) {
    int p = std::clamp(static_cast<int>(pct), 0, 100);
    if (p > last) { // monotonic even if a phase reports out of order
      last = p;
      if (progress)
        progress(p);
    }
  };
  report(0);
  fetch::fetched_draft fetched;
  // However the export ends, what it downloaded counts (a failed one cost the bytes too).
  struct download_count {
    const pipeline_config& cfg;
    const fetch::fetched_draft& fetched;
    ~download_count() {
      metrics::downloads(cfg.metrics.get(), static_cast<uint64_t>(cfg.fetch.task_budget->used()),
                         fetched.cache_hits);
    }
  } counted{cfg, fetched};
  const std::string task = sanitise(req.task_id, "task");
  work_dir_guard guard{fs::path(cfg.work_root) / task};
  std::error_code ec;
  fs::remove_all(guard.dir, ec); // leftovers of an interrupted earlier attempt
  fs::create_directories(guard.dir, ec);
  if (ec)
    return failed("Video rendering failed: cannot create work folder: " + ec.message());
  fs::create_directories(cfg.output_dir, ec);
  if (ec)
    return failed("Video rendering failed: cannot create output folder: " + ec.message());

  // 0-5 get_draft, 5-30 downloads by bytes (the fetcher reports only the byte fraction).
  auto fo = fetch::fetch_draft(
      req.draft_url, (guard.dir / "draft").string(), cfg.fetch,
      [&](double f) { report(5 + 25 * std::clamp(f, 0.0, 1.0)); }, cancel, fetched);
  if (cancel.cancelled())
    return stopped(cancel);
  if (!fo.ok)
    return failed(fo.error_message);
  report(30);

  draft::document d;
  // The fetcher refuses drafts without draft_content.json; draft_info.json is its twin.
  fs::path content = fs::path(fetched.dir) / "draft_content.json";
  auto pr = draft::parse_draft_file(content.string(), d);
  if (!pr.ok) {
    if (pr.empty)
      return failed("Draft content is empty");
    return failed("Video rendering failed: " + pr.error);
  }

  const std::string final_name =
      req.chunk ? task + ".mp4" : sanitise(fetched.draft_id, "draft") + "-" + task + ".mp4";
  part_file_guard part{fs::path(cfg.output_dir) / ("." + task + ".mp4.part")};
  render::render_settings rs;
  rs.ffmpeg = cfg.ffmpeg;
  rs.x264_preset = cfg.x264_preset;
  rs.threads = cfg.render_threads;
  rs.font_file = cfg.font_file;
  rs.fail_on_unsupported = cfg.fail_on_unsupported;
  if (cfg.resources)
    rs.resources = cfg.resources->current();
  rs.task_id = req.task_id;
  rs.work_dir = guard.dir.string();
  rs.chunk_seconds = cfg.chunk_seconds;
  if (!cfg.chunk_root.empty())
    rs.chunk_dir = (fs::path(cfg.chunk_root) / task).string();
  rs.ledger = cfg.ledger;
  rs.lender = cfg.lender;
  rs.draft_url = req.draft_url;
  if (req.chunk) {
    rs.chunk_seconds = req.chunk->seconds;
    rs.x264_preset = req.chunk->x264_preset.empty() ? rs.x264_preset : req.chunk->x264_preset;
    rs.only_units = {req.chunk->unit};
    rs.unit_output = part.file.string();
    rs.ledger = nullptr;
    rs.lender = nullptr;
  }
  rs.node = cfg.node_name;
  rs.metrics = cfg.metrics;
  rs.output_path = part.file.string();
  auto resolve = [&](const std::string& path, std::string& local, std::string& err) {
    auto r = fetch::resolve_material(path, fetched, cfg.fetch, cancel, local);
    err = r.error_message;
    return r.ok;
  };
  auto render_began = std::chrono::steady_clock::now();
  auto rr = render::render_draft(
      d, resolve, rs, [&](double f) { report(30 + 65 * f); }, cancel);
  metrics::render_duration(
      cfg.metrics.get(),
      std::chrono::duration<double>(std::chrono::steady_clock::now() - render_began).count());
  if (rr.cancelled || cancel.cancelled())
    return stopped(cancel);
  if (!rr.ok)
    return failed(rr.error_message);
  report(95);

  if (!fs::exists(part.file, ec) || fs::file_size(part.file, ec) == 0)
    return failed("Encoding failed: no output written");
  if (!fsync_path(part.file.string(), false))
    return failed("Encoding failed: cannot sync output file");
  const fs::path final_path = fs::path(cfg.output_dir) / final_name;
  fs::rename(part.file, final_path, ec);
  if (ec)
    return failed("Encoding failed: cannot publish output: " + ec.message());
  part.keep = true;
  fsync_path(cfg.output_dir, true); // the rename itself must survive a crash
  report(100);
  log::info("render: task ", req.task_id, req.chunk ? " (chunk " + req.chunk->unit + ")" : "",
            " wrote ", final_name);
  export_result ok;
  ok.ok = true;
  ok.output_file = final_name;
  return ok;
}

/// A task's finished chunks are kept while it may run again — after a shutdown, or after a
/// crash, which never gets here — and dropped when it ended, either way.
void drop_chunks_if_ended(const export_request& req, const pipeline_config& cfg,
                          const export_result& r, const cancel_token& cancel) {
  if (r.cancelled && cancel.reason() == cancel_reason::shutdown)
    return;
  std::error_code ec;
  if (!cfg.chunk_root.empty())
    fs::remove_all(fs::path(cfg.chunk_root) / sanitise(req.task_id, "task"), ec);
  if (cfg.ledger)
    cfg.ledger->forget(req.task_id);
}

} // namespace

export_result run_export(const export_request& req, const pipeline_config& cfg,
                         const progress_fn& progress, const cancel_token& cancel) {
  export_result r;
  try {
    r = run_export_impl(req, cfg, progress, cancel);
  } catch (const std::exception& e) {
    r = failed(std::string("Video rendering failed: ") + e.what());
  } catch (...) {
    r = failed("Video rendering failed: internal error");
  }
  drop_chunks_if_ended(req, cfg, r, cancel);
  return r;
}

} // namespace cutqueue::exporting
