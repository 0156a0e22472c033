// FFmpeg-based media probes for tests: decode one pixel, read container facts, measure loudness.
#include "tests/support/support.hpp"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace cutqueue::testing {

namespace {

/// Runs argv to completion and returns what it wrote on stdout (or on stderr, for FFmpeg
/// filters that report there). Kept file-local and popen-free: no shell ever sees a file name.
std::optional<std::string> capture(const std::vector<std::string>& argv, bool want_stderr) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    return std::nullopt;
  std::vector<char*> cargv;
  for (const auto& a : argv)
    cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, fds[1], want_stderr ? 2 : 1);
  posix_spawn_file_actions_addopen(&fa, want_stderr ? 1 : 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  int rc = ::posix_spawnp(&pid, cargv[0], &fa, nullptr, cargv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  ::close(fds[1]);
  if (rc != 0) {
    ::close(fds[0]);
    return std::nullopt;
  }
  std::string out;
  char buf[8192];
  for (;;) {
    ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n > 0)
      out.append(buf, static_cast<size_t>(n));
    else if (n == 0 || errno != EINTR)
      break;
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return std::nullopt;
  return out;
}

std::string num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

} // namespace

std::optional<rgb> sample_pixel(const std::string& video, double t_seconds, int x, int y) {
  // Convert to RGB before cropping so the chroma of neighbouring pixels is interpolated the same
  // way a player would.
  auto out =
      capture({"ffmpeg", "-nostdin", "-v", "error", "-ss", num(t_seconds), "-i", video, "-frames:v",
               "1", "-vf", "format=rgb24,crop=1:1:" + std::to_string(x) + ":" + std::to_string(y),
               "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"},
              false);
  if (!out || out->size() < 3)
    return std::nullopt;
  auto b = reinterpret_cast<const unsigned char*>(out->data());
  return rgb{b[0], b[1], b[2]};
}

bool near(const rgb& a, const rgb& b, int tol) {
  return std::abs(a.r - b.r) <= tol && std::abs(a.g - b.g) <= tol && std::abs(a.b - b.b) <= tol;
}

std::optional<media_info> probe(const std::string& file) {
  auto out = capture(
      {"ffprobe", "-v", "error", "-of", "json", "-show_streams", "-show_format", file}, false);
  if (!out)
    return std::nullopt;
  auto j = nlohmann::json::parse(*out, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return std::nullopt;
  media_info info;
  auto to_double = [](const nlohmann::json& v) {
    return v.is_string()   ? std::atof(v.get<std::string>().c_str())
           : v.is_number() ? v.get<double>()
                           : 0.0;
  };
  if (j.contains("format") && j["format"].contains("duration"))
    info.duration = to_double(j["format"]["duration"]);
  for (const auto& s : j.value("streams", nlohmann::json::array())) {
    std::string type = s.value("codec_type", "");
    if (type == "video" && info.video_codec.empty()) {
      info.video_codec = s.value("codec_name", "");
      info.pix_fmt = s.value("pix_fmt", "");
      info.width = s.value("width", 0);
      info.height = s.value("height", 0);
      std::string rate = s.value("avg_frame_rate", "0/1");
      auto slash = rate.find('/');
      double n = std::atof(rate.c_str());
      double d = slash == std::string::npos ? 1.0 : std::atof(rate.c_str() + slash + 1);
      info.fps = d > 0 ? n / d : 0;
    } else if (type == "audio" && !info.has_audio) {
      info.has_audio = true;
      info.audio_codec = s.value("codec_name", "");
    }
  }
  return info;
}

std::optional<double> audio_rms_db(const std::string& file, double t0, double t1) {
  if (t1 <= t0)
    return std::nullopt;
  // volumedetect's mean_volume is the RMS level in dBFS; it reports -91 dB for digital silence.
  auto out = capture({"ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-ss", num(t0), "-t",
                      num(t1 - t0), "-i", file, "-vn", "-af", "volumedetect", "-f", "null", "-"},
                     true);
  if (!out)
    return std::nullopt;
  auto pos = out->find("mean_volume:");
  if (pos == std::string::npos)
    return std::nullopt;
  std::string rest = out->substr(pos + 12);
  if (rest.find("-inf") != std::string::npos && rest.find("-inf") < 8)
    return -120.0;
  return std::atof(rest.c_str());
}

} // namespace cutqueue::testing
