#include "common/sha256.hpp"

#include <fstream>
#include <openssl/evp.h>
#include <vector>

namespace cutqueue {

namespace {

EVP_MD_CTX* md(void* p) {
  return static_cast<EVP_MD_CTX*>(p);
}

} // namespace

std::string to_hex(const unsigned char* p, size_t n) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * n);
  for (size_t i = 0; i < n; ++i) {
    out.push_back(digits[p[i] >> 4]);
    out.push_back(digits[p[i] & 0xf]);
  }
  return out;
}

sha256_stream::sha256_stream() : ctx_(EVP_MD_CTX_new()) {
  reset();
}

sha256_stream::~sha256_stream() {
  EVP_MD_CTX_free(md(ctx_));
}

void sha256_stream::reset() {
  EVP_DigestInit_ex(md(ctx_), EVP_sha256(), nullptr);
}

void sha256_stream::update(std::string_view data) {
  EVP_DigestUpdate(md(ctx_), data.data(), data.size());
}

std::string sha256_stream::finish() {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(md(ctx_), out, &len);
  reset();
  return to_hex(out, len);
}

std::string sha256_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return {};
  sha256_stream s;
  std::vector<char> buf(1 << 16);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    if (in.gcount() > 0)
      s.update({buf.data(), static_cast<size_t>(in.gcount())});
  }
  if (in.bad())
    return {};
  return s.finish();
}

} // namespace cutqueue
