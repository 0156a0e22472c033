// Fuzzes the request framer (http/request_framer.cpp), which decides where each request on a
// connection ends before Pistache sees the bytes: the request-smuggling surface. The input is a
// small header (limits and where the stream is cut into reads) and then the raw bytes a client
// sends. Beyond "no crash", the framing must not depend on how the bytes were split into reads,
// and every request it lets through must end exactly where an independent reading of its head
// says (Content-Length, or the last chunk and trailer of a chunked body).
#include "fuzz/fuzz_check.hpp"
#include "http/request_framer.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

using cutqueue::http::request_framer;
using verdict = request_framer::verdict;

struct framing {
  verdict v = verdict::pass;
  std::vector<size_t> ends; ///< offsets just past each complete request
};

/// Feeds `stream` in the given read sizes (the rest at once), one request at a time.
framing frame(std::string_view stream, const std::vector<size_t>& reads, size_t max_body,
              size_t max_head) {
  request_framer f(max_body, max_head);
  framing out;
  size_t pos = 0, next_read = 0;
  while (pos < stream.size()) {
    size_t read = next_read < reads.size() ? reads[next_read++] : stream.size() - pos;
    read = std::min(std::max<size_t>(read, 1), stream.size() - pos);
    std::string_view chunk = stream.substr(pos, read);
    while (!chunk.empty()) {
      size_t used = 0;
      auto v = f.feed_one(chunk, used);
      FUZZ_CHECK(used <= chunk.size());
      if (v != verdict::pass) {
        FUZZ_CHECK(f.request_offset() <= chunk.size());
        out.v = v;
        // Refusal is final, whatever comes next.
        FUZZ_CHECK(f.feed("GET / HTTP/1.1\r\n\r\n") == v);
        return out;
      }
      FUZZ_CHECK(used > 0);
      pos += used;
      chunk.remove_prefix(used);
      // feed_one stops only at a request's end, or when the read is used up.
      FUZZ_CHECK(chunk.empty() || f.request_ended());
      if (f.request_ended())
        out.ends.push_back(pos);
    }
  }
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x | 0x20) == (y | 0x20);
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

/// Where a chunked body starting at `at` ends (after its trailer), or npos when `request` does
/// not hold a whole, well-formed one.
size_t chunked_end(std::string_view request, size_t at) {
  for (;;) {
    size_t eol = request.find("\r\n", at);
    if (eol == std::string_view::npos)
      return std::string_view::npos;
    auto line = trim(request.substr(at, eol - at));
    if (line.find_first_of("\r\n") != std::string_view::npos)
      return std::string_view::npos; // a bare CR or LF inside a chunk line
    line = trim(line.substr(0, line.find(';')));
    if (line.empty() || line.size() > 15)
      return std::string_view::npos;
    uint64_t n = 0;
    for (char c : line) {
      int d = c >= '0' && c <= '9'   ? c - '0'
              : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                     : -1;
      if (d < 0)
        return std::string_view::npos;
      n = n * 16 + static_cast<uint64_t>(d);
    }
    at = eol + 2;
    if (n == 0) {
      // Trailer fields until an empty line.
      for (;;) {
        size_t end = request.find("\r\n", at);
        if (end == std::string_view::npos ||
            request.substr(at, end - at).find_first_of("\r\n") != std::string_view::npos)
          return std::string_view::npos;
        bool empty = end == at;
        at = end + 2;
        if (empty)
          return at;
      }
    }
    if (request.size() - at < n + 2 || request.substr(at + n, 2) != "\r\n")
      return std::string_view::npos;
    at += n + 2;
  }
}

/// An independent reading of one request the framer passed: it must end where its head says.
void check_request(std::string_view request, size_t max_body, size_t max_head) {
  // Empty lines before a request line belong to no request (RFC 9112 2.2).
  while (request.substr(0, 2) == "\r\n")
    request.remove_prefix(2);
  FUZZ_CHECK(!request.empty());
  size_t head_end = request.find("\r\n\r\n");
  FUZZ_CHECK(head_end != std::string_view::npos);
  FUZZ_CHECK(head_end + 4 <= max_head);
  std::string_view head = request.substr(0, head_end + 2);
  // RFC 9112 2.2, 5: lines end in CRLF, never a bare CR or LF (a recipient that took a bare LF
  // as a line end would see other fields than this framer), and no NUL.
  for (size_t i = 0; i < head.size(); ++i) {
    FUZZ_CHECK(head[i] != '\0');
    if (head[i] == '\r')
      FUZZ_CHECK(i + 1 < head.size() && head[i + 1] == '\n');
    if (head[i] == '\n')
      FUZZ_CHECK(i > 0 && head[i - 1] == '\r');
  }
  bool has_length = false, has_coding = false, chunked = false;
  uint64_t length = 0;
  for (size_t pos = head.find("\r\n") + 2; pos < head.size();) {
    size_t eol = head.find("\r\n", pos);
    auto line = head.substr(pos, eol - pos);
    pos = eol + 2;
    // Every field line is name ":" value, the name without white space: a space before the
    // colon or a folded line (obs-fold) is read differently by different parsers.
    auto colon = line.find(':');
    FUZZ_CHECK(colon != std::string_view::npos && colon > 0);
    auto name = line.substr(0, colon);
    FUZZ_CHECK(name.find_first_of(" \t") == std::string_view::npos);
    auto value = trim(line.substr(colon + 1));
    if (iequals(name, "content-length")) {
      uint64_t v = 0;
      for (char c : value)
        v = v * 10 + static_cast<uint64_t>(c - '0');
      // Two different lengths are a smuggling attempt: the framer must never pass them.
      FUZZ_CHECK(!has_length || v == length);
      has_length = true;
      length = v;
    } else if (iequals(name, "transfer-encoding")) {
      has_coding = true;
      auto comma = value.rfind(',');
      chunked = iequals(trim(comma == std::string_view::npos ? value : value.substr(comma + 1)),
                        "chunked");
    }
  }
  // Both framings at once, or a coding that is not chunked last: never passed.
  FUZZ_CHECK(!(has_coding && has_length));
  FUZZ_CHECK(!has_coding || chunked);
  const size_t body = head_end + 4;
  if (chunked) {
    FUZZ_CHECK(chunked_end(request, body) == request.size());
    return;
  }
  FUZZ_CHECK(length <= max_body);
  FUZZ_CHECK(request.size() - body == length);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2)
    return 0;
  // Header: body limit, head limit, then up to 8 read sizes (1..256 bytes each).
  const size_t max_body = static_cast<size_t>(data[0]) * 4;
  const size_t max_head = 64 + static_cast<size_t>(data[1]) * 8;
  size_t pos = 2;
  std::vector<size_t> reads;
  while (pos < size && reads.size() < 8 && data[pos] != 0) {
    reads.push_back(data[pos]);
    ++pos;
  }
  if (pos < size)
    ++pos; // the 0 that ends the list
  std::string_view stream(reinterpret_cast<const char*>(data) + pos, size - pos);

  auto whole = frame(stream, {}, max_body, max_head);
  auto split = frame(stream, reads, max_body, max_head);
  auto bytewise = frame(stream, std::vector<size_t>(std::min<size_t>(stream.size(), 4096), 1),
                        max_body, max_head);
  // The verdict and the request boundaries are the same however the bytes arrived.
  FUZZ_CHECK(whole.v == split.v && whole.v == bytewise.v);
  FUZZ_CHECK(whole.ends == split.ends && whole.ends == bytewise.ends);

  // feed() over everything agrees with request-by-request framing.
  request_framer plain(max_body, max_head);
  FUZZ_CHECK(plain.feed(stream) == whole.v);

  size_t start = 0;
  for (size_t end : whole.ends) {
    FUZZ_CHECK(end > start && end <= stream.size());
    check_request(stream.substr(start, end - start), max_body, max_head);
    start = end;
  }
  return 0;
}
