// Counters, gauges and histograms for GET /metrics, rendered in Prometheus' text format
// (version 0.0.4). One registry per process, created by app/ and handed to each layer by
// pointer; a null pointer means "not measured" (unit tests). Thread-safe: exports, the store's
// committer and HTTP threads record into it concurrently.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace cutqueue::metrics {

/// Label names and values of one series, e.g. {{"route", "/healthz"}, {"status", "200"}}.
using labels = std::vector<std::pair<std::string, std::string>>;

/// Bucket bounds (seconds) for exports and renders: a second to an hour.
const std::vector<double>& long_duration_buckets();
/// Bucket bounds (seconds) for the store's commits: 100 µs to a few seconds.
const std::vector<double>& short_duration_buckets();

class registry {
public:
  /// Adds `v` to the counter `name` (which should end in _total) with `l`.
  void add(const std::string& name, const std::string& help, const labels& l = {}, double v = 1);
  /// Sets the gauge `name` with `l` to `v`.
  void set(const std::string& name, const std::string& help, const labels& l, double v);
  /// Moves the gauge `name` with `l` by `delta` (things in flight).
  void shift(const std::string& name, const std::string& help, const labels& l, double delta);
  /// Records `v` in the histogram `name`; `bounds` (ascending) are used when it is created.
  void observe(const std::string& name, const std::string& help, const labels& l, double v,
               const std::vector<double>& bounds);

  /// Everything in the text format: # HELP and # TYPE per family, then its series, families
  /// and series in name order.
  std::string render() const;

private:
  enum class kind { counter, gauge, histogram };
  struct series {
    double value = 0;
    std::vector<uint64_t> buckets; ///< per bound, not cumulative
    double sum = 0;
    uint64_t count = 0;
  };
  struct family {
    std::string help;
    kind type = kind::counter;
    std::vector<double> bounds;
    std::map<std::string, series> by_labels; ///< key: rendered label set, e.g. a="1",b="x"
  };
  family& family_of(const std::string& name, const std::string& help, kind type);

  mutable std::mutex mutex_;
  std::map<std::string, family> families_;
};

using registry_ptr = std::shared_ptr<registry>;

/// `{a="1",b="x"}` with values escaped (\\, \", \n); "" for no labels.
std::string render_labels(const labels& l);

} // namespace cutqueue::metrics
