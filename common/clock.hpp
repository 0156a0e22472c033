// Wall-clock time as milliseconds since the Unix epoch, and its ISO 8601 rendering for the API.
#pragma once

#include <cstdint>
#include <string>

namespace cutqueue::clock {

/// Milliseconds since 1970-01-01T00:00:00Z.
int64_t now_ms();

/// `2024-09-24T10:30:00.000Z` (UTC, milliseconds), the format of
/// created_at/started_at/completed_at.
std::string format_iso8601(int64_t epoch_ms);

} // namespace cutqueue::clock
