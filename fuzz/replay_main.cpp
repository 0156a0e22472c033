// The fuzz smoke test of the normal (gcc) build: runs a fuzz target's LLVMFuzzerTestOneInput over
// every file of the given corpus folders, so the committed seeds and regression inputs, and the
// capcut-mate fixtures, are replayed by `make test` without clang or libFuzzer.
//
//   <target>_replay [--fixtures DIR] CORPUS_DIR_OR_FILE...
//
// --fixtures adds every *.json below DIR. A missing DIR fails the run when CI is set (CI always
// has the fixtures beside the checkout) and is only noted elsewhere, as tests/support does.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

namespace fs = std::filesystem;

/// Regular files below `root` (or `root` itself), sorted so that runs are reproducible.
std::vector<fs::path> files_below(const fs::path& root, const std::string& extension) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (fs::is_regular_file(root, ec)) {
    out.push_back(root);
    return out;
  }
  for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec) && (extension.empty() || it->path().extension() == extension))
      out.push_back(it->path());
  std::sort(out.begin(), out.end());
  return out;
}

bool replay(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "replay: cannot read %s\n", file.c_str());
    return false;
  }
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // An invariant violation traps; print the name first so the failing input is known.
  std::fprintf(stderr, "replay: %s (%zu bytes)\n", file.c_str(), bytes.size());
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  return true;
}

} // namespace

int main(int argc, char** argv) {
  std::vector<fs::path> inputs;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--fixtures" && i + 1 < argc) {
      fs::path dir = argv[++i];
      std::error_code ec;
      if (!fs::is_directory(dir, ec)) {
        bool ci = std::getenv("CI") != nullptr;
        std::fprintf(stderr, "replay: capcut-mate fixtures not found at %s%s\n", dir.c_str(),
                     ci ? " (required in CI)" : "; replaying the committed corpus only");
        if (ci)
          return 1;
        continue;
      }
      auto found = files_below(dir, ".json");
      inputs.insert(inputs.end(), found.begin(), found.end());
      continue;
    }
    std::error_code ec;
    if (!fs::exists(arg, ec)) {
      std::fprintf(stderr, "replay: no such corpus %s\n", arg.c_str());
      return 1;
    }
    auto found = files_below(arg, "");
    inputs.insert(inputs.end(), found.begin(), found.end());
  }
  if (inputs.empty()) {
    std::fprintf(stderr, "replay: no inputs\n");
    return 1;
  }
  size_t ok = 0;
  for (const auto& f : inputs)
    ok += replay(f) ? 1 : 0;
  std::fprintf(stderr, "replay: %zu of %zu inputs run\n", ok, inputs.size());
  return ok == inputs.size() ? 0 : 1;
}
