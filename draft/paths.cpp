#include "draft/paths.hpp"

#include "common/url.hpp"

#include <cctype>
#include <vector>

namespace cutqueue::draft {

namespace {

std::vector<std::string_view> split(std::string_view path) {
  std::vector<std::string_view> out;
  while (true) {
    auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos)
      return out;
    path.remove_prefix(slash + 1);
  }
}

/// Joins segments [first, end) with '/' and checks the result.
std::optional<std::string> join_from(const std::vector<std::string_view>& segments, size_t first) {
  std::string joined;
  for (size_t i = first; i < segments.size(); ++i) {
    if (i > first)
      joined += '/';
    joined += segments[i];
  }
  return safe_relative_path(joined);
}

bool is_absolute(std::string_view path) {
  if (!path.empty() && path.front() == '/')
    return true;
  // "C:/..." or "C:" drive paths from Windows drafts.
  return path.size() >= 2 && path[1] == ':' && std::isalpha(static_cast<unsigned char>(path[0]));
}

} // namespace

std::optional<std::string> safe_relative_path(std::string_view path) {
  std::string out;
  for (auto seg : split(path)) {
    if (seg.empty())
      continue;
    if (seg == "." || seg == ".." || seg.find('\0') != std::string_view::npos)
      return std::nullopt;
    if (!out.empty())
      out += '/';
    out += seg;
  }
  if (out.empty() || path.empty() || path.back() == '/')
    return std::nullopt;
  return out;
}

std::optional<std::string> file_url_relative_path(std::string_view text,
                                                  std::string_view draft_id) {
  auto parts = url::parse(text);
  if (!parts)
    return std::nullopt;
  // Decode before splitting: an encoded "%2F.." must be judged as the ".." it becomes.
  auto decoded = url::percent_decode(parts->path, false);
  if (!decoded)
    return std::nullopt;
  auto segments = split(*decoded);
  for (size_t i = 0; i < segments.size(); ++i)
    if (!draft_id.empty() && segments[i] == draft_id)
      return join_from(segments, i + 1);
  for (size_t i = segments.size(); i-- > 0;)
    if (segments[i] == "draft")
      return join_from(segments, i + 1);
  return join_from(segments, segments.size() - 1);
}

std::optional<std::string> material_relative_path(std::string_view path,
                                                  std::string_view draft_id) {
  std::string normal(path);
  for (auto& c : normal)
    if (c == '\\')
      c = '/';
  constexpr std::string_view placeholder = "##_draftpath_placeholder_";
  if (normal.rfind(placeholder, 0) == 0) {
    auto end = normal.find("_##/");
    if (end == std::string::npos)
      return std::nullopt;
    return safe_relative_path(std::string_view(normal).substr(end + 4));
  }
  auto segments = split(normal);
  for (size_t i = 0; i < segments.size(); ++i)
    if (!draft_id.empty() && segments[i] == draft_id)
      return join_from(segments, i + 1);
  if (is_absolute(normal))
    return std::nullopt;
  return safe_relative_path(normal);
}

} // namespace cutqueue::draft
