// Runs the resource look chains through the ffmpeg command line on lavfi sources and reads back
// frame checksums, decoded frames and decoded sound, for the look chain tests.
#pragma once

#include "common/subprocess.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

namespace cutqueue::render::look_test {

/// ffmpeg with `args`; stdout on success, else the reason in `error`.
struct ffmpeg_result {
  bool ok = false;
  std::string out;
  std::string error;
};

inline ffmpeg_result run_ffmpeg(std::vector<std::string> args) {
  std::vector<std::string> argv{"ffmpeg", "-hide_banner", "-nostdin", "-v", "error"};
  argv.insert(argv.end(), args.begin(), args.end());
  process_options opt;
  opt.timeout = std::chrono::seconds(120);
  opt.max_stdout_bytes = size_t{256} << 20;
  const auto r = run_process(argv, opt);
  ffmpeg_result res;
  res.ok = r.ok();
  res.out = r.out;
  if (!res.ok)
    res.error = "exit " + std::to_string(r.exit_code) + ": " + r.stderr_tail;
  return res;
}

/// One video frame of `-f framemd5`: its pts (in the stream's time base), size in bytes, hash.
struct frame_sum {
  long pts = 0;
  long size = 0;
  std::string md5;
};

struct frame_sums {
  std::string error;      ///< empty when ffmpeg succeeded
  std::string dimensions; ///< "320x240"
  std::string time_base;  ///< "1/30"
  std::vector<frame_sum> frames;
};

/// The framemd5 of lavfi `source` through the video filter chain `chain`.
inline frame_sums framemd5(const std::string& source, const std::string& chain) {
  frame_sums sums;
  // -copyts: the chain sees the source's own timestamps (a section later in the timeline).
  const auto r =
      run_ffmpeg({"-copyts", "-f", "lavfi", "-i", source, "-vf", chain, "-f", "framemd5", "-"});
  if (!r.ok) {
    sums.error = r.error;
    return sums;
  }
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("#dimensions 0: ", 0) == 0)
      sums.dimensions = line.substr(15);
    else if (line.rfind("#tb 0: ", 0) == 0)
      sums.time_base = line.substr(7);
    else if (!line.empty() && line[0] != '#') {
      // stream, dts, pts, duration, size, md5
      std::vector<std::string> cols;
      std::istringstream fields(line);
      for (std::string c; std::getline(fields, c, ',');)
        cols.push_back(c);
      if (cols.size() == 6)
        sums.frames.push_back({std::stol(cols[2]), std::stol(cols[4]), cols[5]});
    }
  }
  return sums;
}

/// An rgb24 frame.
struct rgb_image {
  int width = 0, height = 0;
  std::vector<uint8_t> data;
  const uint8_t* at(int x, int y) const { return data.data() + (size_t(y) * width + x) * 3; }
};

/// Frame `index` of lavfi `source` through `graph` (a -vf chain, or with `complex` a
/// -filter_complex graph whose single output is taken).
inline rgb_image decode_frame(const std::string& source, const std::string& graph, int index,
                              int width, int height, bool complex = false) {
  rgb_image img;
  const std::string pick = ",select=eq(n\\," + std::to_string(index) + ")";
  const auto r =
      run_ffmpeg({"-f", "lavfi", "-i", source, complex ? "-filter_complex" : "-vf", graph + pick,
                  "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"});
  if (r.ok && r.out.size() == size_t(width) * height * 3) {
    img.width = width;
    img.height = height;
    img.data.assign(r.out.begin(), r.out.end());
  }
  return img;
}

/// The mean of each channel over the whole image.
struct mean_colour {
  double r = 0, g = 0, b = 0;
};
inline mean_colour mean_of(const rgb_image& img) {
  mean_colour m;
  const size_t n = size_t(img.width) * img.height;
  for (size_t i = 0; i < n; ++i) {
    m.r += img.data[3 * i];
    m.g += img.data[3 * i + 1];
    m.b += img.data[3 * i + 2];
  }
  if (n) {
    m.r /= n;
    m.g /= n;
    m.b /= n;
  }
  return m;
}

/// Sum of the absolute horizontal and vertical differences of the green channel: what a blur
/// takes away.
inline double edge_energy(const rgb_image& img) {
  double e = 0;
  for (int y = 0; y + 1 < img.height; ++y)
    for (int x = 0; x + 1 < img.width; ++x) {
      const int g = img.at(x, y)[1];
      e += std::abs(g - img.at(x + 1, y)[1]) + std::abs(g - img.at(x, y + 1)[1]);
    }
  return e;
}

/// The sound of lavfi `source` through the audio chain `chain`, channels averaged, 48 kHz.
struct mono_sound {
  std::string error;
  std::vector<float> samples;
  double rms(double t0, double t1) const {
    const size_t a = std::min(samples.size(), size_t(std::max(0.0, t0) * 48000));
    const size_t b = std::min(samples.size(), size_t(std::max(0.0, t1) * 48000));
    double s = 0;
    for (size_t i = a; i < b; ++i)
      s += double(samples[i]) * samples[i];
    return b > a ? std::sqrt(s / double(b - a)) : 0.0;
  }
};

inline mono_sound decode_sound(const std::string& source, const std::string& chain) {
  mono_sound sound;
  const auto r = run_ffmpeg(
      {"-f", "lavfi", "-i", source, "-af", chain, "-ar", "48000", "-ac", "2", "-f", "f32le", "-"});
  if (!r.ok) {
    sound.error = r.error;
    return sound;
  }
  const size_t frames = r.out.size() / 8;
  sound.samples.resize(frames);
  for (size_t i = 0; i < frames; ++i) {
    float lr[2];
    std::memcpy(lr, r.out.data() + 8 * i, 8);
    sound.samples[i] = 0.5f * (lr[0] + lr[1]);
  }
  return sound;
}

} // namespace cutqueue::render::look_test
