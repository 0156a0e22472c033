#include "app/flags.hpp"

#include <cctype>
#include <cstdlib>

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

std::optional<double> parse_chunk_seconds(const std::string& v) {
  char* end = nullptr;
  const double x = std::strtod(v.c_str(), &end);
  if (v.empty() || end != v.c_str() + v.size() || !(x == 0 || (x >= 0.5 && x <= 3600)))
    return std::nullopt;
  return x;
}

} // namespace cutqueue::app
