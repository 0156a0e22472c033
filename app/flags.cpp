#include "app/flags.hpp"

#include <cctype>

namespace cutqueue::app {

std::string env_name(const std::string& flag) {
  std::string out = "CUTQUEUE_";
  for (char c : flag)
    out.push_back(c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return out;
}

std::optional<bool> parse_bool(const std::string& v) {
  if (v == "1" || v == "true" || v == "yes" || v == "on")
    return true;
  if (v == "0" || v == "false" || v == "no" || v == "off")
    return false;
  return std::nullopt;
}

} // namespace cutqueue::app
