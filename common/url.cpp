#include "common/url.hpp"

#include "common/text.hpp"

#include <algorithm>
#include <cctype>

namespace cutqueue::url {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

} // namespace

std::optional<parts> parse(std::string_view text) {
  for (unsigned char c : text)
    if (c <= 0x20 || c == 0x7f)
      return std::nullopt;
  auto colon = text.find("://");
  if (colon == std::string_view::npos)
    return std::nullopt;
  parts out;
  out.scheme = lower(text.substr(0, colon));
  if (out.scheme != "http" && out.scheme != "https")
    return std::nullopt;
  auto rest = text.substr(colon + 3);
  auto authority_end = rest.find_first_of("/?#");
  auto authority = rest.substr(0, authority_end);
  rest = authority_end == std::string_view::npos ? std::string_view{} : rest.substr(authority_end);
  // Credentials in URLs are refused: they would end up in logs and status bodies.
  if (authority.find('@') != std::string_view::npos)
    return std::nullopt;
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos)
      return std::nullopt;
    out.host = std::string(authority.substr(1, close - 1));
    auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':')
        return std::nullopt;
      port_text = after.substr(1);
    }
  } else {
    auto pc = authority.rfind(':');
    if (pc != std::string_view::npos) {
      port_text = authority.substr(pc + 1);
      authority = authority.substr(0, pc);
    }
    out.host = lower(authority);
  }
  if (out.host.empty())
    return std::nullopt;
  if (!port_text.empty()) {
    if (port_text.size() > 5 || !std::all_of(port_text.begin(), port_text.end(), ::isdigit))
      return std::nullopt;
    out.port = std::stoi(std::string(port_text));
    if (out.port < 1 || out.port > 65535)
      return std::nullopt;
  } else {
    out.port = out.scheme == "https" ? 443 : 80;
  }
  auto hash = rest.find('#');
  if (hash != std::string_view::npos)
    rest = rest.substr(0, hash);
  auto q = rest.find('?');
  out.path = std::string(rest.substr(0, q));
  if (out.path.empty())
    out.path = "/";
  if (q != std::string_view::npos)
    out.query = std::string(rest.substr(q + 1));
  return out;
}

std::optional<std::string> percent_decode(std::string_view text, bool plus_as_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size())
        return std::nullopt;
      int hi = hex_value(text[i + 1]);
      int lo = hex_value(text[i + 2]);
      if (hi < 0 || lo < 0)
        return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string percent_encode(std::string_view text, bool keep_slash) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' ||
        (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

std::optional<std::string> query_param(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    auto amp = query.find('&');
    auto pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    auto eq = pair.find('=');
    auto key = percent_decode(pair.substr(0, eq), true);
    if (!key || *key != name)
      continue;
    if (eq == std::string_view::npos)
      return std::string{};
    return percent_decode(pair.substr(eq + 1), true);
  }
  return std::nullopt;
}

std::optional<std::string> draft_id_of(std::string_view draft_url) {
  if (draft_url.size() > max_draft_url_length)
    return std::nullopt;
  auto p = parse(draft_url);
  if (!p)
    return std::nullopt;
  auto id = query_param(p->query, "draft_id");
  if (!id || text::trim(*id).empty())
    return std::nullopt;
  return id;
}

std::optional<std::string> resolve(std::string_view base, std::string_view ref) {
  if (parse(ref))
    return std::string(ref);
  auto b = parse(base);
  if (!b || ref.empty())
    return std::nullopt;
  auto origin = [&] {
    bool default_port =
        (b->scheme == "http" && b->port == 80) || (b->scheme == "https" && b->port == 443);
    std::string host = b->host.find(':') != std::string::npos ? "[" + b->host + "]" : b->host;
    return b->scheme + "://" + host + (default_port ? "" : ":" + std::to_string(b->port));
  };
  if (ref.substr(0, 2) == "//")
    return b->scheme + ":" + std::string(ref);
  if (ref.front() == '/')
    return origin() + std::string(ref);
  // A query-only reference keeps the base path (RFC 3986 5.2.2), not just its folder.
  if (ref.front() == '?')
    return origin() + b->path + std::string(ref);
  auto dir = b->path.substr(0, b->path.rfind('/') + 1);
  return origin() + dir + std::string(ref);
}

} // namespace cutqueue::url
