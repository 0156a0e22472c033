#include "common/metrics.hpp"

#include <cmath>
#include <cstdio>

namespace cutqueue::metrics {

namespace {

std::string escape(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out.push_back(c);
  }
  return out;
}

std::string number(double v) {
  if (std::isinf(v))
    return v > 0 ? "+Inf" : "-Inf";
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%.15g", v);
  return buf;
}

/// `name{labels,extra}`: the series line's name part.
std::string series_name(const std::string& name, const std::string& key,
                        const std::string& extra = {}) {
  if (key.empty() && extra.empty())
    return name;
  std::string inner = key;
  if (!extra.empty())
    inner += (inner.empty() ? "" : ",") + extra;
  return name + "{" + inner + "}";
}

} // namespace

const std::vector<double>& long_duration_buckets() {
  static const std::vector<double> b = {1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600};
  return b;
}

const std::vector<double>& short_duration_buckets() {
  static const std::vector<double> b = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                        0.025,  0.05,    0.1,    0.25,  1,      5};
  return b;
}

std::string render_labels(const labels& l) {
  std::string out;
  for (auto& [k, v] : l)
    out += (out.empty() ? "" : ",") + k + "=\"" + escape(v) + "\"";
  return out;
}

registry::family& registry::family_of(const std::string& name, const std::string& help, kind type) {
  auto& f = families_[name];
  if (f.help.empty()) {
    f.help = help;
    f.type = type;
  }
  return f;
}

void registry::add(const std::string& name, const std::string& help, const labels& l, double v) {
  std::lock_guard<std::mutex> lock(mutex_);
  family_of(name, help, kind::counter).by_labels[render_labels(l)].value += v;
}

void registry::set(const std::string& name, const std::string& help, const labels& l, double v) {
  std::lock_guard<std::mutex> lock(mutex_);
  family_of(name, help, kind::gauge).by_labels[render_labels(l)].value = v;
}

void registry::shift(const std::string& name, const std::string& help, const labels& l,
                     double delta) {
  std::lock_guard<std::mutex> lock(mutex_);
  family_of(name, help, kind::gauge).by_labels[render_labels(l)].value += delta;
}

void registry::observe(const std::string& name, const std::string& help, const labels& l, double v,
                       const std::vector<double>& bounds) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto& f = family_of(name, help, kind::histogram);
  if (f.bounds.empty())
    f.bounds = bounds;
  auto& s = f.by_labels[render_labels(l)];
  s.buckets.resize(f.bounds.size());
  for (size_t i = 0; i < f.bounds.size(); ++i)
    if (v <= f.bounds[i]) {
      ++s.buckets[i];
      break;
    }
  s.sum += v;
  ++s.count;
}

std::string registry::render() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string out;
  for (auto& [name, f] : families_) {
    const char* type = f.type == kind::counter ? "counter"
                       : f.type == kind::gauge ? "gauge"
                                               : "histogram";
    out += "# HELP " + name + " " + f.help + "\n# TYPE " + name + " " + type + "\n";
    for (auto& [key, s] : f.by_labels) {
      if (f.type != kind::histogram) {
        out += series_name(name, key) + " " + number(s.value) + "\n";
        continue;
      }
      uint64_t cumulative = 0;
      for (size_t i = 0; i < f.bounds.size(); ++i) {
        cumulative += i < s.buckets.size() ? s.buckets[i] : 0;
        out += series_name(name + "_bucket", key, "le=\"" + number(f.bounds[i]) + "\"") + " " +
               std::to_string(cumulative) + "\n";
      }
      out +=
          series_name(name + "_bucket", key, "le=\"+Inf\"") + " " + std::to_string(s.count) + "\n";
      out += series_name(name + "_sum", key) + " " + number(s.sum) + "\n";
      out += series_name(name + "_count", key) + " " + std::to_string(s.count) + "\n";
    }
  }
  return out;
}

} // namespace cutqueue::metrics
