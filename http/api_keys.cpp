#include "http/api_keys.hpp"

#include "common/text.hpp"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace cutqueue::http {

namespace {

constexpr size_t max_key_length = 4096;

/// 0 when `a` equals `key`, non-zero otherwise; reads all of `a` whatever the outcome.
unsigned difference(std::string_view a, const std::string& key) {
  // Differing lengths differ, but the loop still runs over `a` (cycling through the key), so
  // its length does not show in the time either way. Keys are never empty.
  unsigned diff = a.size() == key.size() ? 0u : 1u;
  for (size_t i = 0; i < a.size(); ++i)
    diff |= static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(key[i % key.size()]);
  return diff;
}

} // namespace

bool valid_api_key(std::string_view key) {
  if (key.empty() || key.size() > max_key_length)
    return false;
  for (unsigned char c : key)
    if (c < 0x21 || c > 0x7e)
      return false;
  return true;
}

std::optional<std::string> parse_api_key_lines(std::string_view text,
                                               std::vector<std::string>& keys) {
  std::vector<std::string> found;
  size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    auto end = text.find('\n');
    auto line = text::trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (line.empty() || line.front() == '#')
      continue;
    if (!valid_api_key(line))
      return "line " + std::to_string(line_no) + ": invalid key";
    found.emplace_back(line);
  }
  keys.insert(keys.end(), found.begin(), found.end());
  return std::nullopt;
}

std::optional<std::string> read_api_key_file(const std::string& path,
                                             std::vector<std::string>& keys) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return "cannot read " + path + ": " + std::strerror(errno);
  std::ostringstream text;
  text << in.rdbuf();
  std::vector<std::string> found;
  if (auto err = parse_api_key_lines(text.str(), found))
    return path + ", " + *err;
  if (found.empty())
    return path + " holds no key";
  keys.insert(keys.end(), found.begin(), found.end());
  return std::nullopt;
}

std::optional<std::string_view> bearer_token(std::string_view authorization) {
  authorization = text::trim(authorization);
  constexpr std::string_view scheme = "bearer";
  if (authorization.size() <= scheme.size())
    return std::nullopt;
  for (size_t i = 0; i < scheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != scheme[i])
      return std::nullopt;
  auto rest = authorization.substr(scheme.size());
  if (rest.front() != ' ' && rest.front() != '\t')
    return std::nullopt;
  auto token = text::trim(rest);
  if (token.empty())
    return std::nullopt;
  return token;
}

std::optional<std::string> body_api_key(std::string_view body) {
  auto doc = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return std::nullopt;
  auto it = doc.find("apiKey");
  if (it == doc.end() || !it->is_string())
    return std::nullopt;
  return it->get<std::string>();
}

api_key_set::api_key_set(std::vector<std::string> keys) {
  for (auto& k : keys)
    if (!k.empty()) // an empty key would make the cycling comparison meaningless
      keys_.push_back(std::move(k));
}

bool api_key_set::accepts(std::string_view presented) const {
  unsigned matched = 0;
  for (const auto& key : keys_)
    matched |= static_cast<unsigned>(difference(presented, key) == 0);
  return matched != 0 && !presented.empty();
}

bool api_key_set::authorizes(std::optional<std::string_view> authorization, std::string_view body,
                             bool body_allowed) const {
  if (!enabled())
    return true;
  if (authorization)
    if (auto token = bearer_token(*authorization); token && accepts(*token))
      return true;
  if (!body_allowed)
    return false;
  auto key = body_api_key(body);
  return key && accepts(*key);
}

} // namespace cutqueue::http
