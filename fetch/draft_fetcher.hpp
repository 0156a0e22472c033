// Phase 1 of an export: ask the draft's get_draft endpoint which files make up the draft, download
// them into the task's work folder, and map material paths of draft_content.json to local files.
#pragma once

#include "common/cancel_token.hpp"
#include "fetch/fetch_config.hpp"

#include <functional>
#include <string>

namespace cutqueue::fetch {

struct fetch_outcome {
  bool ok = false;
  std::string error_message; ///< api.md texts: "Draft does not exist",
                             ///< "Material inaccessible: <url> (<reason>)", ...
};

struct fetched_draft {
  std::string draft_id;  ///< the draft_id query parameter of the draft URL
  std::string dir;       ///< local folder holding draft_content.json, assets/...
  size_t cache_hits = 0; ///< files served by a revalidated cached copy (GET /metrics)
};

/// GETs `draft_url` expecting capcut-mate's `{"code":0,"files":[...]}`; `code` != 0 or HTTP 404
/// is "Draft does not exist". Downloads every listed file into `dest_dir`, keeping the path
/// after the draft id segment (".../<draft_id>/assets/videos/a.mp4" -> dest_dir/assets/videos/
/// a.mp4), with bounded parallelism, connect/stall timeouts, and up to cfg.max_download_tries
/// tries on 408/429/5xx and network errors (backoff honouring Retry-After). Other 4xx:
/// "Material inaccessible: <url> (HTTP <n>)". `progress` gets 0..1 by bytes.
///
/// Details: URLs without a draft id segment are placed by file_url_relative_path
/// (draft/paths.hpp); a URL that would land outside `dest_dir` fails the fetch.
/// draft_info.json is not downloaded (capcut-mate's copy of draft_content.json; its own exporter
/// skips it too), and a listing without draft_content.json is "Draft does not exist".
/// `progress` is called from download threads, never concurrently, never decreasing, and with
/// 1.0 on success. When `cancel` fires, transfers and retry waits stop within ~0.1 s and the
/// result is !ok ("Processing timeout" for cancel_reason::timeout, else "cancelled"); callers
/// should consult the token rather than the text.
fetch_outcome fetch_draft(const std::string& draft_url, const std::string& dest_dir,
                          const fetch_config& cfg, const std::function<void(double)>& progress,
                          const cancel_token& cancel, fetched_draft& out);

/// Maps one material `path` of draft_content.json to a local file: absolute server paths such
/// as /app/output/draft/<draft_id>/assets/x.mp4 become draft.dir/assets/x.mp4 (the part after
/// the draft id); http(s) URLs are downloaded into draft.dir (same retry rules). A path that
/// maps outside draft.dir, or to a file that does not exist, is an error:
/// "Material inaccessible: <path> (<reason>)".
fetch_outcome resolve_material(const std::string& material_path, const fetched_draft& draft,
                               const fetch_config& cfg, const cancel_token& cancel,
                               std::string& local_path);

} // namespace cutqueue::fetch
