#include "http/output_files.hpp"

#include "http/byte_range.hpp"
#include "http/replies.hpp"

#include <algorithm>
#include <cctype>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cutqueue::http {

using namespace Pistache;

namespace {

/// A 206 carries at most this much; players ask again for the rest (RFC 7233 allows a server
/// to send less than an open-ended range asked for).
constexpr uint64_t max_range_bytes = 8 * 1024 * 1024;

bool inside(const std::string& dir, const std::string& path) {
  char dir_real[PATH_MAX];
  char path_real[PATH_MAX];
  if (!realpath(dir.c_str(), dir_real) || !realpath(path.c_str(), path_real))
    return false;
  std::string d = dir_real;
  std::string p = path_real;
  return p.size() > d.size() && p.compare(0, d.size(), d) == 0 && p[d.size()] == '/';
}

/// A response header with a name chosen at run time. Pistache 0.0.5 writes only typed headers
/// (addRaw() ones are silently dropped) and has no Accept-Ranges / Content-Range types.
class plain_header : public Http::Header::Header {
public:
  plain_header(const char* name, std::string value) : name_(name), value_(std::move(value)) {}
  const char* name() const override { return name_; }
  void write(std::ostream& os) const override { os << value_; }
#ifdef SAFE_HEADER_CAST
  uint64_t hash() const override {
    return 0;
  }
#endif

private:
  const char* name_;
  std::string value_;
};

void add_raw(Http::ResponseWriter& w, const char* name, const std::string& value) {
  w.headers().add(std::make_shared<plain_header>(name, value));
}

} // namespace

bool is_output_name(const std::string& name) {
  if (name.empty() || name.size() > 255 || name.front() == '.')
    return false;
  return std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '_' || c == '-';
  });
}

void serve_output(const Rest::Request& req, Http::ResponseWriter& w,
                  const std::string& output_dir) {
  auto name = req.param(":file").as<std::string>();
  auto path = output_dir + "/" + name;
  struct stat sb {};
  if (!is_output_name(name) || ::stat(path.c_str(), &sb) != 0 || !S_ISREG(sb.st_mode) ||
      !inside(output_dir, path)) {
    send_error(w, 404, "Not Found");
    return;
  }
  auto size = static_cast<uint64_t>(sb.st_size);
  auto mp4 = Http::Mime::MediaType::fromString("video/mp4");
  add_raw(w, "Accept-Ranges", "bytes");
  byte_range range;
  auto header = req.headers().tryGetRaw("Range");
  auto kind = header ? parse_byte_range(header->value(), size, range) : range_result::none;
  if (kind == range_result::unsatisfiable) {
    add_raw(w, "Content-Range", "bytes */" + std::to_string(size));
    send_error(w, 416, "Range Not Satisfiable");
    return;
  }
  if (kind == range_result::none) {
    Http::serveFile(w, path, mp4);
    return;
  }
  range.last = std::min(range.last, range.first + max_range_bytes - 1);
  std::string body(range.last - range.first + 1, '\0');
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  ssize_t got =
      fd < 0 ? -1 : ::pread(fd, body.data(), body.size(), static_cast<off_t>(range.first));
  if (fd >= 0)
    ::close(fd);
  if (got != static_cast<ssize_t>(body.size())) {
    send_error(w, 500, "Cannot read file");
    return;
  }
  add_raw(w, "Content-Range",
          "bytes " + std::to_string(range.first) + "-" + std::to_string(range.last) + "/" +
              std::to_string(size));
  w.send(Http::Code::Partial_Content, body, mp4);
}

} // namespace cutqueue::http
