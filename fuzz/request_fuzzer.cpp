// Fuzzes the gen_video / gen_video_status body parser (http/api_request.cpp): any byte string
// is a request body an open-network client can send.
#include "common/text.hpp"
#include "common/url.hpp"
#include "fuzz/fuzz_check.hpp"
#include "http/api_request.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using namespace cutqueue;

/// api.md's 400 texts: a parse error must be one of them, never another status or text.
bool is_contract_error(const http::api_error& e, http::draft_route route) {
  const char* malformed =
      route == http::draft_route::gen_video ? "Invalid draft_url format" : "Invalid draft URL";
  return e.status == 400 && (e.detail == "Invalid JSON body" ||
                             e.detail == "draft_url is required" || e.detail == malformed);
}

http::draft_request check_route(std::string_view body, http::draft_route route) {
  auto r = http::parse_draft_request(body, route);
  if (r.error) {
    FUZZ_CHECK(is_contract_error(*r.error, route));
    FUZZ_CHECK(r.draft_url.empty());
    return r;
  }
  // The accepted URL is the task key: trimmed, bounded, with a draft_id the fetcher can use.
  FUZZ_CHECK(!r.draft_url.empty());
  FUZZ_CHECK(text::trim(r.draft_url) == r.draft_url);
  FUZZ_CHECK(r.draft_url.size() <= url::max_draft_url_length);
  FUZZ_CHECK(url::draft_id_of(r.draft_url).has_value());
  // It is echoed in status bodies and stored as JSON: dumping it must not throw (valid UTF-8).
  std::string dumped = nlohmann::json{{"draft_url", r.draft_url}}.dump();
  FUZZ_CHECK(!dumped.empty());
  return r;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  auto submit = check_route(body, http::draft_route::gen_video);
  auto status = check_route(body, http::draft_route::gen_video_status);
  // The routes differ only in the text for a malformed URL: same verdict, same URL.
  FUZZ_CHECK(submit.error.has_value() == status.error.has_value());
  FUZZ_CHECK(submit.draft_url == status.draft_url);
  if (submit.error && submit.error->detail != "Invalid draft_url format")
    FUZZ_CHECK(submit.error->detail == status.error->detail);
  return 0;
}
