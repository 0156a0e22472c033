#include "tests/support/media_analysis.hpp"

#include "common/subprocess.hpp"
#include "tests/support/tone_amplitude.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace cutqueue::testing {

namespace {

/// Generous, but a bound: a truncated read must be told apart from a short file.
constexpr size_t max_decoded_bytes = size_t{1} << 30;

measured<std::string> run_ffmpeg_tool(const std::vector<std::string>& argv) {
  process_options opt;
  opt.timeout = std::chrono::seconds(120);
  opt.max_stdout_bytes = max_decoded_bytes;
  auto r = run_process(argv, opt);
  if (!r.ok()) {
    std::string why = argv[0] + " failed";
    if (!r.started)
      why += " to start: " + r.error;
    else if (r.timed_out)
      why += ": timed out";
    else
      why += " (exit " + std::to_string(r.exit_code) + "): " + r.stderr_tail;
    return analysis_error{why};
  }
  if (r.out.size() >= max_decoded_bytes)
    return analysis_error{argv[0] + " printed more than the analysis reads"};
  return std::move(r.out);
}

/// check_render.py passes f"{t:.4f}".
std::string seconds_arg(double t) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4f", t);
  return buf;
}

double to_double(const nlohmann::json& v) {
  if (v.is_number())
    return v.get<double>();
  if (v.is_string())
    return std::atof(v.get<std::string>().c_str());
  return 0;
}

/// Python's round(v, 1) for the values pixels produce (ties to even, as the FPU rounds).
double round1(double v) {
  return std::nearbyint(v * 10.0) / 10.0;
}

} // namespace

media_file::media_file(std::string path) : path_(std::move(path)) {}

const measured<media_facts>& media_file::facts() {
  if (facts_)
    return *facts_;
  auto out = run_ffmpeg_tool({"ffprobe", "-v", "error", "-show_entries",
                              "stream=codec_type,codec_name,pix_fmt,width,height,r_frame_rate,"
                              "sample_rate,channels:format=duration",
                              "-of", "json", path_});
  if (!out) {
    facts_ = measured<media_facts>(analysis_error{out.error()});
    return *facts_;
  }
  auto j = nlohmann::json::parse(*out, nullptr, false);
  if (!j.is_object()) {
    facts_ = measured<media_facts>(analysis_error{"ffprobe printed no JSON for " + path_});
    return *facts_;
  }
  media_facts f;
  if (j.contains("format") && j["format"].contains("duration"))
    f.duration = to_double(j["format"]["duration"]);
  bool have_video = false;
  for (const auto& s : j.value("streams", nlohmann::json::array())) {
    auto type = s.value("codec_type", "");
    if (type == "video" && !have_video) {
      have_video = true;
      f.width = s.value("width", 0);
      f.height = s.value("height", 0);
      f.frame_rate = s.value("r_frame_rate", "");
      f.video_codec = s.value("codec_name", "");
      f.pix_fmt = s.value("pix_fmt", "");
    } else if (type == "audio" && !f.has_audio) {
      f.has_audio = true;
      f.audio_codec = s.value("codec_name", "");
      f.sample_rate = static_cast<int>(to_double(s.value("sample_rate", nlohmann::json(0))));
      f.channels = s.value("channels", 0);
    }
  }
  if (!have_video || f.width <= 0 || f.height <= 0)
    facts_ = measured<media_facts>(analysis_error{"no video stream in " + path_});
  else
    facts_ = measured<media_facts>(f);
  return *facts_;
}

measured<std::shared_ptr<const rgb_frame>> media_file::frame(double t) {
  auto cached = frames_.find(t);
  if (cached != frames_.end())
    return cached->second;
  auto decode = [&]() -> measured<std::shared_ptr<const rgb_frame>> {
    const auto& f = facts();
    if (!f)
      return analysis_error{f.error()};
    auto out =
        run_ffmpeg_tool({"ffmpeg", "-nostdin", "-v", "error", "-ss", seconds_arg(t), "-i", path_,
                         "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"});
    if (!out)
      return analysis_error{out.error()};
    size_t want = static_cast<size_t>(f->width) * f->height * 3;
    if (out->size() != want)
      return analysis_error{"frame at " + seconds_arg(t) + " s: ffmpeg gave " +
                            std::to_string(out->size()) + " bytes, a " + std::to_string(f->width) +
                            "x" + std::to_string(f->height) + " frame has " + std::to_string(want)};
    auto fr = std::make_shared<rgb_frame>();
    fr->width = f->width;
    fr->height = f->height;
    fr->data.assign(out->begin(), out->end());
    return std::shared_ptr<const rgb_frame>(std::move(fr));
  };
  auto result = decode();
  frames_.emplace(t, result);
  return result;
}

measured<mean_rgb> media_file::pixel(double t, int x, int y, int radius) {
  auto fr = frame(t);
  if (!fr)
    return analysis_error{fr.error()};
  const auto& f = **fr;
  // numpy's f[max(0, y-r):y+r+1, max(0, x-r):x+r+1]: clipped at both ends.
  int x0 = std::max(0, x - radius), x1 = std::min(f.width, x + radius + 1);
  int y0 = std::max(0, y - radius), y1 = std::min(f.height, y + radius + 1);
  if (x0 >= x1 || y0 >= y1)
    return analysis_error{"pixel (" + std::to_string(x) + "," + std::to_string(y) +
                          ") lies outside the " + std::to_string(f.width) + "x" +
                          std::to_string(f.height) + " frame"};
  double sum[3] = {0, 0, 0};
  for (int yy = y0; yy < y1; ++yy)
    for (int xx = x0; xx < x1; ++xx)
      for (int c = 0; c < 3; ++c)
        sum[c] += f.at(xx, yy)[c];
  double n = static_cast<double>(x1 - x0) * (y1 - y0);
  return mean_rgb{round1(sum[0] / n), round1(sum[1] / n), round1(sum[2] / n)};
}

measured<std::shared_ptr<const std::vector<float>>> media_file::audio() {
  if (audio_)
    return *audio_;
  auto decode = [&]() -> measured<std::shared_ptr<const std::vector<float>>> {
    const auto& f = facts();
    if (!f)
      return analysis_error{f.error()};
    if (!f->has_audio)
      return analysis_error{"no audio stream in " + path_};
    if (f->channels <= 0 || f->sample_rate <= 0)
      return analysis_error{"audio stream without channels or sample rate in " + path_};
    auto out = run_ffmpeg_tool({"ffmpeg", "-nostdin", "-v", "error", "-i", path_, "-vn", "-f",
                                "f32le", "-acodec", "pcm_f32le", "-"});
    if (!out)
      return analysis_error{out.error()};
    const size_t frame_bytes = sizeof(float) * static_cast<size_t>(f->channels);
    if (out->size() % frame_bytes != 0)
      return analysis_error{"decoded audio is not whole sample frames"};
    size_t frames = out->size() / frame_bytes;
    auto mono = std::make_shared<std::vector<float>>(frames);
    std::vector<float> one(f->channels);
    for (size_t i = 0; i < frames; ++i) {
      std::memcpy(one.data(), out->data() + i * frame_bytes, frame_bytes);
      // numpy's .mean(1) on float32 stays float32.
      float sum = 0;
      for (float v : one)
        sum += v;
      (*mono)[i] = sum / static_cast<float>(f->channels);
    }
    return std::shared_ptr<const std::vector<float>>(std::move(mono));
  };
  audio_ = decode();
  return *audio_;
}

measured<std::pair<const float*, size_t>> media_file::window(double t0, double t1) {
  auto a = audio();
  if (!a)
    return analysis_error{a.error()};
  const auto& samples = **a;
  double sr = facts()->sample_rate;
  // Python's x[int(t0*sr):int(t1*sr)]: truncation toward zero, then clipped to the length.
  auto clip = [&](double v) {
    auto i = static_cast<long long>(v);
    return static_cast<size_t>(std::clamp<long long>(i, 0, static_cast<long long>(samples.size())));
  };
  size_t i0 = clip(t0 * sr), i1 = clip(t1 * sr);
  if (i1 <= i0)
    return analysis_error{"empty audio window " + seconds_arg(t0) + ".." + seconds_arg(t1) +
                          " s (the track has " + std::to_string(samples.size() / sr) + " s)"};
  return std::pair<const float*, size_t>{samples.data() + i0, i1 - i0};
}

measured<double> media_file::tone(double t0, double t1, double hz) {
  auto w = window(t0, t1);
  if (!w)
    return analysis_error{w.error()};
  auto a = tone_amplitude(w->first, w->second, facts()->sample_rate, hz);
  if (!a)
    return analysis_error{seconds_arg(t0) + ".." + seconds_arg(t1) + " s: " + a.error()};
  return a;
}

measured<double> media_file::rms(double t0, double t1) {
  auto w = window(t0, t1);
  if (!w)
    return analysis_error{w.error()};
  double sum = 0;
  for (size_t i = 0; i < w->second; ++i)
    sum += static_cast<double>(w->first[i]) * w->first[i];
  return std::sqrt(sum / static_cast<double>(w->second));
}

measured<double> media_file::band_energy(double t, int y0, int y1, int channel) {
  auto fr = frame(t);
  if (!fr)
    return analysis_error{fr.error()};
  const auto& f = **fr;
  y0 = std::clamp(y0, 0, f.height);
  y1 = std::clamp(y1, 0, f.height);
  if (y0 >= y1 || channel < 0 || channel > 2)
    return analysis_error{"empty band or bad channel"};
  double sum = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = 0; x < f.width; ++x)
      sum += f.at(x, y)[channel];
  return sum / 255.0;
}

measured<std::optional<pixel_box>> media_file::white_box(double t, int x0, int x1, int y0, int y1,
                                                         int threshold) {
  auto fr = frame(t);
  if (!fr)
    return analysis_error{fr.error()};
  const auto& f = **fr;
  x0 = std::clamp(x0, 0, f.width);
  x1 = std::clamp(x1, 0, f.width);
  y0 = std::clamp(y0, 0, f.height);
  y1 = std::clamp(y1, 0, f.height);
  if (x0 >= x1 || y0 >= y1)
    return analysis_error{"empty region"};
  std::optional<pixel_box> box;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) {
      const uint8_t* p = f.at(x, y);
      if (std::min({p[0], p[1], p[2]}) <= threshold)
        continue;
      if (!box)
        box = pixel_box{x, x, y, y, 0};
      box->x0 = std::min(box->x0, x);
      box->x1 = std::max(box->x1, x);
      box->y0 = std::min(box->y0, y);
      box->y1 = std::max(box->y1, y);
      ++box->count;
    }
  return box;
}

} // namespace cutqueue::testing
