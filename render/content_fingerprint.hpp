// A cheap identity for a local file's bytes, so that identical copies (capcut-mate stores one
// copy of a medium per add_* call) are probed once and decoded by one FFmpeg input.
#pragma once

#include <optional>
#include <string>

namespace cutqueue::render {

/// "<size>-<hash>" where the hash (FNV-1a, 64 bit) covers the first and the last 64 KiB: equal
/// for byte-identical files, and for media files equal in practice only for identical stream
/// layouts (the container headers live at either end). Reads at most 128 KiB. nullopt when the
/// file cannot be read. Never throws.
std::optional<std::string> content_fingerprint(const std::string& path);

/// True when both files hold exactly the same bytes (compared in full; call it only for files
/// whose fingerprints match, where it is nearly always true). False when either is unreadable.
bool same_content(const std::string& a, const std::string& b);

} // namespace cutqueue::render
