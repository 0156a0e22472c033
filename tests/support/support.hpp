// Test helpers shared by every suite: temp folders, child processes, an HTTP client, wait-until,
// launchers for the fixture server and for cutqueue itself, and FFmpeg-based media probes.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace cutqueue::testing {

using namespace std::chrono_literals;

/// A fresh folder under $TMPDIR (or /tmp), removed recursively on destruction.
class temp_dir {
public:
  explicit temp_dir(const std::string& prefix = "cutqueue-test");
  ~temp_dir();
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  const std::string& path() const { return path_; }

private:
  std::string path_;
};

/// Polls `pred` every `poll` until it returns true or `deadline` passes. Returns its last value.
bool wait_until(const std::function<bool()>& pred, std::chrono::milliseconds deadline,
                std::chrono::milliseconds poll = 20ms);

/// A child process in its own process group; killed with SIGKILL (whole group) on destruction.
/// stdout and stderr go to `log_file` when given (appended), else are inherited; with
/// `capture_stdout` stdout goes to a pipe read by read_stdout_line instead (keep the child's
/// stdout small: nobody drains the pipe between calls). `env` entries are added to (or replace
/// entries of) this process's environment. When the program cannot be started, the child exits
/// with 127 and the reason is printed on stderr.
class child_process {
public:
  child_process(std::vector<std::string> argv, std::map<std::string, std::string> env = {},
                std::string log_file = {}, bool capture_stdout = false);
  ~child_process();
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  pid_t pid() const { return pid_; }
  /// False once the child has exited (it is reaped on the way).
  bool running();
  /// Sends `sig` to the child's whole process group; no-op once it was reaped.
  void signal(int sig);
  /// Waits for exit; returns the exit code (128 + signal when killed), or nullopt on timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  /// Reads lines the child printed to stdout until one starts with `prefix` (only when started
  /// with capture_stdout = true); returns the rest of that line.
  std::optional<std::string> read_stdout_line(const std::string& prefix,
                                              std::chrono::milliseconds timeout);
  /// Everything (not yet read) the child prints to stdout until it closes it, usually by
  /// exiting (only with capture_stdout = true); nullopt on timeout.
  std::optional<std::string> read_stdout_to_end(std::chrono::milliseconds timeout);

private:
  /// Appends what the stdout pipe holds to buffered_, waiting until `until` for something;
  /// false on timeout or end of file (then eof_ is set).
  bool fill_stdout(std::chrono::steady_clock::time_point until);
  bool eof_ = false;
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string buffered_;
  std::optional<int> exit_code_;
};

struct http_response {
  long status = 0; ///< 0 when the request failed at the transport level
  std::string body;
  std::map<std::string, std::string> headers; ///< names lower-cased
  std::string error;                          ///< curl's message when status == 0
};

/// One HTTP/1.1 request with libcurl; `headers` are "Name: value" lines.
http_response http_request(const std::string& method, const std::string& url,
                           const std::string& body = {},
                           const std::vector<std::string>& headers = {},
                           std::chrono::milliseconds timeout = 10s);
http_response http_get(const std::string& url, const std::vector<std::string>& headers = {});
/// POST with Content-Type: application/json.
http_response post_json(const std::string& url, const std::string& body);

/// The capcut-mate fixtures (../shared/fixtures next to the checkout). When missing: the calling
/// test fails if the environment variable CI is set, and is marked skipped otherwise; either way
/// the result is "". GTEST_SKIP cannot end the caller from in here, so use it as
///   auto dir = fixtures_dir_or_skip(); if (dir.empty()) return;
std::string fixtures_dir_or_skip();

/// The fixture server (tests/support/fixture_server_main.cpp) on a free port, serving the draft
/// folders found below `roots` the way capcut-mate's get_draft does (fault-injection query
/// parameters are listed at the top of that file). Fails the calling test and leaves port() 0
/// when the server does not report its port within 10 s. `host`: the IPv4 address it listens on,
/// also the host of the URLs it hands out.
class fixture_server {
public:
  explicit fixture_server(std::vector<std::string> roots, std::string host = "127.0.0.1");
  ~fixture_server();
  int port() const { return port_; }
  std::string base_url() const; ///< http://<host>:<port>
  /// base_url()/openapi/capcut-mate/v1/get_draft?draft_id=<id>[&<extra_query>]
  std::string draft_url(const std::string& draft_id, const std::string& extra_query = {}) const;
  /// Number of requests the server has answered for paths starting with `path_prefix`
  /// (percent-decoded paths, query excluded), only those with `method` ("GET", "HEAD") when
  /// given; -1 when the server did not answer.
  int request_count(const std::string& path_prefix, const std::string& method = {}) const;
  /// Number of file answers with HTTP `status` (200, 206, 304, ...) for paths starting with
  /// `path_prefix`; -1 when the server did not answer.
  int answer_count(const std::string& path_prefix, int status) const;

private:
  std::string host_;
  std::unique_ptr<child_process> proc_;
  int port_ = 0;
};

/// `cutqueue serve` with its own data folder, output (stdout and stderr) appended to
/// <data_dir>/cutqueue.log. It binds port 0 and port() is the port it got (read from /proc);
/// restart() binds that same port again, as a restarted service would, so earlier video_urls
/// stay valid. Waits up to 30 s for /healthz 200 and otherwise fails the calling test with the
/// log's tail (also when the process exits early).
class cutqueue_server {
public:
  /// `extra_args` are appended to `serve --host 127.0.0.1 --port <p> --data-dir <dir>`; `env`
  /// overrides variables of the test's own environment.
  cutqueue_server(std::string data_dir, std::vector<std::string> extra_args = {},
                  bool wait_healthy = true, std::map<std::string, std::string> env = {});
  ~cutqueue_server();
  int port() const { return port_; }
  std::string base_url() const;
  std::string api(const std::string& route) const; ///< base_url()/openapi/capcut-mate/v1/<route>
  child_process& process() { return *proc_; }
  const std::string& log_file() const { return log_file_; }
  std::string log_text() const;
  /// Starts again with the same data folder, port and arguments (after a kill or exit); a
  /// process still running is killed first (SIGKILL, whole group).
  void restart(bool wait_healthy = true);
  /// The environment overrides of the next restart().
  void set_env(std::map<std::string, std::string> env) { env_ = std::move(env); }

private:
  void launch(bool wait_healthy);
  std::string data_dir_;
  std::vector<std::string> extra_args_;
  std::map<std::string, std::string> env_;
  std::string log_file_;
  std::unique_ptr<child_process> proc_;
  int port_ = 0;
};

/// A folder holding an `ffmpeg` that runs /usr/bin/ffmpeg reading its inputs at 1/20 of real
/// time: put first on a child's PATH, its exports are surely caught mid-encode.
class slow_ffmpeg {
public:
  slow_ffmpeg();
  /// This process's PATH with the slow ffmpeg's folder first.
  std::string path_variable() const;

private:
  temp_dir bin_{"slow-ffmpeg"};
};

/// Pid of an FFmpeg (/usr/bin/ffmpeg) with an argument under `dir`, or 0: what a kill -9 of
/// the process that started it leaves behind.
pid_t ffmpeg_using(const std::string& dir);

/// Whether `pid` exists and is not a zombie.
bool process_alive(pid_t pid);

/// The TCP port process `pid` listens on (its first listening socket), read from /proc; nullopt
/// while it listens on none. Servers bind port 0 and tests ask them which port they got.
std::optional<int> listening_port(pid_t pid);

/// A loopback port that refuses connections for the life of the object: bound, never listening,
/// so unlike a port that was merely free a moment ago, nothing else can start listening on it.
class refused_port {
public:
  refused_port();
  ~refused_port();
  refused_port(const refused_port&) = delete;
  refused_port& operator=(const refused_port&) = delete;
  int port() const { return port_; }

private:
  int fd_ = -1;
  int port_ = 0;
};

/// Runs a program to completion (argv, no shell); returns exit code and captured stdout.
struct run_result {
  int exit_code = -1;
  std::string out;
};
run_result run(const std::vector<std::string>& argv, std::chrono::milliseconds timeout = 120s);

// -- media ------------------------------------------------------------------------------------

struct rgb {
  int r = 0, g = 0, b = 0;
};

/// The colour of pixel (x, y) of the frame shown at `t_seconds`, decoded with ffmpeg.
std::optional<rgb> sample_pixel(const std::string& video, double t_seconds, int x, int y);
/// True when every channel differs by at most `tol`.
bool near(const rgb& a, const rgb& b, int tol = 24);

struct media_info {
  double duration = 0; ///< seconds (container)
  int width = 0, height = 0;
  double fps = 0;
  std::string video_codec, pix_fmt, audio_codec;
  bool has_audio = false;
};
std::optional<media_info> probe(const std::string& file);

/// RMS level (dBFS) of the audio between t0 and t1 seconds; -inf-ish (<= -90) for silence.
std::optional<double> audio_rms_db(const std::string& file, double t0, double t1);

} // namespace cutqueue::testing
