// Tolerant accessors for draft JSON: a missing, null or wrongly typed field reads as its
// fallback, never as an exception, and times are clamped so that sums of them cannot overflow.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace cutqueue::draft::json_read {

using nlohmann::json;

/// The largest time accepted, in microseconds (about 35 years): far beyond any real draft, and
/// low enough that sums of times (a segment's end) and the graph builder's arithmetic on them
/// cannot overflow int64.
constexpr int64_t max_time_us = int64_t{1} << 50;

/// The member `key` of an object, or nullptr when `j` is no object or the member is absent/null.
const json* member(const json& j, const char* key);
double num(const json& j, const char* key, double fallback);
int64_t integer(const json& j, const char* key, int64_t fallback);
/// A time of the draft: negative values become 0 and absurd ones max_time_us.
int64_t time_us(const json& j, const char* key);
std::string str(const json& j, const char* key);
/// Strings, and numbers written where an id string belongs (as some generators do).
std::string id_str(const json& j, const char* key);
bool boolean(const json& j, const char* key, bool fallback);
/// A finite number or the fallback (NaN and infinities never reach the renderer).
double finite(double v, double fallback);

} // namespace cutqueue::draft::json_read
