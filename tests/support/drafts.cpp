#include "tests/support/drafts.hpp"

#include "tests/support/support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace cutqueue::testing {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json segment(const std::string& material, int64_t start_us, int64_t dur_us, int render_index) {
  return {{"id", "seg-" + material},
          {"material_id", material},
          {"render_index", render_index},
          {"visible", true},
          {"target_timerange", {{"start", start_us}, {"duration", dur_us}}},
          {"source_timerange", {{"start", 0}, {"duration", dur_us}}},
          {"speed", 1.0},
          {"volume", 1.0},
          {"is_tone_modify", false},
          {"extra_material_refs", json::array()},
          {"clip",
           {{"alpha", 1.0},
            {"flip", {{"horizontal", false}, {"vertical", false}}},
            {"rotation", 0.0},
            {"scale", {{"x", 1.0}, {"y", 1.0}}},
            {"transform", {{"x", 0.0}, {"y", 0.0}}}}}};
}

json track(const std::string& id, const std::string& type, json segments) {
  return {{"id", id},
          {"type", type},
          {"name", type + "_track"},
          {"attribute", 0},
          {"segments", std::move(segments)}};
}

bool ffmpeg(std::vector<std::string> args, const std::string& out) {
  std::vector<std::string> argv = {"ffmpeg",    "-nostdin", "-hide_banner",
                                   "-loglevel", "error",    "-y"};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.push_back(out);
  if (run(argv).exit_code == 0)
    return true;
  ADD_FAILURE() << "ffmpeg could not generate " << out;
  return false;
}

std::string us(double seconds) {
  return std::to_string(seconds);
}

/// capcut-mate copies these from its template folder into every draft; cutqueue downloads them
/// like any listed file and never reads them.
void write_template_files(const fs::path& dir) {
  std::ofstream(dir / "template.tmp", std::ios::binary) << std::string(64, '\0') << "template";
  std::ofstream(dir / "attachment_pc_common.json") << R"({"ai_packaging_infos":[]})";
  std::ofstream(dir / "draft_agency_config.json") << R"({"is_auto_agency_enabled":false})";
  std::ofstream(dir / "draft_meta_info.json")
      << R"({"draft_fold_path":"C:/Users/1/JianyingPro Drafts/template","draft_name":"t"})";
}

} // namespace

bool write_draft(const std::string& root, const std::string& draft_id, const draft_spec& spec) {
  const auto dir = fs::path(root) / draft_id;
  const std::string server_dir = "/app/output/draft/" + draft_id + "/";
  fs::create_directories(dir / "assets" / "videos");
  write_template_files(dir);
  const std::string size = std::to_string(spec.width) + "x" + std::to_string(spec.height);
  json videos = json::array(), audios = json::array(), main = json::array();
  json tracks = json::array();
  int64_t t = 0;
  for (size_t i = 0; i < spec.clips.size(); ++i) {
    const auto& c = spec.clips[i];
    const auto name = "clip" + std::to_string(i) + "_" + c.color + ".mp4";
    // Media a little longer than the cut, as real clips are.
    const auto len = us(c.seconds + 0.5);
    if (!ffmpeg({"-f", "lavfi", "-i", "color=c=" + c.color + ":s=" + size + ":r=25:d=" + len, "-f",
                 "lavfi", "-i", "sine=frequency=" + std::to_string(c.tone_hz) + ":duration=" + len,
                 "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac",
                 "-shortest"},
                (dir / "assets" / "videos" / name).string()))
      return false;
    const auto dur = static_cast<int64_t>(c.seconds * 1e6);
    const auto id = "mat" + std::to_string(i);
    videos.push_back({{"id", id},
                      {"type", "video"},
                      {"width", spec.width},
                      {"height", spec.height},
                      {"duration", static_cast<int64_t>((c.seconds + 0.5) * 1e6)},
                      {"material_name", name},
                      {"path", server_dir + "assets/videos/" + name}});
    main.push_back(segment(id, t, dur, 1));
    t += dur;
  }
  tracks.push_back(track("track-main", "video", main));
  if (spec.photo) {
    fs::create_directories(dir / "assets" / "images");
    if (!ffmpeg({"-f", "lavfi", "-i", "color=c=white:s=" + size + ":d=1", "-frames:v", "1"},
                (dir / "assets" / "images" / "photo.png").string()))
      return false;
    videos.push_back({{"id", "photo"},
                      {"type", "photo"},
                      {"width", spec.width},
                      {"height", spec.height},
                      {"duration", 10800000000},
                      {"material_name", "photo.png"},
                      {"path", server_dir + "assets/images/photo.png"}});
    tracks.push_back(track("track-photo", "video", json::array({segment("photo", 0, 1000000, 2)})));
    t = std::max<int64_t>(t, 1000000);
  }
  if (spec.music_seconds > 0) {
    fs::create_directories(dir / "assets" / "audios");
    if (!ffmpeg({"-f", "lavfi", "-i", "sine=frequency=300:duration=" + us(spec.music_seconds),
                 "-c:a", "libmp3lame", "-q:a", "9"},
                (dir / "assets" / "audios" / "music.mp3").string()))
      return false;
    const auto dur = static_cast<int64_t>(spec.music_seconds * 1e6);
    audios.push_back({{"id", "music"},
                      {"type", "extract_music"},
                      {"duration", dur},
                      {"name", "music.mp3"},
                      {"path", server_dir + "assets/audios/music.mp3"}});
    tracks.push_back(track("track-music", "audio", json::array({segment("music", 0, dur, 0)})));
    t = std::max(t, dur);
  }
  json draft = {
      {"id", "draft-" + draft_id},
      {"version", 360000},
      {"fps", 30.0},
      {"duration", t},
      {"canvas_config", {{"width", spec.width}, {"height", spec.height}, {"ratio", "original"}}},
      {"materials", {{"videos", videos}, {"audios", audios}, {"texts", json::array()}}},
      {"tracks", tracks}};
  std::ofstream(dir / "draft_content.json") << draft.dump(2);
  std::ofstream(dir / "draft_info.json") << draft.dump(2);
  return true;
}

bool write_color_draft(const std::string& root, const std::string& draft_id,
                       const std::vector<color_clip>& clips, int width, int height) {
  draft_spec spec;
  spec.clips = clips;
  spec.width = width;
  spec.height = height;
  return write_draft(root, draft_id, spec);
}

std::vector<std::string> draft_files(const std::string& draft_dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(draft_dir))
    if (e.is_regular_file())
      out.push_back(fs::relative(e.path(), draft_dir).generic_string());
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace cutqueue::testing
