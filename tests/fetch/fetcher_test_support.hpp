// Helpers shared by the draft fetcher and material resolver tests.
#pragma once

#include "export/export_pipeline.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace cutqueue::testing {

/// The fixture drafts of ../shared/fixtures (folder names).
inline const std::vector<std::string> fixture_drafts = {"basic_video", "av_captions",
                                                        "images_mixed", "long_draft", "too_short"};

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

/// A fixture draft's id, as its recorded get_draft answer names it.
inline std::string fixture_draft_id(const std::string& fixtures, const std::string& name) {
  auto doc =
      nlohmann::json::parse(read_file(std::filesystem::path(fixtures) / name / "get_draft.json"));
  auto first = doc["files"][0].get<std::string>();
  auto rest = first.substr(first.find("/output/draft/") + 14);
  return rest.substr(0, rest.find('/'));
}

/// Short timeouts and few tries, so failure tests finish in a second or two.
inline fetch::fetch_config fast_fetch_config() {
  fetch::fetch_config cfg;
  cfg.connect_timeout = std::chrono::seconds(5);
  cfg.read_timeout = std::chrono::seconds(10);
  cfg.max_download_tries = 3;
  cfg.download_parallelism = 4;
  return cfg;
}

} // namespace cutqueue::testing
