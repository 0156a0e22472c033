// One check on a rendered draft: a row of an EXPECTED.md "Checks" table, or one the suite states
// itself for the drafts without such a table. Rows keep their table wording so a failure reads
// like the row it came from.
#pragma once

#include "tests/support/media_analysis.hpp"

#include <functional>
#include <string>

namespace cutqueue::conformance {

using testing::measured;
using testing::media_file;

/// hard: follows from the draft and the README conventions; soft: a Jianying resource, only
/// "visible at all"; base: what a renderer that drops the feature shows (never asserted).
enum class tag { hard, soft, base };
const char* to_string(tag t);

/// The outcome of a check that could be measured.
struct verdict {
  bool ok = false;
  std::string got; ///< what was measured, for the report
};

using check_fn = std::function<measured<verdict>(media_file&)>;

struct check {
  tag level = tag::hard;
  std::string when;     ///< "1.5 s", "0.5–1.5 s", "-"
  std::string where;    ///< "pixel (320,180)", "440 Hz amplitude", "file", "computed"
  std::string expected; ///< "rgb (255, 0, 0) ±40", "0.1250 ±1.5 dB", ...
  std::string meaning;
  /// Empty when the row could not be interpreted; `problem` says why.
  check_fn run;
  std::string problem;
  int line = 0; ///< line in EXPECTED.md, 0 for checks stated in code
};

/// Duration within `tolerance` s, exact size and r_frame_rate (e.g. "30/1").
check file_check(tag level, double seconds, double tolerance, int width, int height,
                 std::string frame_rate, std::string meaning);
/// 5x5 mean at (x, y) of the frame at t within `tolerance` per channel of `want`.
check pixel_check(tag level, double t, int x, int y, testing::mean_rgb want, int tolerance,
                  std::string meaning);
/// Tone amplitude between t0 and t1 within `tolerance_db` of `amplitude`.
check tone_check(tag level, double t0, double t1, double hz, double amplitude, double tolerance_db,
                 std::string meaning);
/// Tone amplitude between t0 and t1 below `below`.
check absent_check(tag level, double t0, double t1, double hz, double below, std::string meaning);
/// Anything else; `expected` describes the pass condition for the report.
check computed_check(tag level, std::string expected, std::string meaning, check_fn run);

/// "(253.0, 253.0, 0.0)".
std::string show(const testing::mean_rgb& c);
/// Fixed-point with `digits` decimals.
std::string fixed(double v, int digits);

} // namespace cutqueue::conformance
