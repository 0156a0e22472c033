// Helpers shared by the fetch tests: drafts generated once per test program (media made with
// FFmpeg, tests/support/drafts.hpp) for the fixture server to serve, and fast fetch settings.
#pragma once

#include "export/export_pipeline.hpp"
#include "tests/support/drafts.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace cutqueue::testing {

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

/// Draft folders in capcut-mate's layout below one root, made on first use and kept until the
/// test program ends (generating media per test would cost seconds each).
struct test_drafts {
  std::string root;
  /// Three clips on the main track: nine listed files, eight of them downloaded
  /// (draft_info.json is skipped); its first listed file is assets/videos/clip0_red.mp4.
  std::string basic_id = "20261128000000basicvid";
  std::string music_id = "20261128000000withmusic"; ///< two clips and an MP3 on an audio track
  std::string photo_id = "20261128000000withphoto"; ///< one clip and a PNG on a second track
  std::vector<std::string> ids() const { return {basic_id, music_id, photo_id}; }
  std::string dir(const std::string& id) const { return root + "/" + id; }
  /// Bytes of every file get_draft lists for `id`.
  uint64_t listed_bytes(const std::string& id) const {
    uint64_t total = 0;
    for (const auto& rel : draft_files(dir(id)))
      total += std::filesystem::file_size(dir(id) + "/" + rel);
    return total;
  }
};

/// The drafts; fails the calling test when FFmpeg cannot make them.
inline const test_drafts& generated_drafts() {
  static temp_dir folder("cutqueue-fetch-drafts");
  static const test_drafts drafts = [] {
    test_drafts d;
    d.root = folder.path();
    bool ok = write_color_draft(d.root, d.basic_id,
                                {{"red", 1.0, 440}, {"green", 1.0, 660}, {"blue", 1.0, 880}}) &&
              write_draft(d.root, d.music_id,
                          {{{"yellow", 1.0, 550}, {"cyan", 1.0, 990}}, 320, 180, 2.0, false}) &&
              write_draft(d.root, d.photo_id, {{{"magenta", 1.0, 770}}, 320, 180, 0, true});
    if (!ok)
      d.root.clear();
    return d;
  }();
  if (drafts.root.empty())
    ADD_FAILURE() << "FFmpeg could not generate the test drafts";
  return drafts;
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
