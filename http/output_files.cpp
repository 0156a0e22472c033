#include "http/output_files.hpp"

#include "http/api_request.hpp"
#include "http/byte_range.hpp"
#include "http/http_date.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cutqueue::http {

namespace {

const char* reason_phrase(int status) {
  switch (status) {
  case 200:
    return "OK";
  case 206:
    return "Partial Content";
  case 304:
    return "Not Modified";
  case 404:
    return "Not Found";
  case 416:
    return "Range Not Satisfiable";
  default:
    return "Internal Server Error";
  }
}

/// A strong validator from what changes when a file is replaced: inode, size and mtime (ns).
/// Outputs are published by rename, so a new file always has a new inode.
std::string etag_of(const struct stat& sb) {
  char buf[80];
  std::snprintf(buf, sizeof buf, "\"%llx-%llx-%llx\"", static_cast<unsigned long long>(sb.st_ino),
                static_cast<unsigned long long>(sb.st_size),
                static_cast<unsigned long long>(sb.st_mtim.tv_sec) * 1000000000ull +
                    static_cast<unsigned long long>(sb.st_mtim.tv_nsec));
  return buf;
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.pop_back();
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t'))
    ++i;
  return s.substr(i);
}

/// If-None-Match (RFC 9110 13.1.2): "*" or a list of entity tags, compared weakly.
bool none_match_hits(const std::string& header, const std::string& etag) {
  auto opaque = [](const std::string& t) { return t.rfind("W/", 0) == 0 ? t.substr(2) : t; };
  size_t pos = 0;
  while (pos <= header.size()) {
    auto comma = header.find(',', pos);
    auto item =
        trim(header.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos));
    if (item == "*" || (!item.empty() && opaque(item) == etag))
      return true;
    if (comma == std::string::npos)
      break;
    pos = comma + 1;
  }
  return false;
}

/// If-Range (RFC 9110 13.1.5): the range applies only to the representation the client has, named
/// by a strong ETag or by its exact Last-Modified date.
bool if_range_holds(const std::string& header, const std::string& etag, std::time_t mtime) {
  auto value = trim(header);
  if (value.empty())
    return true;
  if (value.front() == '"')
    return value == etag;
  if (value.rfind("W/", 0) == 0)
    return false; // weak tags never qualify
  auto date = parse_http_date(value);
  return date && *date == mtime;
}

output_answer error_answer(int status, const output_request& req, std::time_t now,
                           const std::string& extra = {}) {
  output_answer a;
  a.status = status;
  a.text = error_body(reason_phrase(status));
  a.head =
      "HTTP/1.1 " + std::to_string(status) + " " + reason_phrase(status) +
      "\r\nDate: " + format_http_date(now) +
      "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(a.text.size()) +
      "\r\n" + extra + "Connection: " + (req.keep_alive ? "keep-alive" : "close") + "\r\n\r\n";
  if (req.head)
    a.text.clear();
  return a;
}

} // namespace

unique_fd& unique_fd::operator=(unique_fd&& other) noexcept {
  if (this != &other)
    reset(other.release());
  return *this;
}

int unique_fd::release() {
  int fd = fd_;
  fd_ = -1;
  return fd;
}

void unique_fd::reset(int fd) {
  if (fd_ >= 0)
    ::close(fd_);
  fd_ = fd;
}

bool is_output_name(const std::string& name) {
  if (name.empty() || name.size() > 255 || name.front() == '.')
    return false;
  return std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '_' || c == '-';
  });
}

output_answer answer_output(const output_request& req, const output_settings& cfg,
                            std::time_t now) {
  if (!is_output_name(req.name))
    return error_answer(404, req, now);
  // O_NOFOLLOW: published outputs are never symlinks, and one placed there (pointing out of the
  // folder, or anywhere) is not followed. The name has no '/', so it cannot leave the folder.
  unique_fd file(::open((cfg.dir + "/" + req.name).c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  struct stat sb {};
  if (file.get() < 0 || ::fstat(file.get(), &sb) != 0 || !S_ISREG(sb.st_mode))
    return error_answer(404, req, now);

  const auto size = static_cast<uint64_t>(sb.st_size);
  const std::string etag = etag_of(sb);
  const std::time_t mtime = sb.st_mtim.tv_sec;
  const bool mp4 = req.name.size() > 4 && req.name.compare(req.name.size() - 4, 4, ".mp4") == 0;
  std::string validators =
      "ETag: " + etag + "\r\nLast-Modified: " + format_http_date(mtime) +
      "\r\nCache-Control: public, max-age=" + std::to_string(cfg.max_age.count()) +
      ", immutable\r\n";
  const std::string connection =
      std::string("Connection: ") + (req.keep_alive ? "keep-alive" : "close") + "\r\n";
  const std::string date = "Date: " + format_http_date(now) + "\r\n";

  // RFC 9110 13.2.2: If-None-Match decides when present, If-Modified-Since only without it.
  bool not_modified = false;
  if (!req.if_none_match.empty())
    not_modified = none_match_hits(req.if_none_match, etag);
  else if (auto since = parse_http_date(trim(req.if_modified_since)))
    not_modified = mtime <= *since;
  if (not_modified) {
    output_answer a;
    a.status = 304;
    a.head = "HTTP/1.1 304 Not Modified\r\n" + date + validators + connection + "\r\n";
    return a;
  }

  // Range is defined for GET only (RFC 9110 14.2); If-Range lets a client resume only the
  // file it has, and gets the whole new one otherwise.
  byte_range range;
  auto kind = range_result::none;
  if (!req.head && !req.range.empty() && if_range_holds(req.if_range, etag, mtime))
    kind = parse_byte_range(req.range, size, range);
  if (kind == range_result::unsatisfiable)
    return error_answer(416, req, now, "Content-Range: bytes */" + std::to_string(size) + "\r\n");

  output_answer a;
  a.status = kind == range_result::satisfiable ? 206 : 200;
  a.offset = kind == range_result::satisfiable ? range.first : 0;
  const uint64_t length = kind == range_result::satisfiable ? range.last - range.first + 1 : size;
  a.head = "HTTP/1.1 " + std::to_string(a.status) + " " + reason_phrase(a.status) + "\r\n" + date +
           "Content-Type: " + (mp4 ? "video/mp4" : "application/octet-stream") +
           "\r\nContent-Length: " + std::to_string(length) + "\r\nAccept-Ranges: bytes\r\n" +
           validators + connection;
  if (a.status == 206)
    a.head += "Content-Range: bytes " + std::to_string(range.first) + "-" +
              std::to_string(range.last) + "/" + std::to_string(size) + "\r\n";
  a.head += "\r\n";
  if (!req.head && length > 0) {
    a.length = length;
    a.file = std::move(file);
  }
  return a;
}

} // namespace cutqueue::http
