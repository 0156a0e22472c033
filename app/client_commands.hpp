// cutqueue's command-line client: `submit`, `status`, `cancel` and `active` talk to a running
// server over its HTTP API (app/api_client.hpp); `submit --wait` follows the task with a
// progress bar on a terminal and plain lines otherwise (app/progress_view.hpp).
#pragma once

#include <string>
#include <vector>

namespace cutqueue::app {

/// True for the names run_client handles.
bool is_client_command(const std::string& name);

/// Runs one client command; `args` starts with the command's name. Returns the exit code: 0 on
/// success, 1 when the server refused or the task failed, 2 on a usage error, 130 when Ctrl-C
/// stopped `--wait` (the task goes on). Expects SIGINT and SIGTERM blocked (main does that):
/// they are taken with sigtimedwait between polls.
int run_client(const std::vector<std::string>& args);

/// The commands' part of `cutqueue --help`.
std::string client_usage();

} // namespace cutqueue::app
