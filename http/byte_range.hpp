// Parsing of a single `Range: bytes=...` header (RFC 7233), enough for players that seek.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace cutqueue::http {

struct byte_range {
  uint64_t first = 0;
  uint64_t last = 0; ///< inclusive
};

enum class range_result { none, satisfiable, unsatisfiable };

/// Interprets `header` against a file of `size` bytes. `none` means: ignore the header and send
/// the whole file (absent, malformed, multi-range or non-bytes units, as RFC 7233 allows).
range_result parse_byte_range(std::string_view header, uint64_t size, byte_range& out);

} // namespace cutqueue::http
