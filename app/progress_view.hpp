// What `cutqueue submit --wait` shows while it waits: a one-line progress bar for terminals and
// plain lines for logs and pipes, with an ETA from the rate progress has been rising at. Pure
// text functions, unit-tested without a terminal.
#pragma once

#include <optional>
#include <string>

namespace cutqueue::app {

/// "mm:ss", or "h:mm:ss" from an hour on; negative times show as 00:00.
std::string format_clock(double seconds);

/// Estimates the time left from the progress rate seen since the first processing sample.
class eta_estimator {
public:
  /// Records the task's progress at `elapsed` seconds since waiting began; samples other than
  /// `processing` ones reset the estimate's start.
  void sample(const std::string& status, int percent, double elapsed);

  /// Seconds left, or nullopt until progress has moved.
  std::optional<double> seconds_left() const;

private:
  bool started_ = false;
  int first_percent_ = 0;
  double first_time_ = 0;
  int last_percent_ = 0;
  double last_time_ = 0;
};

/// `processing [#########-----------]  45%  elapsed 00:12  ETA 00:15` (ETA "--:--" when
/// unknown); `width` is the number of cells between the brackets.
std::string render_bar(const std::string& status, int percent, double elapsed,
                       std::optional<double> eta, int width = 30);

/// `processing 45% (elapsed 00:12)`: one line per change when stdout is not a terminal.
std::string render_line(const std::string& status, int percent, double elapsed);

} // namespace cutqueue::app
