#include "render/ffmpeg_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cutqueue::render {

std::string escape_filter_value(const std::string& s) {
  std::string level1;
  for (char c : s) {
    if (c == '\\' || c == '\'' || c == ':')
      level1 += '\\';
    level1 += c;
  }
  std::string level2;
  for (char c : level1) {
    if (c == '\\' || c == '\'' || c == '[' || c == ']' || c == ',' || c == ';')
      level2 += '\\';
    level2 += c;
  }
  return level2;
}

std::string hex_colour(double r, double g, double b) {
  auto c = [](double v) { return static_cast<int>(std::lround(std::clamp(v, 0.0, 1.0) * 255)); };
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%02X%02X%02X", c(r), c(g), c(b));
  return buf;
}

} // namespace cutqueue::render
