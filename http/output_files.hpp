// GET /outputs/<file>: published MP4s, with single byte ranges (206) so players can seek. Only
// plain file names inside the output folder are served; anything else is a 404.
#pragma once

#include <pistache/http.h>
#include <pistache/router.h>

#include <string>

namespace cutqueue::http {

/// True for names a published output can have: [A-Za-z0-9._-], no leading dot, at most 255.
bool is_output_name(const std::string& name);

void serve_output(const Pistache::Rest::Request& req, Pistache::Http::ResponseWriter& w,
                  const std::string& output_dir);

} // namespace cutqueue::http
