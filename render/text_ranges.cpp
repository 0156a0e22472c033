#include "render/text_ranges.hpp"

#include <algorithm>
#include <cstdint>

namespace cutqueue::render {

size_t utf16_units(char32_t c) {
  return c > 0xFFFF ? 2 : 1;
}

std::vector<size_t> style_per_char(const std::u32string& chars,
                                   const std::vector<draft::text_style>& styles) {
  std::vector<size_t> out(chars.size(), 0);
  // First code unit of every character: the unit a range must contain to cover it.
  std::vector<int64_t> first_unit(chars.size());
  int64_t unit = 0;
  for (size_t i = 0; i < chars.size(); ++i) {
    first_unit[i] = unit;
    unit += static_cast<int64_t>(utf16_units(chars[i]));
  }
  for (size_t s = 1; s < styles.size(); ++s) {
    const int64_t begin = styles[s].range_begin, end = styles[s].range_end;
    if (end <= begin)
      continue;
    // Characters whose first unit lies in [begin, end): a contiguous span, found by search.
    auto from = std::lower_bound(first_unit.begin(), first_unit.end(), begin);
    auto to = std::lower_bound(from, first_unit.end(), end);
    std::fill(out.begin() + (from - first_unit.begin()), out.begin() + (to - first_unit.begin()),
              s);
  }
  // The first style also only draws its own range explicitly, but whatever no later entry
  // covers falls back to it anyway, so its range never matters.
  return out;
}

std::vector<style_run> style_runs(const std::vector<size_t>& per_char) {
  std::vector<style_run> runs;
  for (size_t i = 0; i < per_char.size(); ++i) {
    if (!runs.empty() && runs.back().style == per_char[i])
      runs.back().end = i + 1;
    else
      runs.push_back({i, i + 1, per_char[i]});
  }
  return runs;
}

} // namespace cutqueue::render
