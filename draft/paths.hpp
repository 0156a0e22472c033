// Where the files of a draft land inside the local draft folder, and which local file a
// material path of draft_content.json names. Pure string work, no file system access, so that
// every rule (and every refusal) is unit-tested on its own.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cutqueue::draft {

/// A relative path made only of normal segments joined by '/': refuses "..", ".", NUL and an
/// empty result; empty segments ("a//b", a leading '/') are dropped. nullopt when refused.
std::optional<std::string> safe_relative_path(std::string_view path);

/// The path below the draft folder for one file URL that get_draft listed. Rule, on the
/// percent-decoded URL path: the part after the first segment equal to `draft_id`
/// (".../output/draft/<id>/assets/a.mp4" -> "assets/a.mp4"); without such a segment, the part
/// after the last "draft" segment; without that, the last segment (the file name). nullopt when
/// the result is not a safe_relative_path (e.g. "%2e%2e", a trailing '/').
std::optional<std::string> file_url_relative_path(std::string_view url, std::string_view draft_id);

/// The path below the draft folder that a material `path` of draft_content.json names:
/// - an absolute server path with a `draft_id` segment ("/app/output/draft/<id>/assets/x.mp4",
///   also with '\' separators from Windows drafts) -> the part after that segment;
/// - Jianying's "##_draftpath_placeholder_<uuid>_##/assets/x.mp4" -> the part after the marker;
/// - a relative path ("assets/x.mp4") -> itself.
/// nullopt for absolute paths outside the draft (no `draft_id` segment, e.g. "/etc/passwd",
/// "C:/x.mp4") and for anything safe_relative_path refuses.
std::optional<std::string> material_relative_path(std::string_view path, std::string_view draft_id);

} // namespace cutqueue::draft
