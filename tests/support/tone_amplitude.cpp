#include "tests/support/tone_amplitude.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <string>
#include <vector>

namespace cutqueue::testing {

namespace {

/// numpy.hanning(n): symmetric, 0.5 + 0.5*cos(pi*m/(n-1)) for m = 1-n, 3-n, ..., n-1.
std::vector<double> hann(size_t n) {
  if (n == 1)
    return {1.0};
  std::vector<double> w(n);
  const double pi = std::acos(-1.0);
  const double span = static_cast<double>(n - 1);
  for (size_t i = 0; i < n; ++i) {
    double m = 1.0 - static_cast<double>(n) + 2.0 * static_cast<double>(i);
    w[i] = 0.5 + 0.5 * std::cos(pi * m / span);
  }
  return w;
}

} // namespace

measured<double> tone_amplitude(const float* samples, size_t n, double sample_rate, double hz,
                                double half_width) {
  if (n < min_tone_window)
    return analysis_error{"audio window of " + std::to_string(n) + " samples (need " +
                          std::to_string(min_tone_window) + ")"};
  if (!(sample_rate > 0))
    return analysis_error{"no sample rate"};
  // numpy.fft.rfftfreq(n, 1/sr): bin k is at k * (1 / (n * (1/sr))) Hz, k = 0 .. n/2.
  const double step = 1.0 / (static_cast<double>(n) * (1.0 / sample_rate));
  std::vector<size_t> bins;
  for (size_t k = 0; k <= n / 2; ++k)
    if (std::abs(static_cast<double>(k) * step - hz) <= half_width)
      bins.push_back(k);
  if (bins.empty())
    return analysis_error{"no frequency bin within " + std::to_string(half_width) + " Hz of " +
                          std::to_string(hz) + " Hz"};

  auto w = hann(n);
  std::vector<double> x(n);
  double w_sum = 0;
  for (size_t i = 0; i < n; ++i) {
    x[i] = static_cast<double>(samples[i]) * w[i];
    w_sum += w[i];
  }
  // exp(-2*pi*i*k*m/n) from a table indexed by (k*m) mod n: exact phases, no drifting rotation.
  const double two_pi = 2.0 * std::acos(-1.0);
  std::vector<std::complex<double>> twiddle(n);
  for (size_t m = 0; m < n; ++m) {
    double angle = -two_pi * static_cast<double>(m) / static_cast<double>(n);
    twiddle[m] = {std::cos(angle), std::sin(angle)};
  }
  double peak = 0;
  for (size_t k : bins) {
    std::complex<double> sum = 0;
    size_t phase = 0;
    for (size_t m = 0; m < n; ++m) {
      sum += x[m] * twiddle[phase];
      phase += k;
      if (phase >= n)
        phase -= n;
    }
    peak = std::max(peak, std::abs(sum));
  }
  return 2.0 * peak / w_sum;
}

double amplitude_db(double a, double ref) {
  return 20.0 * std::log10(std::max(a, 1e-9) / std::max(ref, 1e-9));
}

} // namespace cutqueue::testing
