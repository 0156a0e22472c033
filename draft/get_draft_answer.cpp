#include "draft/get_draft_answer.hpp"

#include <nlohmann/json.hpp>

namespace cutqueue::draft {

get_draft_listing parse_get_draft(const std::string& draft_url, const std::string& body) {
  get_draft_listing out;
  auto invalid = [&] {
    out.error = "Material inaccessible: " + draft_url + " (invalid get_draft response)";
    return out;
  };
  auto doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return invalid();
  auto code = doc.find("code");
  if (code == doc.end() || !code->is_number_integer())
    return invalid();
  // capcut-mate answers unknown drafts with HTTP 200 and a non-zero code (2001).
  if (code->get<int64_t>() != 0) {
    out.error = "Draft does not exist";
    return out;
  }
  auto files = doc.find("files");
  if (files == doc.end() || !files->is_array())
    return invalid();
  for (const auto& f : *files) {
    if (!f.is_string())
      return invalid();
    out.urls.push_back(f.get<std::string>());
  }
  return out;
}

} // namespace cutqueue::draft
