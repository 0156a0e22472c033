// GoogleTest predicates over media_file measurements. A failed analysis is a failed assertion in
// both directions: "tone below -45 dB" must not pass because FFmpeg could not decode the file.
#pragma once

#include "tests/support/media_analysis.hpp"

#include <gtest/gtest.h>

namespace cutqueue::testing {

/// The `hz` tone between t0 and t1 s is louder than `min_db` (amplitude, dB re full scale).
::testing::AssertionResult tone_above(media_file& m, double t0, double t1, double hz,
                                      double min_db);
/// The `hz` tone between t0 and t1 s is quieter than `max_db`.
::testing::AssertionResult tone_below(media_file& m, double t0, double t1, double hz,
                                      double max_db);
/// Tone level in dB re full scale, or a failed assertion carrying the reason; for comparisons
/// between two tones.
::testing::AssertionResult tone_db(media_file& m, double t0, double t1, double hz, double& out);

} // namespace cutqueue::testing
