#include "tests/conformance/draft_catalogue.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace cutqueue::conformance {

const std::vector<fixture_draft>& fixture_drafts() {
  static const std::vector<fixture_draft> drafts = {
      {"basic_video", false},    {"av_captions", false}, {"images_mixed", false},
      {"long_draft", false},     {"too_short", false},   {"keyframes", true},
      {"transitions", true},     {"masks", true},        {"animations_text", true},
      {"effects_filters", true}, {"audio_mix", true},    {"sticker", true},
      {"caption_params", true},  {"scale_2min", false},
  };
  return drafts;
}

bool is_fixture_draft(const std::string& name) {
  for (const auto& d : fixture_drafts())
    if (d.name == name)
      return true;
  return false;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string draft_id_of(const std::string& fixtures, const std::string& name) {
  auto doc =
      nlohmann::json::parse(read_file(fixtures + "/" + name + "/get_draft.json"), nullptr, false);
  if (!doc.is_object() || !doc.contains("files") || !doc["files"].is_array() ||
      doc["files"].empty() || !doc["files"][0].is_string())
    return {};
  const std::string marker = "/output/draft/";
  auto first = doc["files"][0].get<std::string>();
  auto at = first.find(marker);
  if (at == std::string::npos)
    return {};
  auto rest = first.substr(at + marker.size());
  return rest.substr(0, rest.find('/'));
}

long long draft_duration_us(const std::string& fixtures, const std::string& name) {
  auto doc = nlohmann::json::parse(read_file(fixtures + "/" + name + "/draft_content.json"),
                                   nullptr, false);
  if (!doc.is_object() || !doc.contains("duration") || !doc["duration"].is_number())
    return 0;
  return doc["duration"].get<long long>();
}

} // namespace cutqueue::conformance
