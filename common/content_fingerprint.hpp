// A cheap identity for a local file's bytes, so that identical copies (capcut-mate stores one
// copy of a medium per add_* call) are probed once instead of once each.
#pragma once

#include <optional>
#include <string>

namespace cutqueue {

/// "<size>-<hash>" where the hash (FNV-1a, 64 bit) covers the first and the last 64 KiB: equal
/// for byte-identical files, and for media files equal in practice only for identical stream
/// layouts (the container headers live at either end). Reads at most 128 KiB. nullopt when the
/// file cannot be read. Never throws.
std::optional<std::string> content_fingerprint(const std::string& path);

} // namespace cutqueue
