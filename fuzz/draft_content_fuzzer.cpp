// Fuzzes the draft_content.json parser (draft/parser.cpp) and the model queries the
// renderer builds its FFmpeg graph from (draft/model.cpp). The draft is downloaded from
// the server the draft_url names, so every byte of it is hostile.
#include "draft/parser.hpp"
#include "draft/paths.hpp"
#include "fuzz/fuzz_check.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

namespace {

using namespace cutqueue::draft;

bool valid_range(const timerange& r) {
  return r.start >= 0 && r.duration >= 0 && r.end() >= r.start;
}

bool reported(const document& d, const segment& s) {
  const std::string where = "segment " + s.id;
  return std::any_of(d.unsupported.begin(), d.unsupported.end(),
                     [&](const unsupported_feature& u) { return u.where == where; });
}

/// A segment on a video, audio or text track whose material is missing is either drawn from a
/// material of the matching list or named in d.unsupported, never dropped silently.
bool material_known(const document& d, const track& t, const segment& s) {
  switch (t.type) {
  case track_type::video:
    return d.videos.count(s.material_id) > 0;
  case track_type::audio:
    return d.audios.count(s.material_id) > 0;
  case track_type::text:
    return d.texts.count(s.material_id) > 0;
  case track_type::filter:
  case track_type::effect:
  case track_type::sticker:
  case track_type::other:
    break;
  }
  return true; // resource tracks name their resource in the audit; others are reported by type
}

void check_parsed(const document& d) {
  FUZZ_CHECK(d.width > 0 && d.width <= 8192 && d.height > 0 && d.height <= 8192);
  FUZZ_CHECK(d.fps >= 1.0 && d.fps <= 120.0);
  FUZZ_CHECK(d.duration > 0);
  for (const auto& [id, m] : d.videos)
    FUZZ_CHECK(m.id == id && m.duration >= 0);
  for (const auto& [id, m] : d.audios)
    FUZZ_CHECK(m.id == id && m.duration >= 0);
  for (const auto& t : d.tracks)
    for (const auto& s : t.segments) {
      FUZZ_CHECK(valid_range(s.target));
      FUZZ_CHECK(!s.has_source || valid_range(s.source));
      FUZZ_CHECK(s.speed > 0.0 && std::isfinite(s.speed));
      FUZZ_CHECK(s.volume >= 0.0 && std::isfinite(s.volume));
      FUZZ_CHECK(material_known(d, t, s) || reported(d, s));
    }

  // The queries only hand out segments whose material the graph builder can look up.
  for (const auto& p : visual_segments(d))
    FUZZ_CHECK(d.videos.count(p.seg->material_id) > 0 && p.seg->target.duration > 0);
  for (const auto& p : text_segments(d))
    FUZZ_CHECK(d.texts.count(p.seg->material_id) > 0 && p.seg->target.duration > 0);
  for (const auto& p : sound_segments(d))
    FUZZ_CHECK(d.videos.count(p.seg->material_id) > 0 || d.audios.count(p.seg->material_id) > 0);
  // Material paths are mapped into the work folder: the mapping must never leave it.
  for (const auto& path : used_material_paths(d)) {
    FUZZ_CHECK(!path.empty());
    if (auto rel = material_relative_path(path, "d1")) {
      FUZZ_CHECK(!rel->empty() && rel->front() != '/' && rel->front() != '\\');
      FUZZ_CHECK(("/" + *rel + "/").find("/../") == std::string::npos);
      FUZZ_CHECK(rel->find('\\') == std::string::npos);
    }
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  document d;
  auto r = parse_draft(text, d);
  if (r.ok) {
    FUZZ_CHECK(!r.empty && r.error.empty());
    check_parsed(d);
  } else if (r.empty) {
    FUZZ_CHECK(r.error == "Draft content is empty");
  } else {
    FUZZ_CHECK(r.error.rfind("invalid draft_content.json: ", 0) == 0);
  }
  return 0;
}
