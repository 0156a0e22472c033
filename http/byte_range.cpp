#include "http/byte_range.hpp"

#include <charconv>

namespace cutqueue::http {

namespace {

std::optional<uint64_t> parse_number(std::string_view s) {
  if (s.empty())
    return std::nullopt;
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size())
    return std::nullopt;
  return v;
}

} // namespace

range_result parse_byte_range(std::string_view header, uint64_t size, byte_range& out) {
  constexpr std::string_view prefix = "bytes=";
  while (!header.empty() && header.front() == ' ')
    header.remove_prefix(1);
  if (header.substr(0, prefix.size()) != prefix)
    return range_result::none;
  auto spec = header.substr(prefix.size());
  if (spec.find(',') != std::string_view::npos)
    return range_result::none;
  auto dash = spec.find('-');
  if (dash == std::string_view::npos)
    return range_result::none;
  auto first_text = spec.substr(0, dash);
  auto last_text = spec.substr(dash + 1);
  if (first_text.empty()) {
    // Suffix range: the last N bytes.
    auto n = parse_number(last_text);
    if (!n)
      return range_result::none;
    if (*n == 0 || size == 0)
      return range_result::unsatisfiable;
    out.first = *n >= size ? 0 : size - *n;
    out.last = size - 1;
    return range_result::satisfiable;
  }
  auto first = parse_number(first_text);
  if (!first)
    return range_result::none;
  std::optional<uint64_t> last;
  if (!last_text.empty()) {
    last = parse_number(last_text);
    if (!last || *last < *first)
      return range_result::none;
  }
  if (*first >= size)
    return range_result::unsatisfiable;
  out.first = *first;
  out.last = last ? std::min(*last, size - 1) : size - 1;
  return range_result::satisfiable;
}

} // namespace cutqueue::http
