// The cluster secret never crosses the wire: each side proves it knows it with an HMAC-SHA256
// over nonces the other side chose. Distinct labels for the two proofs keep a coordinator's
// answer from being replayed as a worker's (and the other way round).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cutqueue::cluster {

/// 32 random bytes from the kernel's CSPRNG, hex-encoded.
std::string random_hex(size_t bytes = 32);

/// HMAC-SHA256(secret, message), hex-encoded.
std::string hmac_hex(std::string_view secret, std::string_view message);

/// Compares without leaking where the first difference is.
bool equal_constant_time(std::string_view a, std::string_view b);

/// What the coordinator shows a worker: it knows the secret too.
std::string coordinator_proof(std::string_view secret, std::string_view worker_nonce,
                              std::string_view challenge);

/// What a worker shows the coordinator to join.
std::string worker_proof(std::string_view secret, std::string_view challenge,
                         std::string_view worker_nonce, std::string_view node_name);

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

} // namespace cutqueue::cluster
