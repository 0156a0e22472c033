#include "tests/support/media_assertions.hpp"

#include "tests/support/tone_amplitude.hpp"

#include <sstream>

namespace cutqueue::testing {

namespace {

std::string where(double t0, double t1, double hz) {
  std::ostringstream s;
  s << hz << " Hz at " << t0 << ".." << t1 << " s";
  return s.str();
}

} // namespace

::testing::AssertionResult tone_db(media_file& m, double t0, double t1, double hz, double& out) {
  auto a = m.tone(t0, t1, hz);
  if (!a)
    return ::testing::AssertionFailure()
           << where(t0, t1, hz) << " of " << m.path() << ": analysis failed: " << a.error();
  out = amplitude_db(*a);
  return ::testing::AssertionSuccess() << where(t0, t1, hz) << ": " << out << " dB";
}

::testing::AssertionResult tone_above(media_file& m, double t0, double t1, double hz,
                                      double min_db) {
  double level = 0;
  auto r = tone_db(m, t0, t1, hz, level);
  if (!r)
    return r;
  if (level > min_db)
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << where(t0, t1, hz) << ": " << level << " dB, want above " << min_db << " dB";
}

::testing::AssertionResult tone_below(media_file& m, double t0, double t1, double hz,
                                      double max_db) {
  double level = 0;
  auto r = tone_db(m, t0, t1, hz, level);
  if (!r)
    return r;
  if (level < max_db)
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << where(t0, t1, hz) << ": " << level << " dB, want below " << max_db << " dB";
}

} // namespace cutqueue::testing
