// Bench helper: renders one local draft folder (draft_content.json + assets/, e.g. a capcut-mate
// fixture) to an MP4 with cutqueue's renderer, no HTTP involved, and prints the wall time of the
// render. Used by bench/render_bench.sh.
//
// Usage: render_draft <draft-folder> <out.mp4> [--preset P] [--keep-graph FILE] [--work-dir DIR]
//                     [--resource-dir DIR] [--chunk-seconds S] [--slots N] [--threads T]
//                     [--ffmpeg PATH] [--only-chunks LIST]
//   --ffmpeg PATH: the FFmpeg binary (a wrapper that measures each run, in bench/long_bench.sh)
//   --only-chunks v0000,v0012,a0012: render just those chunks, no join (exit 0 when they did)
//   --chunk-seconds: render in chunks of S seconds (render/chunked_render.hpp), on up to N
//   slots at once (default 1); --threads: FFmpeg threads per job (0 = FFmpeg's default).
//   --work-dir: use (and keep) DIR for the filter script, and log the FFmpeg command (debug
//   level, on stderr), so the command can be timed on its own.
// Prints "render_seconds <s>" and "draft_seconds <s>" on stdout; exit 0 on success.
#include "common/log.hpp"
#include "draft/parser.hpp"
#include "fetch/draft_fetcher.hpp"
#include "render/draft_renderer.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;
using namespace cutqueue;
using namespace cutqueue::render;

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The draft id material paths are written with: from the recorded get_draft answer when the
/// folder has one (fixtures), else the folder's name (capcut-mate names draft folders by id).
std::string draft_id_of(const fs::path& folder) {
  auto doc = nlohmann::json::parse(read_all(folder / "get_draft.json"), nullptr, false);
  if (doc.is_object() && doc.contains("files") && doc["files"].is_array() &&
      !doc["files"].empty() && doc["files"][0].is_string()) {
    const std::string first = doc["files"][0].get<std::string>();
    const std::string marker = "/output/draft/";
    auto pos = first.find(marker);
    if (pos != std::string::npos) {
      auto rest = first.substr(pos + marker.size());
      return rest.substr(0, rest.find('/'));
    }
  }
  return folder.filename().string();
}

int usage() {
  std::fprintf(stderr, "usage: render_draft <draft-folder> <out.mp4> [--preset P] "
                       "[--keep-graph FILE] [--work-dir DIR] [--resource-dir DIR] "
                       "[--chunk-seconds S] [--slots N] [--threads T] [--ffmpeg PATH] "
                       "[--only-chunks LIST]\n");
  return 2;
}

} // namespace

/// The bench's own slots: N - 1 besides the render's, never wanted back.
struct fixed_lender : slot_lender {
  struct loan : lent_slot {
    explicit loan(std::atomic<int>& f) : free(f) {}
    ~loan() override { ++free; }
    std::string node() const override { return "local"; }
    bool remote() const override { return false; }
    bool render(const remote_unit&, const std::string&, const cancel_token&,
                const std::function<void(double)>&, std::string&) override {
      return false;
    }
    std::atomic<int>& free;
  };
  explicit fixed_lender(int n) : free(n) {}
  std::unique_ptr<lent_slot> borrow(bool) override {
    int n = free.load();
    while (n > 0 && !free.compare_exchange_weak(n, n - 1)) {
    }
    return n > 0 ? std::make_unique<loan>(free) : nullptr;
  }
  bool wanted() override { return false; }
  std::atomic<int> free;
};

int main(int argc, char** argv) {
  if (argc < 3)
    return usage();
  const fs::path folder = fs::absolute(argv[1]);
  const std::string output = argv[2];
  std::string preset = "veryfast", keep_graph, work_dir, resource_dir;
  double chunk_seconds = 0;
  std::string ffmpeg = "ffmpeg";
  std::vector<std::string> only;
  int slots = 1, threads = 0;
  for (int i = 3; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--preset")
      preset = argv[i + 1];
    else if (flag == "--keep-graph")
      keep_graph = argv[i + 1];
    else if (flag == "--work-dir")
      work_dir = argv[i + 1];
    else if (flag == "--resource-dir")
      resource_dir = argv[i + 1];
    else if (flag == "--chunk-seconds")
      chunk_seconds = std::atof(argv[i + 1]);
    else if (flag == "--slots")
      slots = std::max(1, std::atoi(argv[i + 1]));
    else if (flag == "--ffmpeg")
      ffmpeg = argv[i + 1];
    else if (flag == "--only-chunks") {
      std::stringstream list(argv[i + 1]);
      for (std::string unit; std::getline(list, unit, ',');)
        only.push_back(unit);
    } else if (flag == "--threads")
      threads = std::max(0, std::atoi(argv[i + 1]));
    else
      return usage();
  }

  draft::document d;
  auto parsed = draft::parse_draft_file((folder / "draft_content.json").string(), d);
  if (!parsed.ok) {
    std::fprintf(stderr, "cannot parse draft: %s\n", parsed.error.c_str());
    return 1;
  }
  fetch::fetched_draft local{draft_id_of(folder), folder.string()};
  fetch::fetch_config cfg;
  cancel_token never;
  auto resolve = [&](const std::string& path, std::string& file, std::string& error) {
    auto r = fetch::resolve_material(path, local, cfg, never, file);
    error = r.error_message;
    return r.ok;
  };

  std::string work_tmpl = work_dir;
  if (work_dir.empty()) {
    work_tmpl = (fs::temp_directory_path() / "render-draft-XXXXXX").string();
    if (::mkdtemp(work_tmpl.data()) == nullptr) {
      std::perror("mkdtemp");
      return 1;
    }
  } else {
    std::error_code ec;
    fs::create_directories(work_dir, ec);
    cutqueue::log::set_level(cutqueue::log::level::debug);
  }
  render_settings s;
  if (!resource_dir.empty())
    s.resources = resource_library(resource_dir).current();
  s.x264_preset = preset;
  s.threads = threads;
  s.ffmpeg = ffmpeg;
  s.only_units = only;
  s.chunk_seconds = chunk_seconds;
  s.chunk_dir = (fs::path(work_tmpl) / "chunks").string();
  if (slots > 1)
    s.lender = std::make_shared<fixed_lender>(slots - 1);
  s.work_dir = work_tmpl;
  s.output_path = output;
  auto started = std::chrono::steady_clock::now();
  auto out = render_draft(d, resolve, s, nullptr, never);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::error_code ec;
  if (!keep_graph.empty())
    fs::copy_file(fs::path(work_tmpl) / "filter_graph.txt", keep_graph,
                  fs::copy_options::overwrite_existing, ec);
  if (work_dir.empty())
    fs::remove_all(work_tmpl, ec);
  if (!out.ok && !(only.size() && out.error_message == "only some chunks were asked for")) {
    std::fprintf(stderr, "render failed: %s\n", out.error_message.c_str());
    return 1;
  }
  std::printf("render_seconds %.3f\ndraft_seconds %.3f\n", seconds,
              static_cast<double>(d.duration) / 1e6);
  return 0;
}
