#include "http/api_request.hpp"

#include "common/text.hpp"
#include "common/url.hpp"

#include <nlohmann/json.hpp>

namespace cutqueue::http {

namespace {

api_error bad_request(const char* text) {
  return {400, text};
}

} // namespace

draft_request parse_draft_request(std::string_view body, draft_route route) {
  draft_request out;
  auto doc = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    out.error = bad_request("Invalid JSON body");
    return out;
  }
  auto it = doc.find("draft_url");
  if (it == doc.end() || it->is_null() ||
      (it->is_string() && text::trim(it->get_ref<const std::string&>()).empty())) {
    out.error = bad_request("draft_url is required");
    return out;
  }
  const char* malformed =
      route == draft_route::gen_video ? "Invalid draft_url format" : "Invalid draft URL";
  if (!it->is_string()) {
    out.error = bad_request(malformed);
    return out;
  }
  std::string trimmed{text::trim(it->get_ref<const std::string&>())};
  if (!url::draft_id_of(trimmed)) {
    out.error = bad_request(malformed);
    return out;
  }
  out.draft_url = std::move(trimmed);
  return out;
}

std::string error_body(const std::string& detail) {
  return nlohmann::json{{"detail", detail}}.dump();
}

} // namespace cutqueue::http
