#include "http/request_framer.hpp"

#include <algorithm>
#include <cctype>

namespace cutqueue::http {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

/// Without HTTP's optional white space (RFC 9110 OWS: only SP and HTAB; a CR or LF inside a
/// header line is a framing error, never padding).
std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

/// Decimal Content-Length; false for anything RFC 9110 would not accept (signs, spaces
/// inside, more digits than fit).
bool parse_length(std::string_view s, uint64_t& out) {
  if (s.empty() || s.size() > 18)
    return false;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9')
      return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  out = v;
  return true;
}

bool parse_chunk_size(std::string_view line, uint64_t& out) {
  line = trim_ows(line.substr(0, line.find(';')));
  if (line.empty() || line.size() > 15)
    return false;
  uint64_t v = 0;
  for (char c : line) {
    int d =
        std::isxdigit(static_cast<unsigned char>(c))
            ? (std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : (std::tolower(c) - 'a' + 10))
            : -1;
    if (d < 0)
      return false;
    v = v * 16 + static_cast<uint64_t>(d);
  }
  out = v;
  return true;
}

/// RFC 9112 6.3: the body is chunked when chunked is the last transfer coding.
bool ends_chunked(std::string_view value) {
  auto comma = value.rfind(',');
  return iequals(trim_ows(comma == std::string_view::npos ? value : value.substr(comma + 1)),
                 "chunked");
}

constexpr size_t max_chunk_line = 1024;

} // namespace

request_framer::request_framer(size_t max_body, size_t max_head)
    : max_body_(max_body), max_head_(max_head) {}

request_framer::verdict request_framer::refuse(verdict v) {
  state_ = state::refused;
  refused_ = v;
  return v;
}

bool request_framer::take_line(std::string_view& in) {
  // The CRLF after chunk data must follow at once; trailer fields are bounded like the head.
  const size_t limit = state_ == state::chunk_size       ? max_chunk_line
                       : state_ == state::chunk_data_end ? 0
                                                         : max_head_;
  auto nl = in.find('\n');
  size_t take = nl == std::string_view::npos ? in.size() : nl + 1;
  line_.append(in.data(), take);
  in.remove_prefix(take);
  if (line_.size() > limit + 2) {
    refuse(verdict::malformed);
    return false;
  }
  if (nl == std::string_view::npos)
    return false;
  // CRLF only: a parser behind us that took a bare LF (or CR) as a line end would frame the
  // body differently (RFC 9112 2.2 lets recipients differ here; we refuse instead).
  if (line_.size() < 2 || line_[line_.size() - 2] != '\r' || line_.find('\r') != line_.size() - 2) {
    refuse(verdict::malformed);
    return false;
  }
  line_.resize(line_.size() - 2);
  return true;
}

request_framer::verdict request_framer::on_line() {
  switch (state_) {
  case state::chunk_size: {
    uint64_t n = 0;
    if (!parse_chunk_size(line_, n))
      return verdict::malformed;
    chunked_total_ += n;
    if (chunked_total_ > max_body_)
      return verdict::body_too_large;
    body_left_ = n;
    state_ = n == 0 ? state::trailer : state::chunk_data;
    return verdict::pass;
  }
  case state::chunk_data_end:
    if (!line_.empty())
      return verdict::malformed;
    state_ = state::chunk_size;
    return verdict::pass;
  default: // trailer: an empty line ends the request
    if (line_.empty()) {
      state_ = state::head;
      request_ended_ = true;
    }
    return verdict::pass;
  }
}

namespace {

/// The head's lines end in CRLF, with no bare CR or LF and no NUL anywhere; every field line is
/// name ":" value with a name free of white space, and none is folded (obs-fold). A request that
/// breaks one of these could be read differently by Pistache (RFC 9112 5.1, 5.2: a server must
/// reject white space before the colon, and may reject folding).
bool well_formed_head(std::string_view head) {
  for (size_t i = 0; i < head.size(); ++i) {
    char c = head[i];
    if (c == '\0' || (c == '\r' && (i + 1 >= head.size() || head[i + 1] != '\n')) ||
        (c == '\n' && (i == 0 || head[i - 1] != '\r')))
      return false;
  }
  size_t pos = head.find("\r\n");
  while (pos != std::string_view::npos && pos + 2 < head.size()) {
    size_t start = pos + 2;
    size_t end = head.find("\r\n", start);
    std::string_view line = head.substr(start, end - start);
    pos = end;
    if (line.empty())
      break; // the empty line that ends the head
    auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0 ||
        line.substr(0, colon).find_first_of(" \t") != std::string_view::npos)
      return false;
  }
  return true;
}

} // namespace

request_framer::verdict request_framer::on_head_complete() {
  std::string_view head = head_;
  // Empty lines before a request line are not a request (RFC 9112 2.2 lets servers skip them).
  while (head.substr(0, 2) == "\r\n")
    head.remove_prefix(2);
  if (head.empty()) {
    head_.clear();
    return verdict::pass;
  }
  if (!well_formed_head(head))
    return refuse(verdict::malformed);
  bool chunked = false, has_coding = false, has_length = false;
  uint64_t length = 0;
  size_t pos = head.find("\r\n"); // skip the request line
  while (pos != std::string_view::npos && pos + 2 < head.size()) {
    size_t start = pos + 2;
    size_t end = head.find("\r\n", start);
    std::string_view line =
        head.substr(start, end == std::string_view::npos ? head.size() - start : end - start);
    pos = end;
    auto colon = line.find(':');
    if (colon == std::string_view::npos)
      continue;
    auto name = trim_ows(line.substr(0, colon));
    auto value = trim_ows(line.substr(colon + 1));
    if (iequals(name, "Content-Length")) {
      uint64_t v = 0;
      if (!parse_length(value, v) || (has_length && v != length))
        return refuse(verdict::malformed);
      has_length = true;
      length = v;
    } else if (iequals(name, "Transfer-Encoding")) {
      has_coding = true;
      chunked = ends_chunked(value);
    }
  }
  head_.clear();
  // Both, or a last coding other than chunked: the end of the body could be read two ways
  // (request smuggling), so neither this framer nor Pistache gets to guess.
  if (has_coding && (has_length || !chunked))
    return refuse(verdict::malformed);
  if (chunked) {
    chunked_total_ = 0;
    state_ = state::chunk_size;
    return verdict::pass;
  }
  body_left_ = length;
  if (length > max_body_)
    return refuse(verdict::body_too_large);
  state_ = length > 0 ? state::body : state::head;
  request_ended_ = length == 0;
  return verdict::pass;
}

request_framer::verdict request_framer::feed(std::string_view in) {
  return run(in, false);
}

request_framer::verdict request_framer::feed_one(std::string_view bytes, size_t& consumed) {
  std::string_view in = bytes;
  auto v = run(in, true);
  consumed = bytes.size() - in.size();
  return v;
}

request_framer::verdict request_framer::run(std::string_view& in, bool stop_at_end) {
  const size_t total = in.size();
  request_offset_ = 0; // unless a new request starts in these bytes
  request_ended_ = false;
  while (!in.empty() && !(stop_at_end && request_ended_)) {
    switch (state_) {
    case state::refused:
      return refused_;
    case state::head: {
      if (head_.empty())
        request_offset_ = total - in.size();
      size_t old = head_.size();
      size_t take = std::min(in.size(), max_head_ + 1 - old);
      head_.append(in.data(), take);
      auto end = head_.find("\r\n\r\n", old >= 3 ? old - 3 : 0);
      if (end == std::string::npos) {
        in.remove_prefix(take);
        if (head_.size() > max_head_)
          return refuse(verdict::head_too_large);
        break;
      }
      if (end + 4 > max_head_)
        return refuse(verdict::head_too_large);
      in.remove_prefix(end + 4 - old);
      head_.resize(end + 4);
      if (auto v = on_head_complete(); v != verdict::pass)
        return v;
      break;
    }
    case state::body:
    case state::chunk_data: {
      auto take = static_cast<size_t>(std::min<uint64_t>(body_left_, in.size()));
      body_left_ -= take;
      in.remove_prefix(take);
      if (body_left_ == 0) {
        request_ended_ = state_ == state::body;
        state_ = state_ == state::body ? state::head : state::chunk_data_end;
      }
      break;
    }
    case state::chunk_size:
    case state::chunk_data_end:
    case state::trailer:
      if (take_line(in)) {
        auto v = on_line();
        line_.clear();
        if (v != verdict::pass)
          return refuse(v);
      } else if (state_ == state::refused) {
        return refused_;
      }
      break;
    }
  }
  return state_ == state::refused ? refused_ : verdict::pass;
}

} // namespace cutqueue::http
