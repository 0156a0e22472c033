#include "render/content_fingerprint.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <vector>

namespace cutqueue::render {

namespace {

constexpr std::streamoff edge_bytes = 64 * 1024;

void fnv1a(uint64_t& h, const char* data, size_t n) {
  for (size_t i = 0; i < n; ++i)
    h = (h ^ static_cast<unsigned char>(data[i])) * 1099511628211ull;
}

} // namespace

std::optional<std::string> content_fingerprint(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in)
    return std::nullopt;
  const std::streamoff size = in.tellg();
  if (size < 0)
    return std::nullopt;
  uint64_t h = 1469598103934665603ull;
  std::vector<char> buf(static_cast<size_t>(edge_bytes));
  auto hash_range = [&](std::streamoff from, std::streamoff len) {
    in.seekg(from);
    in.read(buf.data(), len);
    fnv1a(h, buf.data(), static_cast<size_t>(in.gcount()));
    return in.gcount() == len;
  };
  // Small files are hashed whole; larger ones at both ends (no byte counted twice).
  const std::streamoff head = std::min(size, edge_bytes);
  if (!hash_range(0, head))
    return std::nullopt;
  const std::streamoff tail_from = std::max(head, size - edge_bytes);
  if (tail_from < size && !hash_range(tail_from, size - tail_from))
    return std::nullopt;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return std::to_string(size) + "-" + hex;
}

} // namespace cutqueue::render
