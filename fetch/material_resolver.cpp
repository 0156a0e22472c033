// resolve_material (declared in draft_fetcher.hpp): material path of draft_content.json -> a
// local file inside the fetched draft folder, downloading http(s) materials on the way.
#include "common/text.hpp"
#include "common/url.hpp"
#include "draft/paths.hpp"
#include "fetch/download_cache.hpp"
#include "fetch/draft_fetcher.hpp"
#include "fetch/fetch_common.hpp"
#include "fetch/http_download.hpp"

#include <filesystem>

namespace cutqueue::fetch {

using draft::file_url_relative_path;
using draft::material_relative_path;

namespace {

namespace fs = std::filesystem;
using namespace detail;

/// Folder (below the draft folder) for http(s) materials that are not files of the draft.
constexpr const char* remote_folder = "remote";

/// A stable local name for a URL: FNV-1a of the whole URL (so two "a.mp4" from different hosts
/// differ) plus the URL's file name (so FFmpeg can still guess the format from the extension).
std::string remote_name(const std::string& url) {
  std::string base;
  if (auto rel = file_url_relative_path(url, {}))
    base = fs::path(*rel).filename().string();
  return text::hex16(text::fnv1a(url)) + (base.empty() ? "" : "-" + base);
}

/// True when `file` (after following symlinks) lies inside `dir`.
bool stays_inside(const fs::path& dir, const fs::path& file) {
  std::error_code ec;
  auto root = fs::weakly_canonical(dir, ec);
  if (ec)
    return false;
  auto real = fs::weakly_canonical(file, ec);
  if (ec)
    return false;
  auto r = root.begin();
  auto f = real.begin();
  for (; r != root.end(); ++r, ++f)
    if (f == real.end() || *r != *f)
      return false;
  return f != real.end();
}

fetch_outcome check_local(const std::string& material_path, const fetched_draft& draft,
                          const fs::path& file, std::string& local_path) {
  if (!stays_inside(draft.dir, file))
    return inaccessible(material_path, "outside the draft folder");
  std::error_code ec;
  if (!fs::is_regular_file(file, ec))
    return inaccessible(material_path, "file not found");
  local_path = file.string();
  return {true, {}};
}

fetch_outcome resolve_remote(const std::string& material_url, const fetched_draft& draft,
                             const fetch_config& cfg, const cancel_token& cancel,
                             std::string& local_path) {
  // A URL into the draft's own folder on the server (DOWNLOAD_URL/output/draft/<id>/...) names
  // a file get_draft already listed: use the copy fetch_draft made.
  // material_relative_path only accepts an absolute path when it has a draft id segment.
  fs::path file;
  auto decoded = url::percent_decode(url::parse(material_url)->path, false);
  auto rel = decoded ? material_relative_path(*decoded, draft.draft_id) : std::nullopt;
  if (rel)
    file = fs::path(draft.dir) / *rel;
  else
    file = fs::path(draft.dir) / remote_folder / remote_name(material_url);
  std::error_code ec;
  if (fs::is_regular_file(file, ec))
    return check_local(material_url, draft, file, local_path);
  fs::create_directories(file.parent_path(), ec);
  if (ec)
    return inaccessible(material_url, "cannot create folder: " + ec.message());
  auto r = download_via_cache(material_url, file.string(), download_options_for(cfg, cancel), cfg)
               .result;
  if (r.status == download_status::cancelled)
    return cancelled_outcome(cancel);
  if (!r.ok())
    return inaccessible(material_url, describe_failure(r));
  return check_local(material_url, draft, file, local_path);
}

} // namespace

fetch_outcome resolve_material(const std::string& material_path, const fetched_draft& draft,
                               const fetch_config& cfg, const cancel_token& cancel,
                               std::string& local_path) {
  if (material_path.empty())
    return inaccessible(material_path, "empty path");
  if (material_path.find('\0') != std::string::npos)
    return inaccessible(material_path, "invalid path");
  if (url::parse(material_path))
    return resolve_remote(material_path, draft, cfg, cancel, local_path);
  // Any other scheme ("file:", "concat:", "ftp://") must not reach FFmpeg as a local path.
  auto colon = material_path.find(':');
  if (colon != std::string::npos && colon > 1 && material_path.find('/') > colon)
    return inaccessible(material_path, "unsupported scheme");
  auto rel = material_relative_path(material_path, draft.draft_id);
  if (!rel)
    return inaccessible(material_path, "outside the draft folder");
  return check_local(material_path, draft, fs::path(draft.dir) / *rel, local_path);
}

} // namespace cutqueue::fetch
