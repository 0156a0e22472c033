#include "render/media_probe.hpp"

#include "render/subprocess.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>

namespace cutqueue::render {

namespace {

using nlohmann::json;

double number_field(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end())
    return 0;
  if (it->is_number())
    return it->get<double>();
  if (it->is_string())
    return std::atof(it->get<std::string>().c_str());
  return 0;
}

/// Display rotation in degrees: FFmpeg auto-rotates on decode, so a 90/270 rotation swaps the
/// size the filter graph will see.
int rotation_of(const json& stream) {
  if (auto tags = stream.find("tags"); tags != stream.end() && tags->is_object())
    if (auto r = tags->find("rotate"); r != tags->end() && r->is_string())
      return std::atoi(r->get<std::string>().c_str());
  if (auto sd = stream.find("side_data_list"); sd != stream.end() && sd->is_array())
    for (const auto& e : *sd)
      if (e.is_object() && e.contains("rotation"))
        return static_cast<int>(number_field(e, "rotation"));
  return 0;
}

} // namespace

probe_outcome probe_media(const std::string& ffprobe, const std::string& file, probe_info& out) {
  out = probe_info{};
  probe_outcome res;
  process_options opt;
  opt.timeout = std::chrono::seconds(30);
  auto p = run_process({ffprobe, "-v", "error", "-protocol_whitelist", "file", "-of", "json",
                        "-show_streams", "-show_format", "--", file},
                       opt);
  if (!p.ok()) {
    res.error = p.error.empty() ? p.stderr_tail : p.error;
    while (!res.error.empty() && (res.error.back() == '\n' || res.error.back() == '\r'))
      res.error.pop_back();
    if (res.error.empty())
      res.error = "ffprobe exited with status " + std::to_string(p.exit_code);
    return res;
  }
  json j = json::parse(p.out, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    res.error = "ffprobe printed no JSON";
    return res;
  }
  if (auto streams = j.find("streams"); streams != j.end() && streams->is_array())
    for (const auto& s : *streams) {
      if (!s.is_object())
        continue;
      std::string type = s.value("codec_type", "");
      if (type == "video" && !out.has_video) {
        // Cover art in audio files is a video stream with attached_pic; it is not picture.
        bool cover = false;
        if (auto d = s.find("disposition"); d != s.end() && d->is_object())
          cover = d->value("attached_pic", 0) != 0;
        if (cover)
          continue;
        out.has_video = true;
        out.width = static_cast<int>(number_field(s, "width"));
        out.height = static_cast<int>(number_field(s, "height"));
        int rot = std::abs(rotation_of(s)) % 180;
        if (rot == 90)
          std::swap(out.width, out.height);
      } else if (type == "audio" && !out.has_audio) {
        out.has_audio = true;
        out.audio_channels = static_cast<int>(number_field(s, "channels"));
      }
    }
  if (auto f = j.find("format"); f != j.end() && f->is_object())
    out.duration = number_field(*f, "duration");
  if (!out.has_video && !out.has_audio) {
    res.error = "no audio or video stream";
    return res;
  }
  res.ok = true;
  return res;
}

} // namespace cutqueue::render
