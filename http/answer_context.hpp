// How one request wants to be answered: in the plain style of api.md or in capcut-mate's
// envelope, in Chinese or English, and under which request id. Decided once per request from
// its headers and the server's default; pure, so the header rules are unit-tested.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cutqueue {
namespace metrics {
class registry;
}
} // namespace cutqueue

namespace cutqueue::http {

enum class response_style : uint8_t {
  plain,       ///< api.md: HTTP status codes, errors as {"detail": ...}
  capcut_mate, ///< upstream-facts.md: always HTTP 200, {"code", "message", ...}
};

/// "plain" / "capcut-mate"; nullopt for anything else.
std::optional<response_style> parse_response_style(std::string_view text);
const char* to_string(response_style s);

/// The header a client sets to choose the style of one answer (overrides --response-style).
constexpr const char* response_style_header = "X-Response-Style";

struct answer_context {
  response_style style = response_style::plain;
  /// The route table's pattern that matched, for cutqueue_http_requests_total.
  std::string route;
  metrics::registry* metrics = nullptr; ///< where answers are counted; null = nowhere
  bool english = false;                 ///< capcut-mate messages in English (Accept-Language: en)
  std::string request_id;               ///< sent back as X-Request-ID
};

/// The request's own X-Request-ID is kept when it is 1 to 128 visible ASCII characters (so a
/// caller can follow one request through its logs and ours); otherwise a new one is made. An
/// X-Response-Style naming a style wins over `default_style`; other values are ignored.
answer_context make_answer_context(std::optional<std::string_view> style_header,
                                   std::optional<std::string_view> accept_language,
                                   std::optional<std::string_view> request_id,
                                   response_style default_style);

/// 32 random hex digits.
std::string new_request_id();

} // namespace cutqueue::http
