// What the browser-side suites share: node with tests/web's packages (npm ci), Debian's
// chromium, and API calls that carry the test's key.
#pragma once

#include "tests/support/support.hpp"

#include <string>
#include <vector>

namespace cutqueue::testing {

/// The key every web test server is started with (--api-key).
constexpr const char* web_key = "web-test-key";

/// The node binary when node and tests/web/node_modules are there. Otherwise "": the calling
/// test fails when the environment variable CI is set (CI must have them: scripts/install-deps.sh)
/// and is marked skipped elsewhere. Use as `auto node = node_or_skip(); if (node.empty()) return;`
std::string node_or_skip();

/// /usr/bin/chromium, or "" with the same fail-in-CI-or-skip rule.
std::string chromium_or_skip();

/// tests/web/<script>
std::string web_script(const std::string& script);

/// POSTs {"draft_url": url} to `route` with `Authorization: Bearer web_key`.
http_response post_draft(const cutqueue_server& srv, const std::string& route,
                         const std::string& draft_url);

/// Polls gen_video_status until the task shows one of `statuses` (deadline 60 s).
bool wait_for_status(const cutqueue_server& srv, const std::string& draft_url,
                     const std::vector<std::string>& statuses);

} // namespace cutqueue::testing
