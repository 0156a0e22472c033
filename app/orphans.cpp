#include "app/orphans.hpp"

#include "common/log.hpp"

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>
#include <unistd.h>

namespace cutqueue::app {

namespace fs = std::filesystem;

namespace {

std::vector<std::string> arguments_of(const fs::path& proc_dir) {
  std::ifstream in(proc_dir / "cmdline", std::ios::binary);
  std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::string> args;
  size_t start = 0;
  while (start < raw.size()) {
    size_t end = raw.find('\0', start);
    if (end == std::string::npos)
      end = raw.size();
    args.push_back(raw.substr(start, end - start));
    start = end + 1;
  }
  return args;
}

/// Gone, or a zombie waiting for a parent that is not us (in a container without an init that
/// reaps, it may stay one): either way it runs no more.
bool finished(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  if (!std::getline(in, stat))
    return true;
  auto close = stat.rfind(')');
  return close != std::string::npos && close + 2 < stat.size() && stat[close + 2] == 'Z';
}

} // namespace

size_t kill_orphaned_children(const std::string& program, const std::vector<std::string>& roots) {
  const auto program_name = fs::path(program).filename().string();
  std::vector<std::string> prefixes;
  // FFmpeg got the paths as configured; a symlinked data folder also has a canonical form.
  for (auto& r : roots) {
    prefixes.push_back(fs::path(r).lexically_normal().string() + "/");
    std::error_code ec;
    auto canonical = fs::weakly_canonical(r, ec).string() + "/";
    if (!ec && canonical != prefixes.back())
      prefixes.push_back(canonical);
  }
  const pid_t self = ::getpid();
  std::vector<pid_t> killed;
  std::error_code ec;
  for (auto& entry : fs::directory_iterator("/proc", ec)) {
    auto name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos)
      continue;
    pid_t pid = std::stoi(name);
    if (pid == self)
      continue;
    auto args = arguments_of(entry.path());
    bool ours = false;
    for (auto& a : args)
      for (auto& p : prefixes)
        if (a.compare(0, p.size(), p) == 0 || a.find("=" + p) != std::string::npos)
          ours = true;
    if (!ours || fs::path(args.front()).filename().string() != program_name)
      continue;
    if (::kill(pid, SIGKILL) == 0) {
      log::warn("killed pid ", pid, " (", args.front(), ") left running by an earlier run");
      killed.push_back(pid);
    }
  }
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  for (pid_t pid : killed)
    while (!finished(pid) && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return killed.size();
}

} // namespace cutqueue::app
