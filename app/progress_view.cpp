#include "app/progress_view.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cutqueue::app {

std::string format_clock(double seconds) {
  auto total = static_cast<long>(std::max(0.0, std::floor(seconds)));
  char buf[32];
  if (total >= 3600)
    std::snprintf(buf, sizeof(buf), "%ld:%02ld:%02ld", total / 3600, total / 60 % 60, total % 60);
  else
    std::snprintf(buf, sizeof(buf), "%02ld:%02ld", total / 60, total % 60);
  return buf;
}

void eta_estimator::sample(const std::string& status, int percent, double elapsed) {
  if (status != "processing") {
    started_ = false;
    return;
  }
  if (!started_ || percent < last_percent_) {
    started_ = true;
    first_percent_ = percent;
    first_time_ = elapsed;
  }
  last_percent_ = percent;
  last_time_ = elapsed;
}

std::optional<double> eta_estimator::seconds_left() const {
  if (!started_ || last_percent_ <= first_percent_ || last_time_ <= first_time_)
    return std::nullopt;
  double rate = (last_percent_ - first_percent_) / (last_time_ - first_time_);
  return (100 - last_percent_) / rate;
}

std::string render_bar(const std::string& status, int percent, double elapsed,
                       std::optional<double> eta, int width) {
  percent = std::clamp(percent, 0, 100);
  int filled = width * percent / 100;
  std::string bar(static_cast<size_t>(filled), '#');
  bar.append(static_cast<size_t>(width - filled), '-');
  char pct[8];
  std::snprintf(pct, sizeof(pct), "%3d%%", percent);
  return status + " [" + bar + "] " + pct + "  elapsed " + format_clock(elapsed) + "  ETA " +
         (eta ? format_clock(*eta) : std::string("--:--"));
}

std::string render_line(const std::string& status, int percent, double elapsed) {
  return status + " " + std::to_string(percent) + "% (elapsed " + format_clock(elapsed) + ")";
}

} // namespace cutqueue::app
