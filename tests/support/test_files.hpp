// Helpers shared by the unit suites: fixture lookup, scratch folders, media generated with
// FFmpeg's lavfi sources and hand-written drafts in capcut-mate's shape.
#pragma once

#include "common/subprocess.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace cutqueue::test {

namespace fs = std::filesystem;
using nlohmann::json;

/// The capcut-mate fixtures, or "" after failing (CI) / recording a skip (elsewhere).
inline std::string fixtures_dir() {
#ifdef CUTQUEUE_FIXTURES_DIR
  std::string dir = CUTQUEUE_FIXTURES_DIR;
#else
  std::string dir;
#endif
  if (!dir.empty() && fs::exists(fs::path(dir) / "basic_video" / "draft_content.json"))
    return dir;
  if (std::getenv("CI"))
    ADD_FAILURE() << "fixtures not found at '" << dir << "'";
  return {};
}

#define CUTQUEUE_FIXTURES_OR_SKIP(var)                                                             \
  std::string var = ::cutqueue::test::fixtures_dir();                                              \
  if (var.empty()) {                                                                               \
    if (!std::getenv("CI"))                                                                        \
      GTEST_SKIP() << "capcut-mate fixtures not available";                                        \
    return;                                                                                        \
  }

/// A scratch folder removed on destruction.
class scratch_dir {
public:
  scratch_dir() {
    std::string tmpl = (fs::temp_directory_path() / "cutqueue-render-XXXXXX").string();
    if (::mkdtemp(tmpl.data()))
      path_ = tmpl;
  }
  ~scratch_dir() {
    std::error_code ec;
    if (!path_.empty())
      fs::remove_all(path_, ec);
  }
  scratch_dir(const scratch_dir&) = delete;
  scratch_dir& operator=(const scratch_dir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

private:
  std::string path_;
};

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

/// Runs ffmpeg with `args` (after "-y -v error"); true on success.
inline bool ffmpeg(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"ffmpeg", "-nostdin", "-y", "-v", "error"};
  argv.insert(argv.end(), args.begin(), args.end());
  process_options opt;
  opt.timeout = std::chrono::seconds(60);
  auto r = run_process(argv, opt);
  if (!r.ok())
    ADD_FAILURE() << "ffmpeg failed: " << r.stderr_tail;
  return r.ok();
}

/// A solid-colour clip with a sine tone (or no audio when hz == 0).
inline std::string make_clip(const std::string& dir, const std::string& name,
                             const std::string& colour, int w, int h, double secs, int hz,
                             int fps = 25) {
  std::string out = dir + "/" + name;
  std::vector<std::string> args = {"-f", "lavfi", "-i",
                                   "color=c=" + colour + ":s=" + std::to_string(w) + "x" +
                                       std::to_string(h) + ":r=" + std::to_string(fps) +
                                       ":d=" + std::to_string(secs)};
  if (hz > 0)
    args.insert(args.end(), {"-f", "lavfi", "-i",
                             "sine=frequency=" + std::to_string(hz) +
                                 ":sample_rate=44100:duration=" + std::to_string(secs)});
  args.insert(args.end(), {"-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"});
  if (hz > 0)
    args.insert(args.end(), {"-c:a", "aac", "-shortest"});
  args.push_back(out);
  return ffmpeg(args) ? out : std::string{};
}

/// Builds draft_content.json documents in capcut-mate's shape, with absolute local paths.
class draft_builder {
public:
  draft_builder(int w, int h, int64_t duration_us) {
    doc_ = {{"canvas_config", {{"width", w}, {"height", h}, {"ratio", "original"}}},
            {"duration", duration_us},
            {"fps", 30.0},
            {"materials",
             {{"videos", json::array()},
              {"audios", json::array()},
              {"texts", json::array()},
              {"effects", json::array()}}},
            {"tracks", json::array()}};
  }
  /// Returns the material id.
  std::string video(const std::string& path, int w, int h, bool photo = false) {
    std::string id = "mat" + std::to_string(next_++);
    doc_["materials"]["videos"].push_back({{"id", id},
                                           {"path", path},
                                           {"type", photo ? "photo" : "video"},
                                           {"width", w},
                                           {"height", h},
                                           {"duration", 10000000}});
    return id;
  }
  std::string audio(const std::string& path) {
    std::string id = "mat" + std::to_string(next_++);
    doc_["materials"]["audios"].push_back(
        {{"id", id}, {"path", path}, {"type", "extract_music"}, {"duration", 10000000}});
    return id;
  }
  std::string text(const std::string& content, double size = 15,
                   std::vector<double> colour = {1, 1, 1}) {
    std::string id = "mat" + std::to_string(next_++);
    json c = {{"text", content},
              {"styles",
               {{{"range", {0, 2 * content.size()}},
                 {"size", size},
                 {"bold", false},
                 {"italic", false},
                 {"fill", {{"alpha", 1.0}, {"content", {{"solid", {{"color", colour}}}}}}}}}}};
    doc_["materials"]["texts"].push_back(
        {{"id", id}, {"content", c.dump()}, {"alignment", 1}, {"type", "subtitle"}});
    return id;
  }
  /// Appends a track and returns its index.
  size_t track(const std::string& type, int attribute = 0) {
    doc_["tracks"].push_back({{"id", "t" + std::to_string(next_++)},
                              {"name", type + "_track"},
                              {"type", type},
                              {"attribute", attribute},
                              {"segments", json::array()}});
    return doc_["tracks"].size() - 1;
  }
  json& segment(size_t track, const std::string& material, int64_t start, int64_t dur,
                int render_index, int64_t src_start = 0, int64_t src_dur = -1, double speed = 1.0,
                double volume = 1.0) {
    json s = {{"id", "s" + std::to_string(next_++)},
              {"material_id", material},
              {"target_timerange", {{"start", start}, {"duration", dur}}},
              {"source_timerange",
               {{"start", src_start},
                {"duration", src_dur < 0 ? static_cast<int64_t>(dur * speed) : src_dur}}},
              {"speed", speed},
              {"volume", volume},
              {"render_index", render_index},
              {"visible", true},
              {"extra_material_refs", json::array()},
              {"common_keyframes", json::array()},
              {"clip",
               {{"alpha", 1.0},
                {"flip", {{"horizontal", false}, {"vertical", false}}},
                {"rotation", 0.0},
                {"scale", {{"x", 1.0}, {"y", 1.0}}},
                {"transform", {{"x", 0.0}, {"y", 0.0}}}}}};
    doc_["tracks"][track]["segments"].push_back(s);
    return doc_["tracks"][track]["segments"].back();
  }
  /// capcut-mate's 回音 (echo) sound effect on `seg`, its two parameters at 0.8.
  void echo(json& seg) {
    const std::string id = "ae" + std::to_string(next_++);
    doc_["materials"]["audio_effects"].push_back(
        {{"id", id},
         {"type", "audio_effect"},
         {"name", "回音"},
         {"resource_id", "7018011608408396325"},
         {"audio_adjust_params",
          {{{"name", "change_voice_param_quantity"}, {"value", 0.8}},
           {{"name", "change_voice_param_strength"}, {"value", 0.8}}}}});
    seg["extra_material_refs"].push_back(id);
  }
  json& doc() { return doc_; }
  std::string dump() const { return doc_.dump(); }

private:
  json doc_;
  int next_ = 1;
};

} // namespace cutqueue::test
