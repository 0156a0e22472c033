#include "draft/json_read.hpp"

#include <algorithm>
#include <cmath>

namespace cutqueue::draft::json_read {

const json* member(const json& j, const char* key) {
  if (!j.is_object())
    return nullptr;
  auto it = j.find(key);
  return it == j.end() || it->is_null() ? nullptr : &*it;
}

double finite(double v, double fallback) {
  return std::isfinite(v) ? v : fallback;
}

double num(const json& j, const char* key, double fallback) {
  auto* v = member(j, key);
  return v && v->is_number() ? finite(v->get<double>(), fallback) : fallback;
}

int64_t integer(const json& j, const char* key, int64_t fallback) {
  auto* v = member(j, key);
  if (!v || !v->is_number())
    return fallback;
  if (v->is_number_unsigned())
    return static_cast<int64_t>(std::min<uint64_t>(v->get<uint64_t>(), INT64_MAX));
  if (v->is_number_integer())
    return v->get<int64_t>();
  // Durations are integers in practice, but a float must not throw, and casting one outside the
  // int64 range is undefined behaviour (found by fuzz/draft_content_fuzzer): clamp it first.
  double x = v->get<double>();
  if (std::isnan(x))
    return fallback;
  return static_cast<int64_t>(std::clamp(x, -9.0e18, 9.0e18));
}

int64_t time_us(const json& j, const char* key) {
  return std::clamp<int64_t>(integer(j, key, 0), 0, max_time_us);
}

std::string str(const json& j, const char* key) {
  auto* v = member(j, key);
  return v && v->is_string() ? v->get<std::string>() : std::string{};
}

std::string id_str(const json& j, const char* key) {
  auto* v = member(j, key);
  if (!v)
    return {};
  if (v->is_string())
    return v->get<std::string>();
  if (v->is_number_integer())
    return std::to_string(integer(j, key, 0));
  return {};
}

bool boolean(const json& j, const char* key, bool fallback) {
  auto* v = member(j, key);
  return v && v->is_boolean() ? v->get<bool>() : fallback;
}

} // namespace cutqueue::draft::json_read
