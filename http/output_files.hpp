// GET and HEAD of /outputs/<file>: published MP4s. The answer is decided here, away from
// Pistache (the output service calls it on its own thread, since opening and stat-ing a file may
// wait for the disk): validators (ETag, Last-Modified) with conditional requests (304), single
// byte ranges (206) with If-Range, Cache-Control for files that never change under their name,
// and 404 for anything but a plain file name of the output folder.
#pragma once

#include "common/metrics.hpp"

#include <chrono>
#include <cstdint>
#include <ctime>
#include <optional>
#include <string>

namespace cutqueue::http {

/// True for names a published output can have: [A-Za-z0-9._-], no leading dot, at most 255.
bool is_output_name(const std::string& name);

/// Owns a file descriptor (-1 = none).
class unique_fd {
public:
  unique_fd() = default;
  explicit unique_fd(int fd) : fd_(fd) {}
  ~unique_fd() { reset(); }
  unique_fd(unique_fd&& other) noexcept : fd_(other.release()) {}
  unique_fd& operator=(unique_fd&& other) noexcept;
  unique_fd(const unique_fd&) = delete;
  unique_fd& operator=(const unique_fd&) = delete;
  int get() const { return fd_; }
  int release();
  void reset(int fd = -1);

private:
  int fd_ = -1;
};

/// The parts of a request that decide the answer.
struct output_request {
  std::string name;       ///< the path segment after /outputs/, percent-decoded by Pistache
  bool head = false;      ///< HEAD: the answer GET would get, without its body
  bool keep_alive = true; ///< false: Connection: close (or HTTP/1.0 without keep-alive)
  std::string range;      ///< header values, "" when absent
  std::string if_range;
  std::string if_none_match;
  std::string if_modified_since;
};

struct output_settings {
  std::string dir; ///< the output folder
  /// Cache-Control max-age: outputs never change under their name (a re-export publishes a new
  /// one), so caches may keep them for as long as the service keeps them (--retention).
  std::chrono::seconds max_age{7 * 24 * 3600};
  /// Counts every answer (GET /metrics); null = not measured.
  std::shared_ptr<metrics::registry> metrics;
};

/// An answer: `head` (status line and header fields, ending in an empty line), then either
/// `text` (a small body: the JSON of an error) or `length` bytes of `file` from `offset`.
struct output_answer {
  int status = 0;
  std::string head;
  std::string text;
  unique_fd file;
  uint64_t offset = 0;
  uint64_t length = 0; ///< file bytes to send after the head; 0 for HEAD and for answers in `text`
};

/// Decides the answer to `req` at time `now` (for the Date field).
output_answer answer_output(const output_request& req, const output_settings& cfg, std::time_t now);

} // namespace cutqueue::http
