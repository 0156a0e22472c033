#include "render/webp_animation.hpp"

#include <cmath>
#include <fstream>
#include <iterator>
#include <memory>
#include <vector>
#include <webp/demux.h>

namespace cutqueue::render {

namespace {

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct decoder_deleter {
  void operator()(WebPAnimDecoder* d) const { WebPAnimDecoderDelete(d); }
};

std::string format_fps(double fps) {
  // rawvideo takes a rational; milli-frames per second are exact enough for 23.976 and kin.
  return std::to_string(std::llround(fps * 1000)) + "/1000";
}

} // namespace

bool is_animated_webp(const std::string& path) {
  // The extended header says it: "RIFF" size "WEBP" "VP8X" size, then flags with the animation
  // bit (0x02). Only these 21 bytes are read; the decoder reads the file once, later.
  std::ifstream in(path, std::ios::binary);
  char h[21] = {};
  if (!in.read(h, sizeof h))
    return false;
  const std::string head(h, sizeof h);
  return head.compare(0, 4, "RIFF") == 0 && head.compare(8, 8, "WEBPVP8X") == 0 &&
         (static_cast<unsigned char>(h[20]) & 0x02) != 0;
}

bool webp_to_rawvideo(const std::string& path, double fps, const std::string& raw_path,
                      material_source& out, std::string& error, size_t max_bytes) {
  const std::string bytes = read_all(path);
  WebPData data{reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()};
  WebPAnimDecoderOptions opts;
  if (!WebPAnimDecoderOptionsInit(&opts)) {
    error = "libwebp version mismatch";
    return false;
  }
  opts.color_mode = MODE_RGBA;
  opts.use_threads = 0;
  std::unique_ptr<WebPAnimDecoder, decoder_deleter> dec(WebPAnimDecoderNew(&data, &opts));
  WebPAnimInfo info;
  if (!dec || !WebPAnimDecoderGetInfo(dec.get(), &info) || info.frame_count < 1) {
    error = "not a decodable WebP animation";
    return false;
  }
  const size_t frame_bytes = static_cast<size_t>(info.canvas_width) * info.canvas_height * 4;
  // Every frame with the time it ends at (ms); frame k of the output shows the one on screen
  // at k / fps.
  std::vector<std::vector<uint8_t>> frames;
  std::vector<int> ends;
  while (WebPAnimDecoderHasMoreFrames(dec.get())) {
    uint8_t* pixels = nullptr;
    int timestamp = 0;
    if (!WebPAnimDecoderGetNext(dec.get(), &pixels, &timestamp)) {
      error = "a corrupt frame in the WebP animation";
      return false;
    }
    if ((frames.size() + 1) * frame_bytes > max_bytes) {
      error = "the WebP animation is too large to decode";
      return false;
    }
    frames.emplace_back(pixels, pixels + frame_bytes);
    ends.push_back(timestamp);
  }
  const double loop_ms = std::max(1, ends.back());
  const size_t count = std::max<size_t>(1, static_cast<size_t>(std::llround(loop_ms * fps / 1000)));
  if (count * frame_bytes > max_bytes) {
    error = "the WebP animation is too large to decode";
    return false;
  }
  std::ofstream raw(raw_path, std::ios::binary | std::ios::trunc);
  size_t shown = 0;
  for (size_t k = 0; k < count; ++k) {
    const double t_ms = static_cast<double>(k) * 1000.0 / fps;
    while (shown + 1 < frames.size() && ends[shown] <= t_ms)
      ++shown;
    raw.write(reinterpret_cast<const char*>(frames[shown].data()),
              static_cast<std::streamsize>(frame_bytes));
  }
  if (!raw.flush()) {
    error = "cannot write " + raw_path;
    return false;
  }
  out.local_path = raw_path;
  out.info = probe_info{};
  out.info.has_video = true;
  out.info.has_alpha = true;
  out.info.width = static_cast<int>(info.canvas_width);
  out.info.height = static_cast<int>(info.canvas_height);
  out.info.duration = static_cast<double>(count) / fps;
  out.input_options = {
      "-f",          "rawvideo",
      "-pix_fmt",    "rgba",
      "-video_size", std::to_string(info.canvas_width) + "x" + std::to_string(info.canvas_height),
      "-framerate",  format_fps(fps)};
  return true;
}

} // namespace cutqueue::render
