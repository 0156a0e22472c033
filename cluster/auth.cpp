#include "cluster/auth.hpp"

#include <fstream>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <stdexcept>
#include <vector>

namespace cutqueue::cluster {

std::string random_hex(size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  if (RAND_bytes(buf.data(), static_cast<int>(buf.size())) != 1)
    throw std::runtime_error("no random bytes from OpenSSL");
  return to_hex(buf.data(), buf.size());
}

std::string hmac_hex(std::string_view secret, std::string_view message) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), out, &len);
  return to_hex(out, len);
}

bool equal_constant_time(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string coordinator_proof(std::string_view secret, std::string_view worker_nonce,
                              std::string_view challenge) {
  std::string msg = "cutqueue coordinator\n";
  msg.append(worker_nonce).append("\n").append(challenge);
  return hmac_hex(secret, msg);
}

std::string worker_proof(std::string_view secret, std::string_view challenge,
                         std::string_view worker_nonce, std::string_view node_name) {
  std::string msg = "cutqueue worker\n";
  msg.append(challenge).append("\n").append(worker_nonce).append("\n").append(node_name);
  return hmac_hex(secret, msg);
}

} // namespace cutqueue::cluster
