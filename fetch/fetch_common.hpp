// Small pieces shared by draft_fetcher.cpp and material_resolver.cpp: the download options a
// fetch_config implies and the outcomes both report.
#pragma once

#include "fetch/draft_fetcher.hpp"
#include "fetch/http_download.hpp"

#include <string>

namespace cutqueue::fetch::detail {

inline download_options download_options_for(const fetch_config& cfg, const cancel_token& cancel) {
  download_options o;
  o.connect_timeout = cfg.connect_timeout;
  o.stall_timeout = cfg.read_timeout;
  o.max_tries = cfg.max_download_tries;
  o.network = cfg.network;
  o.max_body_bytes = cfg.max_file_download;
  o.budget = cfg.task_budget.get();
  o.cancel = &cancel;
  return o;
}

inline fetch_outcome failed(std::string message) {
  return {false, std::move(message)};
}

/// api.md's "Material inaccessible: <what> (<reason>)".
inline fetch_outcome inaccessible(const std::string& what, const std::string& reason) {
  return failed("Material inaccessible: " + what + " (" + reason + ")");
}

/// What a fetch stopped by the token reports. The caller is expected to look at the token
/// itself; the text only makes a stray log line meaningful.
inline fetch_outcome cancelled_outcome(const cancel_token& cancel) {
  return failed(cancel.reason() == cancel_reason::timeout ? "Processing timeout" : "cancelled");
}

} // namespace cutqueue::fetch::detail
