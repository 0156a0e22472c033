// Reads rendered frames by number (frame n is shown at n / fps), all in one FFmpeg run, and
// samples them the way the fixture checker does: the mean of a 5x5 block, ±40 per channel.
#pragma once

#include "common/subprocess.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace cutqueue::render::test {

using testing::rgb;

struct rgb_frame {
  int w = 0, h = 0;
  std::string data; ///< rgb24, top row first

  /// Mean of the 5x5 block around (x, y), clipped to the frame.
  rgb at(int x, int y) const {
    long sum[3] = {0, 0, 0};
    int n = 0;
    for (int yy = std::max(0, y - 2); yy <= std::min(h - 1, y + 2); ++yy)
      for (int xx = std::max(0, x - 2); xx <= std::min(w - 1, x + 2); ++xx) {
        const auto* p = reinterpret_cast<const unsigned char*>(data.data()) +
                        (static_cast<size_t>(yy) * w + xx) * 3;
        for (int c = 0; c < 3; ++c)
          sum[c] += p[c];
        ++n;
      }
    if (n == 0)
      return {};
    return {static_cast<int>(sum[0] / n), static_cast<int>(sum[1] / n),
            static_cast<int>(sum[2] / n)};
  }
  /// The mean of the three channels at (x, y).
  double level(int x, int y) const {
    const rgb c = at(x, y);
    return (c.r + c.g + c.b) / 3.0;
  }
};

/// Decodes the output frames numbered `numbers` of a w x h video.
inline std::map<int64_t, rgb_frame> decode_frames(const std::string& file, int w, int h,
                                                  std::vector<int64_t> numbers) {
  std::sort(numbers.begin(), numbers.end());
  numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
  std::string select;
  for (int64_t n : numbers)
    select += (select.empty() ? "" : "+") + std::string("eq(n\\,") + std::to_string(n) + ")";
  process_options opt;
  opt.timeout = std::chrono::seconds(60);
  const size_t frame_bytes = static_cast<size_t>(w) * h * 3;
  opt.max_stdout_bytes = frame_bytes * numbers.size() + 1;
  auto r = run_process({"ffmpeg", "-nostdin", "-v", "error", "-i", file, "-vf",
                        "select='" + select + "',format=rgb24", "-fps_mode", "passthrough", "-f",
                        "rawvideo", "-pix_fmt", "rgb24", "pipe:1"},
                       opt);
  std::map<int64_t, rgb_frame> out;
  EXPECT_TRUE(r.ok()) << r.stderr_tail;
  EXPECT_EQ(r.out.size(), frame_bytes * numbers.size()) << "frames missing from " << file;
  for (size_t i = 0; i < numbers.size() && (i + 1) * frame_bytes <= r.out.size(); ++i)
    out[numbers[i]] = {w, h, r.out.substr(i * frame_bytes, frame_bytes)};
  return out;
}

/// True when every channel of `got` is within `tol` of `want`.
inline bool close_to(const rgb& got, const rgb& want, int tol = 40) {
  return std::abs(got.r - want.r) <= tol && std::abs(got.g - want.g) <= tol &&
         std::abs(got.b - want.b) <= tol;
}

inline std::string text(const rgb& c) {
  return "(" + std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b) + ")";
}

/// Checks the colour at (x, y) of frame n; `why` names the expectation in the failure.
#define EXPECT_COLOUR(frames, n, x, y, want, why)                                                  \
  do {                                                                                             \
    auto _it = (frames).find(n);                                                                   \
    ASSERT_NE(_it, (frames).end()) << "frame " << (n) << " not decoded";                           \
    const ::cutqueue::testing::rgb _got = _it->second.at((x), (y));                                \
    EXPECT_TRUE(::cutqueue::render::test::close_to(_got, (want)))                                  \
        << "frame " << (n) << " (" << (x) << "," << (y) << "): got "                               \
        << ::cutqueue::render::test::text(_got) << ", want "                                       \
        << ::cutqueue::render::test::text(want) << ": " << (why);                                  \
  } while (0)

} // namespace cutqueue::render::test
