// Tone amplitude the way the fixtures' check_render.py measures it (numpy): Hann window, the rfft
// bins within +-half_width Hz of the tone, the largest magnitude scaled so that a full-scale sine
// reads 1.0. Only those few bins are computed, each directly in O(N).
#pragma once

#include "tests/support/measured.hpp"

#include <cstddef>

namespace cutqueue::testing {

/// Fewer samples than this are no measurement (check_render.py treats them alike).
constexpr size_t min_tone_window = 64;

/// Amplitude of the `hz` tone in samples[0, n) taken at `sample_rate`; fails when the window is
/// shorter than min_tone_window or no rfft bin lies within half_width of `hz`.
measured<double> tone_amplitude(const float* samples, size_t n, double sample_rate, double hz,
                                double half_width = 8.0);

/// 20*log10(a / ref), both floored at 1e-9 as check_render.py's db() does.
double amplitude_db(double a, double ref = 1.0);

} // namespace cutqueue::testing
