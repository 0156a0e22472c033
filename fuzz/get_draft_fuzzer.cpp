// Fuzzes the get_draft answer parser (draft/get_draft_answer.cpp) and the mapping of each
// listed URL to a path in the work folder (draft/paths.cpp): the answer comes from
// whatever server the draft_url names, so every byte of it is hostile.
#include "common/url.hpp"
#include "draft/get_draft_answer.hpp"
#include "draft/paths.hpp"
#include "fuzz/fuzz_check.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

using namespace cutqueue;

const std::string draft_url = "http://127.0.0.1:8080/openapi/capcut-mate/v1/get_draft?draft_id=d1";
const std::string draft_id = "d1";

/// A listed file lands at dest_dir/<path>: the path must never leave dest_dir.
bool stays_inside(const std::string& rel) {
  if (rel.empty() || rel.front() == '/' || rel.find('\0') != std::string::npos)
    return false;
  size_t begin = 0;
  while (begin <= rel.size()) {
    size_t end = rel.find('/', begin);
    if (end == std::string::npos)
      end = rel.size();
    std::string part = rel.substr(begin, end - begin);
    if (part.empty() || part == "." || part == "..")
      return false;
    begin = end + 1;
  }
  return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string body(reinterpret_cast<const char*>(data), size);
  auto list = draft::parse_get_draft(draft_url, body);
  if (list.error) {
    FUZZ_CHECK(*list.error == "Draft does not exist" ||
               *list.error ==
                   "Material inaccessible: " + draft_url + " (invalid get_draft response)");
    return 0;
  }
  // Accepted: an object with integer code 0 and exactly the `files` strings, in order.
  auto doc = nlohmann::json::parse(body, nullptr, false);
  FUZZ_CHECK(doc.is_object() && doc["code"].is_number_integer() && doc["code"] == 0);
  FUZZ_CHECK(doc["files"].is_array() && doc["files"].size() == list.urls.size());
  for (size_t i = 0; i < list.urls.size(); ++i)
    FUZZ_CHECK(doc["files"][i] == list.urls[i]);

  // What draft_fetcher's plan_jobs does with each URL, minus the download.
  for (const auto& listed : list.urls) {
    auto absolute = url::resolve(draft_url, listed);
    if (!absolute || !url::parse(*absolute))
      continue;
    if (auto rel = draft::file_url_relative_path(*absolute, draft_id))
      FUZZ_CHECK(stays_inside(*rel));
  }
  return 0;
}
