// Measurements on a rendered MP4, made exactly as the fixtures' tools/check_render.py makes them
// so that a check written there means the same here:
//   frame at T   ffmpeg -ss T -i f -frames:v 1 -f rawvideo -pix_fmt rgb24 -
//   pixel        mean of the 5x5 block around (x, y), clipped to the frame
//   audio        ffmpeg -i f -vn -f f32le -acodec pcm_f32le -, channels averaged
//   tone         Hann-windowed DFT peak within +-8 Hz, a full-scale sine reads 1.0
// Every measurement is a measured<T>: when FFmpeg fails or a window is empty the caller gets the
// reason, never a 0 that a "silent"/"dark" check would accept.
#pragma once

#include "tests/support/measured.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cutqueue::testing {

/// What ffprobe says about the file (first video and first audio stream).
struct media_facts {
  double duration = 0; ///< container duration, seconds
  int width = 0, height = 0;
  std::string frame_rate; ///< r_frame_rate exactly as ffprobe prints it, e.g. "30/1"
  std::string video_codec, pix_fmt;
  bool has_audio = false;
  std::string audio_codec;
  int sample_rate = 0, channels = 0;
};

/// Mean colour of a block of pixels, each channel rounded to 0.1 as check_render.py does.
struct mean_rgb {
  double r = 0, g = 0, b = 0;
};

/// One decoded frame, rgb24, rows top to bottom.
struct rgb_frame {
  int width = 0, height = 0;
  std::vector<uint8_t> data;
  const uint8_t* at(int x, int y) const {
    return data.data() + (static_cast<size_t>(y) * width + x) * 3;
  }
};

/// Bounding box of the pixels a predicate selected, in frame coordinates (inclusive).
struct pixel_box {
  int x0 = 0, x1 = 0, y0 = 0, y1 = 0;
  long count = 0;
};

/// A video file under analysis. Probes once, decodes each frame time and the audio at most once.
/// Not thread-safe; use one per thread.
class media_file {
public:
  explicit media_file(std::string path);
  const std::string& path() const { return path_; }

  const measured<media_facts>& facts();
  /// The frame shown at `t` seconds.
  measured<std::shared_ptr<const rgb_frame>> frame(double t);
  /// Mean of the (2*radius+1)^2 block around (x, y) of the frame at `t`.
  measured<mean_rgb> pixel(double t, int x, int y, int radius = 2);
  /// Mono samples (channels averaged) and their rate.
  measured<std::shared_ptr<const std::vector<float>>> audio();
  /// Amplitude of the `hz` tone between t0 and t1 seconds (1.0 = full-scale sine).
  measured<double> tone(double t0, double t1, double hz);
  /// RMS of the samples between t0 and t1 seconds (1.0 = full scale).
  measured<double> rms(double t0, double t1);
  /// Sum of channel `channel` (0 R, 1 G, 2 B) over rows [y0, y1) of the frame at `t`, / 255.
  measured<double> band_energy(double t, int y0, int y1, int channel);
  /// Box of the pixels in [x0, x1) x [y0, y1) whose every channel exceeds `threshold`;
  /// nullopt when there is none.
  measured<std::optional<pixel_box>> white_box(double t, int x0, int x1, int y0, int y1,
                                               int threshold = 200);

private:
  /// Samples [t0*sr, t1*sr) of the mono track, clipped to its length, as Python slicing does.
  measured<std::pair<const float*, size_t>> window(double t0, double t1);

  std::string path_;
  std::optional<measured<media_facts>> facts_;
  std::map<double, measured<std::shared_ptr<const rgb_frame>>> frames_;
  std::optional<measured<std::shared_ptr<const std::vector<float>>>> audio_;
};

} // namespace cutqueue::testing
