#include "http/api_request.hpp"

#include "common/text.hpp"
#include "common/url.hpp"
#include "http/capcut_envelope.hpp"

#include <nlohmann/json.hpp>

namespace cutqueue::http {

namespace {

api_error bad_request(const char* text, int code, std::string code_detail = {}) {
  return {400, text, code, std::move(code_detail)};
}

constexpr size_t max_callback_url = 2048;

/// Pydantic's texts, as capcut-mate's clients see them inside a 1001 message.
constexpr const char* not_a_string = "draft_url: Input should be a valid string";

} // namespace

draft_request parse_draft_request(std::string_view body, draft_route route) {
  draft_request out;
  auto doc = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
  if (doc.is_discarded()) {
    out.error =
        bad_request("Invalid JSON body", capcut_code::validation, "body: JSON decode error");
    return out;
  }
  if (!doc.is_object()) {
    out.error = bad_request("Invalid JSON body", capcut_code::validation,
                            "body: Input should be a valid dictionary");
    return out;
  }
  auto it = doc.find("draft_url");
  if (it == doc.end()) {
    out.error = route == draft_route::gen_video
                    ? bad_request("draft_url is required", capcut_code::invalid_draft_url)
                    : bad_request("draft_url is required", capcut_code::validation,
                                  "draft_url: Field required");
    return out;
  }
  if (it->is_null()) {
    out.error = bad_request("draft_url is required", capcut_code::validation, not_a_string);
    return out;
  }
  if (it->is_string() && text::trim(it->get_ref<const std::string&>()).empty()) {
    out.error = bad_request("draft_url is required", capcut_code::invalid_draft_url);
    return out;
  }
  const char* malformed =
      route == draft_route::gen_video ? "Invalid draft_url format" : "Invalid draft URL";
  if (!it->is_string()) {
    out.error = bad_request(malformed, capcut_code::validation, not_a_string);
    return out;
  }
  std::string trimmed{text::trim(it->get_ref<const std::string&>())};
  if (!url::draft_id_of(trimmed)) {
    out.error = bad_request(malformed, capcut_code::invalid_draft_url);
    return out;
  }
  out.draft_url = std::move(trimmed);
  if (route != draft_route::gen_video)
    return out;
  if (auto cb = doc.find("callback_url"); cb != doc.end() && !cb->is_null()) {
    std::string text = cb->is_string() ? std::string(text::trim(cb->get_ref<const std::string&>()))
                                       : std::string();
    if (text.empty() || text.size() > max_callback_url || !url::parse(text)) {
      out.error = bad_request("Invalid callback_url format", capcut_code::validation,
                              "callback_url: Input should be a valid http or https URL");
      return out;
    }
    out.callback_url = std::move(text);
  }
  return out;
}

std::string error_body(const std::string& detail) {
  return nlohmann::json{{"detail", detail}}.dump();
}

} // namespace cutqueue::http
