// child_process and run(): fork/exec in a new process group, exit waited for through a pidfd
// (poll with a timeout instead of sleep loops), stdout read through a pipe.
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utility>

extern char** environ;

namespace cutqueue::testing {

namespace {

using clock = std::chrono::steady_clock;

int exit_code_of(int status) {
  if (WIFEXITED(status))
    return WEXITSTATUS(status);
  if (WIFSIGNALED(status))
    return 128 + WTERMSIG(status);
  return -1;
}

/// Everything exec needs, built before fork: after fork only async-signal-safe calls are
/// allowed (the test process has threads), so no allocation happens in the child.
struct exec_plan {
  std::vector<std::string> argv_storage;
  std::vector<std::string> env_storage;
  std::vector<char*> argv;
  std::vector<char*> envp;

  exec_plan(std::vector<std::string> args, const std::map<std::string, std::string>& env)
      : argv_storage(std::move(args)) {
    for (char** e = environ; *e != nullptr; ++e) {
      std::string entry(*e);
      auto name = entry.substr(0, entry.find('='));
      if (env.find(name) == env.end())
        env_storage.push_back(entry);
    }
    for (const auto& [k, v] : env)
      env_storage.push_back(k + "=" + v);
    for (auto& a : argv_storage)
      argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : env_storage)
      envp.push_back(e.data());
    envp.push_back(nullptr);
  }
};

/// In the child: the new process group, the redirections, exec. Never returns.
[[noreturn]] void exec_child(const exec_plan& plan, int stdout_fd, int log_fd) {
  ::setpgid(0, 0);
  if (log_fd >= 0) {
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
  }
  if (stdout_fd >= 0)
    ::dup2(stdout_fd, STDOUT_FILENO);
  ::execvpe(plan.argv[0], plan.argv.data(), plan.envp.data());
  const char msg[] = "child_process: exec failed: ";
  ::write(STDERR_FILENO, msg, sizeof msg - 1);
  const char* why = std::strerror(errno); // glibc's table: no allocation
  ::write(STDERR_FILENO, why, std::strlen(why));
  ::write(STDERR_FILENO, "\n", 1);
  ::_exit(127);
}

int ms_left(clock::time_point until) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - clock::now()).count();
  return left < 0 ? 0 : static_cast<int>(left);
}

} // namespace

child_process::child_process(std::vector<std::string> argv, std::map<std::string, std::string> env,
                             std::string log_file, bool capture_stdout) {
  if (argv.empty()) {
    ADD_FAILURE_AT(__FILE__, __LINE__) << "child_process: empty argv";
    return;
  }
  exec_plan plan(std::move(argv), env);
  int pipe_fds[2] = {-1, -1};
  if (capture_stdout && ::pipe2(pipe_fds, O_CLOEXEC) != 0)
    return;
  int log_fd = -1;
  if (!log_file.empty())
    log_fd = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  pid_ = ::fork();
  if (pid_ == 0)
    exec_child(plan, pipe_fds[1], log_fd);
  // Also from the parent, so the group exists before we could signal it.
  if (pid_ > 0)
    ::setpgid(pid_, pid_);
  if (log_fd >= 0)
    ::close(log_fd);
  if (pipe_fds[1] >= 0)
    ::close(pipe_fds[1]);
  stdout_fd_ = pipe_fds[0];
}

child_process::~child_process() {
  if (pid_ > 0 && !exit_code_) {
    ::kill(-pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
  if (stdout_fd_ >= 0)
    ::close(stdout_fd_);
}

bool child_process::running() {
  if (pid_ <= 0 || exit_code_)
    return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) {
    exit_code_ = exit_code_of(status);
    return false;
  }
  return true;
}

void child_process::signal(int sig) {
  // Once reaped, the pid (and group id) may belong to someone else.
  if (pid_ > 0 && !exit_code_)
    ::kill(-pid_, sig);
}

std::optional<int> child_process::wait(std::chrono::milliseconds timeout) {
  if (pid_ <= 0)
    return std::nullopt;
  if (exit_code_)
    return exit_code_;
  auto until = clock::now() + timeout;
  int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0));
  while (running()) {
    if (clock::now() >= until) {
      if (pidfd >= 0)
        ::close(pidfd);
      return std::nullopt;
    }
    if (pidfd >= 0) {
      pollfd p{pidfd, POLLIN, 0};
      ::poll(&p, 1, ms_left(until));
    } else {
      ::usleep(5000); // kernels without pidfd_open: short polling is the only way
    }
  }
  if (pidfd >= 0)
    ::close(pidfd);
  return exit_code_;
}

bool child_process::fill_stdout(clock::time_point until) {
  if (stdout_fd_ < 0 || eof_)
    return false;
  while (true) {
    pollfd p{stdout_fd_, POLLIN, 0};
    int ready = ::poll(&p, 1, ms_left(until));
    if (ready < 0 && errno == EINTR)
      continue;
    if (ready <= 0)
      return false;
    char buf[4096];
    ssize_t n = ::read(stdout_fd_, buf, sizeof buf);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      eof_ = true; // the child closed stdout (usually: it exited)
      return false;
    }
    buffered_.append(buf, static_cast<size_t>(n));
    return true;
  }
}

std::optional<std::string> child_process::read_stdout_line(const std::string& prefix,
                                                           std::chrono::milliseconds timeout) {
  auto until = clock::now() + timeout;
  while (true) {
    size_t nl;
    while ((nl = buffered_.find('\n')) != std::string::npos) {
      std::string line = buffered_.substr(0, nl);
      buffered_.erase(0, nl + 1);
      if (line.rfind(prefix, 0) == 0)
        return line.substr(prefix.size());
    }
    if (!fill_stdout(until))
      return std::nullopt;
  }
}

std::optional<std::string> child_process::read_stdout_to_end(std::chrono::milliseconds timeout) {
  auto until = clock::now() + timeout;
  while (fill_stdout(until)) {
  }
  if (!eof_)
    return std::nullopt;
  return std::exchange(buffered_, {});
}

run_result run(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
  run_result result;
  auto until = clock::now() + timeout;
  child_process child(argv, {}, {}, true);
  if (child.pid() <= 0)
    return result;
  // Drain stdout before reaping: a child blocked on a full pipe would never exit.
  auto out = child.read_stdout_to_end(timeout);
  auto code = child.wait(std::chrono::milliseconds(ms_left(until)));
  if (!out || !code)
    return result; // timed out; the destructor kills the group
  result.exit_code = *code;
  result.out = std::move(*out);
  return result;
}

slow_ffmpeg::slow_ffmpeg() {
  const std::string wrapper = bin_.path() + "/ffmpeg";
  std::ofstream(wrapper) << "#!/bin/sh\nexec /usr/bin/ffmpeg -readrate 0.05 \"$@\"\n";
  std::filesystem::permissions(wrapper, std::filesystem::perms::owner_all);
}

std::string slow_ffmpeg::path_variable() const {
  const char* path = std::getenv("PATH");
  return bin_.path() + ":" + (path ? path : "/usr/bin:/bin");
}

pid_t ffmpeg_using(const std::string& dir) {
  std::error_code ec;
  for (auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    std::ifstream in(entry.path() / "cmdline", std::ios::binary);
    std::string args((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (args.find(dir) != std::string::npos && args.rfind("/usr/bin/ffmpeg", 0) == 0)
      return static_cast<pid_t>(std::stoi(entry.path().filename().string()));
  }
  return 0;
}

bool process_alive(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  if (!std::getline(in, stat))
    return false;
  auto close = stat.rfind(')');
  return close == std::string::npos || close + 2 >= stat.size() || stat[close + 2] != 'Z';
}

} // namespace cutqueue::testing
