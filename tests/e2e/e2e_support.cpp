#include "tests/e2e/e2e_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace cutqueue::testing {

namespace fs = std::filesystem;

namespace {

nlohmann::json segment(const std::string& material, int64_t start_us, int64_t dur_us,
                       int render_index) {
  return {{"id", "seg-" + material},
          {"material_id", material},
          {"render_index", render_index},
          {"visible", true},
          {"target_timerange", {{"start", start_us}, {"duration", dur_us}}},
          {"source_timerange", {{"start", 0}, {"duration", dur_us}}},
          {"speed", 1.0},
          {"volume", 1.0},
          {"is_tone_modify", false},
          {"extra_material_refs", nlohmann::json::array()},
          {"clip",
           {{"alpha", 1.0},
            {"flip", {{"horizontal", false}, {"vertical", false}}},
            {"rotation", 0.0},
            {"scale", {{"x", 1.0}, {"y", 1.0}}},
            {"transform", {{"x", 0.0}, {"y", 0.0}}}}}};
}

} // namespace

bool write_color_draft(const std::string& root, const std::string& draft_id,
                       const std::vector<color_clip>& clips, int width, int height) {
  auto dir = fs::path(root) / draft_id;
  fs::create_directories(dir / "assets" / "videos");
  nlohmann::json videos = nlohmann::json::array();
  nlohmann::json segments = nlohmann::json::array();
  int64_t t = 0;
  for (size_t i = 0; i < clips.size(); ++i) {
    auto& c = clips[i];
    auto name = "clip" + std::to_string(i) + "_" + c.color + ".mp4";
    auto file = (dir / "assets" / "videos" / name).string();
    // Media a little longer than the cut, as real clips are.
    auto len = std::to_string(c.seconds + 0.5);
    auto res = run({"ffmpeg",
                    "-hide_banner",
                    "-loglevel",
                    "error",
                    "-y",
                    "-f",
                    "lavfi",
                    "-i",
                    "color=c=" + c.color + ":s=" + std::to_string(width) + "x" +
                        std::to_string(height) + ":r=25:d=" + len,
                    "-f",
                    "lavfi",
                    "-i",
                    "sine=frequency=" + std::to_string(c.tone_hz) + ":duration=" + len,
                    "-c:v",
                    "libx264",
                    "-preset",
                    "ultrafast",
                    "-pix_fmt",
                    "yuv420p",
                    "-c:a",
                    "aac",
                    "-shortest",
                    file});
    if (res.exit_code != 0) {
      ADD_FAILURE() << "ffmpeg could not generate " << file;
      return false;
    }
    auto dur_us = static_cast<int64_t>(c.seconds * 1e6);
    auto id = "mat" + std::to_string(i);
    videos.push_back({{"id", id},
                      {"type", "video"},
                      {"width", width},
                      {"height", height},
                      {"duration", static_cast<int64_t>((c.seconds + 0.5) * 1e6)},
                      {"material_name", name},
                      {"path", "/app/output/draft/" + draft_id + "/assets/videos/" + name}});
    segments.push_back(segment(id, t, dur_us, 1));
    t += dur_us;
  }
  nlohmann::json draft = {
      {"id", "draft-" + draft_id},
      {"version", 360000},
      {"fps", 30.0},
      {"duration", t},
      {"canvas_config", {{"width", width}, {"height", height}, {"ratio", "original"}}},
      {"materials",
       {{"videos", videos},
        {"audios", nlohmann::json::array()},
        {"texts", nlohmann::json::array()}}},
      {"tracks",
       {{{"id", "track-main"},
         {"type", "video"},
         {"name", "video_track"},
         {"attribute", 0},
         {"segments", segments}}}}};
  std::ofstream(dir / "draft_content.json") << draft.dump(2);
  std::ofstream(dir / "draft_info.json") << draft.dump(2);
  return true;
}

http_response submit(const cutqueue_server& srv, const std::string& draft_url) {
  return post_json(srv.api("gen_video"), nlohmann::json{{"draft_url", draft_url}}.dump());
}

http_response query(const cutqueue_server& srv, const std::string& draft_url) {
  return post_json(srv.api("gen_video_status"), nlohmann::json{{"draft_url", draft_url}}.dump());
}

nlohmann::json status_json(const cutqueue_server& srv, const std::string& draft_url) {
  auto r = query(srv, draft_url);
  if (r.status != 200)
    return nullptr;
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  return j.is_discarded() ? nlohmann::json{} : j;
}

nlohmann::json wait_terminal(const cutqueue_server& srv, const std::string& draft_url,
                             std::chrono::milliseconds deadline) {
  nlohmann::json last;
  wait_until(
      [&] {
        last = status_json(srv, draft_url);
        auto s = last.is_object() ? last.value("status", "") : "";
        return s == "completed" || s == "failed";
      },
      deadline, 100ms);
  return last;
}

bool wait_status(const cutqueue_server& srv, const std::string& draft_url,
                 const std::string& status, std::chrono::milliseconds deadline) {
  return wait_until(
      [&] {
        auto j = status_json(srv, draft_url);
        return j.is_object() && j.value("status", "") == status;
      },
      deadline, 50ms);
}

std::string detail(const http_response& r) {
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  return j.is_object() && j.contains("detail") && j["detail"].is_string()
             ? j["detail"].get<std::string>()
             : "<no detail in: " + r.body + ">";
}

std::string download(const std::string& url, const std::string& dir) {
  auto r = http_request("GET", url, {}, {}, 60s);
  if (r.status != 200)
    return {};
  auto path = dir + "/download.mp4";
  std::ofstream(path, std::ios::binary) << r.body;
  return path;
}

} // namespace cutqueue::testing
