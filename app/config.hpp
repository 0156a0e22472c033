// The one configuration struct of `cutqueue serve`, filled once from flags and CUTQUEUE_<FLAG>
// environment variables (flags win), then passed down by const reference.
#pragma once

#include "actors/supervisor_config.hpp"
#include "common/log.hpp"
#include "http/api_server.hpp"

#include <optional>
#include <string>
#include <vector>

namespace cutqueue::app {

/// CAF's scheduler. bench/README.md has the measurements behind the defaults.
struct scheduler_config {
  size_t threads = 0;             ///< worker threads; 0 = one per core, at least 2
  std::string policy = "sharing"; ///< "sharing" or "stealing"
};

/// Worker nodes (cluster/): enabled by --cluster-port.
struct cluster_settings {
  std::optional<uint16_t> port; ///< 0: any free port
  std::string host;             ///< default: --host
  std::string secret;           ///< secret: never logged
  std::chrono::seconds lease{60};
  std::chrono::seconds heartbeat{2};
  std::chrono::seconds connection_timeout{10};
};

struct service_config {
  std::string data_dir = "./data";
  http::http_config http;
  supervisor_config supervisor;
  scheduler_config scheduler;
  cluster_settings cluster;
  log::level log_level = log::level::info;
  log::format log_format = log::format::text;
  std::string api_key_file; ///< read once parsing is done; its keys join http.api_keys
  bool help = false;
};

/// Parses `args` (without the program and subcommand names) and `env`-style lookups.
/// Returns an error text naming the offending flag, or nullopt on success.
std::optional<std::string> parse_serve_config(const std::vector<std::string>& args,
                                              service_config& out);

/// The --help text of `cutqueue serve`.
std::string serve_usage();

/// "90" / "90s" / "15m" / "2h" / "7d" -> seconds.
std::optional<std::chrono::seconds> parse_duration(const std::string& text);

/// "65536" / "64k" / "64KiB" / "1M" -> bytes.
std::optional<size_t> parse_size(const std::string& text);

} // namespace cutqueue::app
