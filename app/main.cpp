// cutqueue: exports CapCut/Jianying drafts to MP4 behind capcut-mate's gen_video API.
#include "app/client_commands.hpp"
#include "app/config.hpp"
#include "app/serve.hpp"
#include "app/worker.hpp"
#include "common/log.hpp"

#include <cstdio>
#include <string>
#include <vector>

namespace {

const std::string usage =
    "usage: cutqueue <command> [flags]\n\n"
    "commands:\n"
    "  serve    run the export service (see: cutqueue serve --help)\n"
    "  worker   run exports for a coordinator (see: cutqueue worker --help)\n" +
    cutqueue::app::client_usage();

} // namespace

int main(int argc, char** argv) {
  using namespace cutqueue;
  app::block_termination_signals();
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::fputs(usage.c_str(), args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "worker") {
    app::worker_settings wcfg;
    if (auto err = app::parse_worker_config({args.begin() + 1, args.end()}, wcfg)) {
      std::fprintf(stderr, "cutqueue worker: %s\n", err->c_str());
      return 2;
    }
    if (wcfg.help) {
      std::fputs(app::worker_usage().c_str(), stdout);
      return 0;
    }
    return app::run_worker(std::move(wcfg));
  }
  if (app::is_client_command(args[0]))
    return app::run_client(args);
  if (args[0] != "serve") {
    std::fprintf(stderr, "cutqueue: unknown command '%s'\n\n%s", args[0].c_str(), usage.c_str());
    return 2;
  }
  app::service_config cfg;
  if (auto err = app::parse_serve_config({args.begin() + 1, args.end()}, cfg)) {
    std::fprintf(stderr, "cutqueue serve: %s\n", err->c_str());
    return 2;
  }
  if (cfg.help) {
    std::fputs(app::serve_usage().c_str(), stdout);
    return 0;
  }
  return app::run_serve(std::move(cfg));
}
