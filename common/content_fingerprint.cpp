#include "common/content_fingerprint.hpp"

#include "common/text.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <vector>

namespace cutqueue {

namespace {

constexpr std::streamoff edge_bytes = 64 * 1024;

} // namespace

std::optional<std::string> content_fingerprint(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in)
    return std::nullopt;
  const std::streamoff size = in.tellg();
  if (size < 0)
    return std::nullopt;
  uint64_t h = text::fnv1a_seed;
  std::vector<char> buf(static_cast<size_t>(edge_bytes));
  auto hash_range = [&](std::streamoff from, std::streamoff len) {
    in.seekg(from);
    in.read(buf.data(), len);
    h = text::fnv1a({buf.data(), static_cast<size_t>(in.gcount())}, h);
    return in.gcount() == len;
  };
  // Small files are hashed whole; larger ones at both ends (no byte counted twice).
  const std::streamoff head = std::min(size, edge_bytes);
  if (!hash_range(0, head))
    return std::nullopt;
  const std::streamoff tail_from = std::max(head, size - edge_bytes);
  if (tail_from < size && !hash_range(tail_from, size - tail_from))
    return std::nullopt;
  return std::to_string(size) + "-" + text::hex16(h);
}

} // namespace cutqueue
