// The cluster secret never crosses the wire: each side proves it knows it with an HMAC-SHA256
// over nonces the other side chose. Distinct labels for the two proofs keep a coordinator's
// answer from being replayed as a worker's (and the other way round).
#pragma once

#include "common/sha256.hpp"

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

using cutqueue::sha256_file;
using cutqueue::sha256_stream;

} // namespace cutqueue::cluster
