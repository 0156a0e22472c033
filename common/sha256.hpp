// SHA-256 for files that must arrive or survive unchanged: uploads from workers, finished
// chunks of a long export.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cutqueue {

/// Lower-case hex of `n` bytes.
std::string to_hex(const unsigned char* p, size_t n);

/// Incremental SHA-256 (hex digest), for uploads checked as their chunks arrive.
class sha256_stream {
public:
  sha256_stream();
  ~sha256_stream();
  sha256_stream(const sha256_stream&) = delete;
  sha256_stream& operator=(const sha256_stream&) = delete;
  void update(std::string_view data);
  /// The digest of everything so far; the stream starts over afterwards.
  std::string finish();
  void reset();

private:
  void* ctx_; ///< EVP_MD_CTX, kept out of this header
};

/// SHA-256 of a whole file, hex; empty when it cannot be read.
std::string sha256_file(const std::string& path);

} // namespace cutqueue
