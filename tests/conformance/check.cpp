// The four measurable kinds of row, judged exactly as tools/check_render.py judges them.
#include "tests/conformance/check.hpp"

#include "tests/support/tone_amplitude.hpp"

#include <cmath>
#include <cstdio>

namespace cutqueue::conformance {

const char* to_string(tag t) {
  switch (t) {
  case tag::hard:
    return "hard";
  case tag::soft:
    return "soft";
  case tag::base:
    return "base";
  }
  return "?";
}

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string show(const testing::mean_rgb& c) {
  return "(" + fixed(c.r, 1) + ", " + fixed(c.g, 1) + ", " + fixed(c.b, 1) + ")";
}

namespace {

std::string span(double t0, double t1) {
  return fixed(t0, 2) + "–" + fixed(t1, 2) + " s";
}

/// Python's round(v, 2), near enough for a dB error compared against a tolerance.
double round2(double v) {
  return std::nearbyint(v * 100.0) / 100.0;
}

} // namespace

check file_check(tag level, double seconds, double tolerance, int width, int height,
                 std::string frame_rate, std::string meaning) {
  check c;
  c.level = level;
  c.when = "-";
  c.where = "file";
  c.expected = fixed(seconds, 2) + " s ±" + fixed(tolerance, 2) + ", " + std::to_string(width) +
               "x" + std::to_string(height) + ", " + frame_rate;
  c.meaning = std::move(meaning);
  c.run = [=](media_file& m) -> measured<verdict> {
    const auto& f = m.facts();
    if (!f)
      return testing::analysis_error{f.error()};
    bool ok = std::abs(f->duration - seconds) <= tolerance && f->width == width &&
              f->height == height && f->frame_rate == frame_rate;
    return verdict{ok, fixed(f->duration, 3) + " s, " + std::to_string(f->width) + "x" +
                           std::to_string(f->height) + ", " + f->frame_rate};
  };
  return c;
}

check pixel_check(tag level, double t, int x, int y, testing::mean_rgb want, int tolerance,
                  std::string meaning) {
  check c;
  c.level = level;
  c.when = fixed(t, 2) + " s";
  c.where = "pixel (" + std::to_string(x) + "," + std::to_string(y) + ")";
  c.expected = "rgb " + show(want) + " ±" + std::to_string(tolerance);
  c.meaning = std::move(meaning);
  c.run = [=](media_file& m) -> measured<verdict> {
    auto got = m.pixel(t, x, y);
    if (!got)
      return testing::analysis_error{got.error()};
    bool ok = std::abs(got->r - want.r) <= tolerance && std::abs(got->g - want.g) <= tolerance &&
              std::abs(got->b - want.b) <= tolerance;
    return verdict{ok, show(*got)};
  };
  return c;
}

check tone_check(tag level, double t0, double t1, double hz, double amplitude, double tolerance_db,
                 std::string meaning) {
  check c;
  c.level = level;
  c.when = span(t0, t1);
  c.where = fixed(hz, 0) + " Hz amplitude";
  c.expected = fixed(amplitude, 4) + " ±" + fixed(tolerance_db, 1) + " dB";
  c.meaning = std::move(meaning);
  c.run = [=](media_file& m) -> measured<verdict> {
    auto got = m.tone(t0, t1, hz);
    if (!got)
      return testing::analysis_error{got.error()};
    double err = round2(testing::amplitude_db(*got, amplitude));
    auto signed_err = fixed(err, 2);
    if (signed_err[0] != '-')
      signed_err = "+" + signed_err;
    return verdict{std::abs(err) <= tolerance_db, fixed(*got, 5) + " (" + signed_err + " dB)"};
  };
  return c;
}

check absent_check(tag level, double t0, double t1, double hz, double below, std::string meaning) {
  check c;
  c.level = level;
  c.when = span(t0, t1);
  c.where = fixed(hz, 0) + " Hz amplitude";
  c.expected = "< " + fixed(below, 4);
  c.meaning = std::move(meaning);
  c.run = [=](media_file& m) -> measured<verdict> {
    auto got = m.tone(t0, t1, hz);
    if (!got)
      return testing::analysis_error{got.error()};
    return verdict{*got < below, fixed(*got, 5)};
  };
  return c;
}

check computed_check(tag level, std::string expected, std::string meaning, check_fn run) {
  check c;
  c.level = level;
  c.when = "-";
  c.where = "computed";
  c.expected = std::move(expected);
  c.meaning = std::move(meaning);
  c.run = std::move(run);
  return c;
}

} // namespace cutqueue::conformance
