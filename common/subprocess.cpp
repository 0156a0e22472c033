#include "common/subprocess.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace cutqueue {

namespace {

struct fd_closer {
  int fd = -1;
  ~fd_closer() { reset(); }
  void reset() {
    if (fd >= 0)
      ::close(fd);
    fd = -1;
  }
};

int decode_status(int status) {
  if (WIFEXITED(status))
    return WEXITSTATUS(status);
  if (WIFSIGNALED(status))
    return 128 + WTERMSIG(status);
  return -1;
}

} // namespace

process_outcome run_process(const std::vector<std::string>& argv, const process_options& opt) {
  process_outcome res;
  if (argv.empty()) {
    res.error = "empty argv";
    return res;
  }
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    res.error = std::strerror(errno);
    return res;
  }
  fd_closer out_r{out_pipe[0]}, out_w{out_pipe[1]};
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    res.error = std::strerror(errno);
    return res;
  }
  fd_closer err_r{err_pipe[0]}, err_w{err_pipe[1]};

  std::vector<char*> cargv;
  for (const auto& a : argv)
    cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);

  // posix_spawn instead of raw fork(): it is safe in a multi-threaded process and reports exec
  // failures synchronously. SETPGROUP(0) = setpgid(0, 0), so one kill(-pid) reaches every
  // process FFmpeg might start.
  posix_spawn_file_actions_t fa;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&fa);
  posix_spawnattr_init(&attr);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err_pipe[1], 2);
  // Nothing else may leak into FFmpeg: not every library marks its descriptors close-on-exec
  // (Pistache's listening socket is not), and FFmpeg runs in a process group of its own, so it
  // outlives a kill -9 of the server; holding the socket, it kept the restarted server from
  // binding its port ("Address already in use") until the render ended.
  posix_spawn_file_actions_addclosefrom_np(&fa, 3);
  sigset_t empty_mask, defaults;
  sigemptyset(&empty_mask);
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGTERM);
  posix_spawnattr_setsigmask(&attr, &empty_mask);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  pid_t pid = -1;
  int rc = ::posix_spawnp(&pid, cargv[0], &fa, &attr, cargv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    res.error = std::string("cannot start ") + argv[0] + ": " + std::strerror(rc);
    return res;
  }
  res.started = true;
  out_w.reset();
  err_w.reset();

  const auto start = std::chrono::steady_clock::now();
  bool killed = false;
  auto kill_group = [&] {
    if (!killed) {
      ::kill(-pid, SIGKILL);
      killed = true;
    }
  };
  std::string line_buf;
  char buf[16384];
  while (out_r.fd >= 0 || err_r.fd >= 0) {
    if (!killed) {
      if (opt.cancel && opt.cancel->cancelled()) {
        res.cancelled = true;
        kill_group();
      } else if (opt.timeout.count() > 0 &&
                 std::chrono::steady_clock::now() - start >= opt.timeout) {
        res.timed_out = true;
        kill_group();
      } else if (opt.stalled && opt.stalled()) {
        res.stalled = true;
        kill_group();
      }
    }
    pollfd fds[2];
    nfds_t n = 0;
    int out_idx = -1, err_idx = -1;
    if (out_r.fd >= 0) {
      out_idx = static_cast<int>(n);
      fds[n++] = {out_r.fd, POLLIN, 0};
    }
    if (err_r.fd >= 0) {
      err_idx = static_cast<int>(n);
      fds[n++] = {err_r.fd, POLLIN, 0};
    }
    int pr = ::poll(fds, n, static_cast<int>(opt.poll_interval.count()));
    if (pr < 0) {
      if (errno == EINTR)
        continue;
      kill_group();
      break;
    }
    if (out_idx >= 0 && fds[out_idx].revents) {
      ssize_t got = ::read(out_r.fd, buf, sizeof buf);
      if (got <= 0 && !(got < 0 && errno == EINTR)) {
        out_r.reset();
      } else if (got > 0) {
        if (opt.on_stdout_line) {
          line_buf.append(buf, static_cast<size_t>(got));
          size_t pos;
          while ((pos = line_buf.find('\n')) != std::string::npos) {
            std::string line = line_buf.substr(0, pos);
            line_buf.erase(0, pos + 1);
            if (!line.empty() && line.back() == '\r')
              line.pop_back();
            opt.on_stdout_line(line);
          }
        } else if (res.out.size() < opt.max_stdout_bytes) {
          res.out.append(buf, static_cast<size_t>(got));
        }
      }
    }
    if (err_idx >= 0 && fds[err_idx].revents) {
      ssize_t got = ::read(err_r.fd, buf, sizeof buf);
      if (got <= 0 && !(got < 0 && errno == EINTR)) {
        err_r.reset();
      } else if (got > 0) {
        res.stderr_tail.append(buf, static_cast<size_t>(got));
        if (res.stderr_tail.size() > opt.stderr_tail_bytes)
          res.stderr_tail.erase(0, res.stderr_tail.size() - opt.stderr_tail_bytes);
      }
    }
  }
  if (opt.on_stdout_line && !line_buf.empty())
    opt.on_stdout_line(line_buf);
  // Pipes closed: the child exited or closed them itself. Reap it; a child that closed its
  // outputs but keeps running is still subject to cancel/timeout.
  int status = 0;
  for (;;) {
    pid_t w = ::waitpid(pid, &status, killed ? 0 : WNOHANG);
    if (w == pid)
      break;
    if (w < 0 && errno != EINTR) {
      status = 0;
      break;
    }
    if (w == 0) {
      bool stop =
          (opt.cancel && opt.cancel->cancelled()) ||
          (opt.timeout.count() > 0 && std::chrono::steady_clock::now() - start >= opt.timeout);
      if (stop) {
        res.cancelled = opt.cancel && opt.cancel->cancelled();
        res.timed_out = !res.cancelled;
        kill_group();
      } else {
        ::poll(nullptr, 0, static_cast<int>(opt.poll_interval.count()));
      }
    }
  }
  res.exit_code = decode_status(status);
  return res;
}

} // namespace cutqueue
