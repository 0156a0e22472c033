// A test HTTP server that answers like capcut-mate: get_draft lists the files of a draft folder
// as absolute URLs, and those URLs serve the files. Query parameters on the get_draft URL inject
// faults and are copied onto every file URL it lists, so one draft URL describes a whole
// scenario:
//   status=<n>      get_draft answers HTTP n
//   code=<n>        get_draft answers HTTP 200 with {"code":n}
//   omit=<rel>      get_draft leaves file <rel> out of its list (repeatable)
//   file_status=<n> files answer HTTP n
//   fail_times=<k>  the first k requests of each file URL answer 503 ...
//   retry_after=<s> ... with "Retry-After: s"
//   delay_ms=<n>    wait n ms before answering a file
//   rate=<b/s>      send file bodies at about b bytes per second
//   validators=<v>  which validators files carry: both (default), etag, last_modified or none.
//                   The ETag is a hash of the content (a same-size replacement gets a new one),
//                   Last-Modified the file's mtime; If-None-Match / If-Modified-Since on them
//                   answer 304 Not Modified.
// Other routes: /files/<rel> serves any file below the first root (for drafts whose material
// paths are URLs), /redirect/<n>?to=<url> redirects (302) n times and then to <url>, and
// /stats?prefix=<p>[&method=<m>][&status=<s>] answers {"count":N}, the requests seen for paths
// starting with p (only those with method m, or answered with status s, when given). Plain POSIX
// sockets, one thread and one request per connection: throttled bodies and mid-body disconnects are
// easy to reason about that way.
//
// Usage: fixture_server [--host ADDR] --port 0 --root DIR [--root DIR ...]; prints
// "LISTENING <port>". ADDR (default 127.0.0.1) is also the host of the file URLs get_draft lists.
#include "common/url.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <arpa/inet.h>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <netinet/in.h>
#include <optional>
#include <string>
#include <sys/socket.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

namespace fs = std::filesystem;
using cutqueue::url::percent_decode;
using cutqueue::url::query_param;

constexpr std::string_view get_draft_route = "/openapi/capcut-mate/v1/get_draft";
constexpr std::string_view draft_files_route = "/output/draft/";
constexpr std::string_view plain_files_route = "/files/";
constexpr std::string_view stats_route = "/stats";
constexpr std::string_view redirect_route = "/redirect/";
constexpr size_t max_request_head = 64 * 1024;

std::vector<fs::path> g_roots;
int g_port = 0;
std::string g_host = "127.0.0.1";

/// Requests per path, and per full target for fail_times.
std::mutex g_counts_mutex;
std::map<std::string, int> g_path_counts;
std::map<std::string, int> g_method_path_counts; ///< "<METHOD> <path>"
std::map<std::string, int> g_status_path_counts; ///< "<status> <path>" of answered files
std::map<std::string, int> g_target_counts;

struct request {
  std::string method;
  std::string target; ///< path?query as sent
  std::string path;   ///< percent-decoded
  std::string query;  ///< still encoded
  std::string range;  ///< Range header value
  std::string if_none_match;
  std::string if_modified_since;
};

// -- socket output ------------------------------------------------------------------------------

bool send_all(int fd, const char* data, size_t len) {
  while (len > 0) {
    // MSG_NOSIGNAL: a client that went away must cost us an error code, not the process.
    ssize_t n = ::send(fd, data, len, MSG_NOSIGNAL);
    if (n <= 0)
      return false;
    data += n;
    len -= static_cast<size_t>(n);
  }
  return true;
}

const char* reason_phrase(int status) {
  switch (status) {
  case 200:
    return "OK";
  case 206:
    return "Partial Content";
  case 302:
    return "Found";
  case 304:
    return "Not Modified";
  case 400:
    return "Bad Request";
  case 403:
    return "Forbidden";
  case 404:
    return "Not Found";
  case 408:
    return "Request Timeout";
  case 416:
    return "Range Not Satisfiable";
  case 429:
    return "Too Many Requests";
  case 500:
    return "Internal Server Error";
  case 502:
    return "Bad Gateway";
  case 503:
    return "Service Unavailable";
  default:
    return "Status";
  }
}

bool send_head(int fd, int status, const std::string& content_type, uint64_t length,
               const std::vector<std::string>& extra = {}) {
  std::string head = "HTTP/1.1 " + std::to_string(status) + " " + reason_phrase(status) + "\r\n";
  head += "Content-Type: " + content_type + "\r\nContent-Length: " + std::to_string(length) +
          "\r\nConnection: close\r\n";
  for (const auto& h : extra)
    head += h + "\r\n";
  head += "\r\n";
  return send_all(fd, head.data(), head.size());
}

void send_text(int fd, int status, const std::string& content_type, const std::string& body,
               const std::vector<std::string>& extra = {}) {
  if (send_head(fd, status, content_type, body.size(), extra))
    send_all(fd, body.data(), body.size());
}

void send_json(int fd, int status, const nlohmann::json& body) {
  send_text(fd, status, "application/json", body.dump());
}

// -- request input ------------------------------------------------------------------------------

std::optional<request> read_request(int fd) {
  std::string head;
  char buf[4096];
  while (head.find("\r\n\r\n") == std::string::npos) {
    if (head.size() > max_request_head)
      return std::nullopt;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0)
      return std::nullopt;
    head.append(buf, static_cast<size_t>(n));
  }
  request r;
  auto line_end = head.find("\r\n");
  auto line = head.substr(0, line_end);
  auto sp1 = line.find(' ');
  auto sp2 = line.find(' ', sp1 + 1);
  if (sp1 == std::string::npos || sp2 == std::string::npos)
    return std::nullopt;
  r.method = line.substr(0, sp1);
  r.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  auto q = r.target.find('?');
  auto path = percent_decode(r.target.substr(0, q), false);
  if (!path)
    return std::nullopt;
  r.path = *path;
  if (q != std::string::npos)
    r.query = r.target.substr(q + 1);
  size_t pos = line_end + 2;
  while (pos < head.size()) {
    auto end = head.find("\r\n", pos);
    auto header = head.substr(pos, end - pos);
    pos = end + 2;
    if (header.empty())
      break;
    auto colon = header.find(':');
    if (colon == std::string::npos)
      continue;
    std::string name = header.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), ::tolower);
    auto value = header.substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    if (name == "range")
      r.range = value;
    else if (name == "if-none-match")
      r.if_none_match = value;
    else if (name == "if-modified-since")
      r.if_modified_since = value;
  }
  return r;
}

int int_param(const std::string& query, std::string_view name, int fallback) {
  auto v = query_param(query, name);
  if (!v || v->empty())
    return fallback;
  try {
    return std::stoi(*v);
  } catch (...) {
    return fallback;
  }
}

// -- drafts -------------------------------------------------------------------------------------

/// The draft id of a fixture folder: from its recorded get_draft answer when present (the
/// segment after /output/draft/ in the first URL), else the folder name.
std::string draft_id_of_folder(const fs::path& dir) {
  std::ifstream in(dir / "get_draft.json");
  if (in) {
    auto doc = nlohmann::json::parse(in, nullptr, false);
    if (doc.is_object() && doc.contains("files") && doc["files"].is_array() &&
        !doc["files"].empty() && doc["files"][0].is_string()) {
      auto first = doc["files"][0].get<std::string>();
      auto at = first.find(draft_files_route);
      if (at != std::string::npos) {
        auto rest = first.substr(at + draft_files_route.size());
        auto id = rest.substr(0, rest.find('/'));
        if (!id.empty())
          return id;
      }
    }
  }
  return dir.filename().string();
}

/// Scanned on every request so that tests may add draft folders after the server started.
std::optional<fs::path> find_draft(const std::string& id) {
  for (const auto& root : g_roots) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root, ec)) {
      if (entry.is_directory() && fs::is_regular_file(entry.path() / "draft_content.json") &&
          draft_id_of_folder(entry.path()) == id)
        return entry.path();
    }
  }
  return std::nullopt;
}

/// The query minus draft_id: the fault parameters that every listed file URL carries.
std::string fault_query(const std::string& query) {
  std::string out;
  size_t pos = 0;
  while (pos <= query.size() && !query.empty()) {
    auto amp = query.find('&', pos);
    auto pair = query.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
    if (!pair.empty() && pair.rfind("draft_id=", 0) != 0 && pair != "draft_id")
      out += (out.empty() ? "" : "&") + pair;
    if (amp == std::string::npos)
      break;
    pos = amp + 1;
  }
  return out;
}

std::vector<std::string> omitted_files(const std::string& query) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (true) {
    auto amp = query.find('&', pos);
    auto pair = query.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
    if (pair.rfind("omit=", 0) == 0)
      if (auto v = percent_decode(pair.substr(5), true))
        out.push_back(*v);
    if (amp == std::string::npos)
      return out;
    pos = amp + 1;
  }
}

void answer_get_draft(int fd, const request& r) {
  if (int status = int_param(r.query, "status", 0); status != 0)
    return send_json(fd, status, {{"detail", "injected status"}});
  if (int code = int_param(r.query, "code", 0); code != 0)
    return send_json(fd, 200, {{"code", code}, {"message", "injected code"}});
  auto id = query_param(r.query, "draft_id");
  auto dir = id ? find_draft(*id) : std::nullopt;
  if (!dir)
    return send_json(fd, 200, {{"code", 2001}, {"message", "无效的草稿URL"}});

  std::vector<std::string> rels;
  for (const auto& entry : fs::recursive_directory_iterator(*dir)) {
    if (!entry.is_regular_file())
      continue;
    auto rel = fs::relative(entry.path(), *dir).generic_string();
    // get_draft.json is the fixture's record of upstream's answer, not a draft file.
    if (rel != "get_draft.json")
      rels.push_back(rel);
  }
  std::sort(rels.begin(), rels.end());
  auto omit = omitted_files(r.query);
  auto faults = fault_query(r.query);
  nlohmann::json files = nlohmann::json::array();
  for (const auto& rel : rels) {
    if (std::find(omit.begin(), omit.end(), rel) != omit.end())
      continue;
    files.push_back("http://" + g_host + ":" + std::to_string(g_port) +
                    std::string(draft_files_route) + cutqueue::url::percent_encode(*id, true) +
                    "/" + cutqueue::url::percent_encode(rel, true) +
                    (faults.empty() ? "" : "?" + faults));
  }
  send_json(fd, 200, {{"code", 0}, {"message", "成功"}, {"files", files}});
}

// -- files --------------------------------------------------------------------------------------

/// `rel` below `dir` when it contains no "..": nothing outside the roots is ever served.
std::optional<fs::path> inside(const fs::path& dir, const std::string& rel) {
  fs::path p(rel);
  if (rel.empty() || p.is_absolute())
    return std::nullopt;
  for (const auto& part : p)
    if (part == "..")
      return std::nullopt;
  return dir / p;
}

/// Parses "bytes=a-b", "bytes=a-" and "bytes=-n" against `size` into [first, last].
bool parse_range(const std::string& value, uint64_t size, uint64_t& first, uint64_t& last) {
  if (value.rfind("bytes=", 0) != 0 || size == 0)
    return false;
  auto spec = value.substr(6);
  auto dash = spec.find('-');
  if (dash == std::string::npos || spec.find(',') != std::string::npos)
    return false;
  try {
    auto a = spec.substr(0, dash);
    auto b = spec.substr(dash + 1);
    if (a.empty()) {
      uint64_t n = std::stoull(b);
      if (n == 0)
        return false;
      first = size - std::min(n, size);
      last = size - 1;
    } else {
      first = std::stoull(a);
      last = b.empty() ? size - 1 : std::min<uint64_t>(std::stoull(b), size - 1);
    }
  } catch (...) {
    return false;
  }
  return first <= last && first < size;
}

void send_body_throttled(int fd, std::ifstream& in, uint64_t length, int rate) {
  auto started = std::chrono::steady_clock::now();
  std::vector<char> buf(rate > 0 ? std::max(1, std::min(rate / 20, 64 * 1024)) : 64 * 1024);
  uint64_t sent = 0;
  while (sent < length) {
    auto want = static_cast<std::streamsize>(std::min<uint64_t>(buf.size(), length - sent));
    in.read(buf.data(), want);
    auto got = in.gcount();
    if (got <= 0 || !send_all(fd, buf.data(), static_cast<size_t>(got)))
      return; // the client left mid-body: fine, that is what some tests do
    sent += static_cast<uint64_t>(got);
    if (rate > 0)
      std::this_thread::sleep_until(started + std::chrono::microseconds(sent * 1000000 / rate));
  }
}

// -- validators ---------------------------------------------------------------------------------

std::string http_date(std::time_t t) {
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

std::optional<std::time_t> parse_http_date(const std::string& text) {
  std::tm tm{};
  const char* end = ::strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0')
    return std::nullopt;
  return ::timegm(&tm);
}

/// A strong ETag from the content (FNV-1a 64), as content-addressed stores such as S3 do.
std::string content_etag(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  uint64_t h = 0xcbf29ce484222325ull;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    for (std::streamsize i = 0; i < in.gcount(); ++i) {
      h ^= static_cast<unsigned char>(buf[i]);
      h *= 0x100000001b3ull;
    }
  }
  char text[24];
  std::snprintf(text, sizeof text, "\"%016llx\"", static_cast<unsigned long long>(h));
  return text;
}

/// RFC 9110 13.1.2: weak comparison, any of a comma-separated list, or "*".
bool etag_matches(const std::string& header, const std::string& etag) {
  auto opaque = [](std::string t) { return t.rfind("W/", 0) == 0 ? t.substr(2) : t; };
  size_t pos = 0;
  while (pos < header.size()) {
    auto comma = header.find(',', pos);
    auto item = header.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (item == "*" || opaque(item) == opaque(etag))
      return true;
    if (comma == std::string::npos)
      break;
    pos = comma + 1;
  }
  return false;
}

void count_answer(const request& r, int status) {
  std::lock_guard<std::mutex> lock(g_counts_mutex);
  ++g_status_path_counts[std::to_string(status) + " " + r.path];
}

void serve_file(int fd, const request& r, const std::optional<fs::path>& file) {
  int fail_times = int_param(r.query, "fail_times", 0);
  if (fail_times > 0) {
    int seen = 0;
    {
      std::lock_guard<std::mutex> lock(g_counts_mutex);
      seen = ++g_target_counts[r.target];
    }
    if (seen <= fail_times) {
      std::vector<std::string> extra;
      if (auto ra = query_param(r.query, "retry_after"))
        extra.push_back("Retry-After: " + *ra);
      return send_text(fd, 503, "text/plain", "injected failure\n", extra);
    }
  }
  if (int delay = int_param(r.query, "delay_ms", 0); delay > 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(delay));
  if (int status = int_param(r.query, "file_status", 0); status != 0)
    return send_text(fd, status, "text/plain", "injected status\n");
  std::error_code ec;
  if (!file || !fs::is_regular_file(*file, ec))
    return send_text(fd, 404, "text/plain", "not found\n");
  uint64_t size = fs::file_size(*file, ec);
  std::ifstream in(*file, std::ios::binary);
  if (ec || !in)
    return send_text(fd, 500, "text/plain", "cannot read\n");
  std::vector<std::string> extra = {"Accept-Ranges: bytes"};
  auto which = query_param(r.query, "validators").value_or("both");
  std::string etag;
  std::optional<std::time_t> mtime;
  if (which == "both" || which == "etag") {
    etag = content_etag(*file);
    extra.push_back("ETag: " + etag);
  }
  if (which == "both" || which == "last_modified") {
    struct stat sb {};
    if (::stat(file->c_str(), &sb) == 0) {
      mtime = sb.st_mtime;
      extra.push_back("Last-Modified: " + http_date(*mtime));
    }
  }
  // If-None-Match decides when present; If-Modified-Since only without it (RFC 9110 13.2.2).
  bool not_modified = false;
  if (!r.if_none_match.empty())
    not_modified = !etag.empty() && etag_matches(r.if_none_match, etag);
  else if (auto since = parse_http_date(r.if_modified_since); since && mtime)
    not_modified = *mtime <= *since;
  if (not_modified) {
    count_answer(r, 304);
    std::string head = "HTTP/1.1 304 Not Modified\r\nConnection: close\r\n";
    for (const auto& h : extra)
      head += h + "\r\n";
    head += "\r\n";
    send_all(fd, head.data(), head.size());
    return;
  }
  uint64_t first = 0, last = size == 0 ? 0 : size - 1;
  int status = 200;
  if (!r.range.empty()) {
    if (!parse_range(r.range, size, first, last))
      return send_text(fd, 416, "text/plain", "",
                       {"Content-Range: bytes */" + std::to_string(size)});
    status = 206;
    extra.push_back("Content-Range: bytes " + std::to_string(first) + "-" + std::to_string(last) +
                    "/" + std::to_string(size));
  }
  uint64_t length = size == 0 ? 0 : last - first + 1;
  count_answer(r, status);
  if (!send_head(fd, status, "application/octet-stream", length, extra) || r.method == "HEAD")
    return;
  in.seekg(static_cast<std::streamoff>(first));
  send_body_throttled(fd, in, length, int_param(r.query, "rate", 0));
}

void serve_draft_file(int fd, const request& r) {
  auto rest = r.path.substr(draft_files_route.size());
  auto slash = rest.find('/');
  std::optional<fs::path> file;
  if (slash != std::string::npos)
    if (auto dir = find_draft(rest.substr(0, slash)))
      file = inside(*dir, rest.substr(slash + 1));
  serve_file(fd, r, file);
}

// -- dispatch -----------------------------------------------------------------------------------

void answer_redirect(int fd, const request& r) {
  int left = std::atoi(r.path.substr(redirect_route.size()).c_str());
  std::string location;
  if (left > 0)
    location = std::string(redirect_route) + std::to_string(left - 1) + "?" + r.query;
  else
    location = query_param(r.query, "to").value_or("/");
  send_text(fd, 302, "text/plain", "", {"Location: " + location});
}

void answer_stats(int fd, const request& r) {
  auto prefix = query_param(r.query, "prefix").value_or("");
  auto method = query_param(r.query, "method");
  auto status = query_param(r.query, "status");
  const auto& counts = status   ? g_status_path_counts
                       : method ? g_method_path_counts
                                : g_path_counts;
  if (status)
    prefix = *status + " " + prefix;
  else if (method)
    prefix = *method + " " + prefix;
  int count = 0;
  {
    std::lock_guard<std::mutex> lock(g_counts_mutex);
    for (const auto& [path, n] : counts)
      if (path.rfind(prefix, 0) == 0)
        count += n;
  }
  send_json(fd, 200, {{"count", count}});
}

void handle_connection(int fd) {
  if (auto r = read_request(fd)) {
    if (r->path != stats_route) {
      std::lock_guard<std::mutex> lock(g_counts_mutex);
      ++g_path_counts[r->path];
      ++g_method_path_counts[r->method + " " + r->path];
    }
    if (r->method != "GET" && r->method != "HEAD")
      send_json(fd, 405, {{"detail", "Method Not Allowed"}});
    else if (r->path == get_draft_route)
      answer_get_draft(fd, *r);
    else if (r->path.rfind(draft_files_route, 0) == 0)
      serve_draft_file(fd, *r);
    else if (r->path.rfind(plain_files_route, 0) == 0 && !g_roots.empty())
      serve_file(fd, *r, inside(g_roots.front(), r->path.substr(plain_files_route.size())));
    else if (r->path.rfind(redirect_route, 0) == 0)
      answer_redirect(fd, *r);
    else if (r->path == stats_route)
      answer_stats(fd, *r);
    else
      send_json(fd, 404, {{"detail", "Not Found"}});
  }
  ::shutdown(fd, SHUT_WR);
  ::close(fd);
}

int usage() {
  std::fprintf(stderr,
               "usage: fixture_server [--host ADDR] --port N --root DIR [--root DIR ...]\n");
  return 2;
}

} // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  int port = 0;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--port" && i + 1 < argc)
      port = std::atoi(argv[++i]);
    else if (arg == "--host" && i + 1 < argc)
      g_host = argv[++i];
    else if (arg == "--root" && i + 1 < argc)
      g_roots.emplace_back(argv[++i]);
    else
      return usage();
  }
  if (g_roots.empty())
    return usage();

  int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  // Loopback unless a test names another address of its own (a network namespace's link).
  if (::inet_pton(AF_INET, g_host.c_str(), &addr.sin_addr) != 1)
    return usage();
  socklen_t len = sizeof addr;
  if (::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listener, 128) != 0 ||
      ::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    std::fprintf(stderr, "fixture_server: cannot listen: %s\n", std::strerror(errno));
    return 1;
  }
  g_port = ntohs(addr.sin_port);
  std::printf("LISTENING %d\n", g_port);
  std::fflush(stdout);

  while (true) {
    int fd = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED || errno == EMFILE)
        continue;
      std::fprintf(stderr, "fixture_server: accept: %s\n", std::strerror(errno));
      return 1;
    }
    std::thread(handle_connection, fd).detach();
  }
}
