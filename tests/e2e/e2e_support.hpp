// Helpers shared by the end-to-end suites: polling of gen_video_status through the real HTTP API
// (drafts generated at test time come from tests/support/drafts.hpp).
#pragma once

#include "tests/support/drafts.hpp"
#include "tests/support/support.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace cutqueue::testing {

/// POSTs {"draft_url": url} to gen_video / gen_video_status.
http_response submit(const cutqueue_server& srv, const std::string& draft_url);
http_response query(const cutqueue_server& srv, const std::string& draft_url);

/// The status body as JSON (null JSON when the answer was not a 200 with JSON).
nlohmann::json status_json(const cutqueue_server& srv, const std::string& draft_url);

/// Polls gen_video_status until the task is completed or failed; returns its last body.
nlohmann::json wait_terminal(const cutqueue_server& srv, const std::string& draft_url,
                             std::chrono::milliseconds deadline = 120s);

/// Polls until the task shows `status`.
bool wait_status(const cutqueue_server& srv, const std::string& draft_url,
                 const std::string& status, std::chrono::milliseconds deadline = 60s);

/// The `detail` text of an error answer, or a marker quoting the body when there is none.
std::string detail(const http_response& r);

/// Downloads a video_url into `dir` and returns the local path ("" on failure).
std::string download(const std::string& url, const std::string& dir);

} // namespace cutqueue::testing
