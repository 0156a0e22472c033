#include "http/answer_context.hpp"

#include "common/text.hpp"
#include "http/capcut_envelope.hpp"

#include <random>

namespace cutqueue::http {

namespace {

constexpr size_t max_request_id = 128;

bool usable_request_id(std::string_view id) {
  if (id.empty() || id.size() > max_request_id)
    return false;
  for (unsigned char c : id)
    if (c < 0x21 || c > 0x7e)
      return false;
  return true;
}

} // namespace

std::optional<response_style> parse_response_style(std::string_view text) {
  text = text::trim(text);
  if (text == "plain")
    return response_style::plain;
  if (text == "capcut-mate")
    return response_style::capcut_mate;
  return std::nullopt;
}

const char* to_string(response_style s) {
  return s == response_style::capcut_mate ? "capcut-mate" : "plain";
}

answer_context make_answer_context(std::optional<std::string_view> style_header,
                                   std::optional<std::string_view> accept_language,
                                   std::optional<std::string_view> request_id,
                                   response_style default_style) {
  answer_context ctx;
  ctx.style = default_style;
  if (style_header)
    if (auto s = parse_response_style(*style_header))
      ctx.style = *s;
  ctx.english = wants_english(accept_language);
  if (request_id && usable_request_id(text::trim(*request_id)))
    ctx.request_id = std::string(text::trim(*request_id));
  else
    ctx.request_id = new_request_id();
  return ctx;
}

std::string new_request_id() {
  // Not a secret, only unique enough to find one request in the logs: a per-thread generator
  // seeded once from the kernel keeps this cheap.
  thread_local std::mt19937_64 gen{std::random_device{}()};
  static constexpr char hex[] = "0123456789abcdef";
  std::string id;
  for (int i = 0; i < 2; ++i) {
    auto x = gen();
    for (int j = 0; j < 16; ++j, x >>= 4)
      id.push_back(hex[x & 0xf]);
  }
  return id;
}

} // namespace cutqueue::http
