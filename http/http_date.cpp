#include "http/http_date.hpp"

#include <time.h>

namespace cutqueue::http {

std::string format_http_date(std::time_t t) {
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[64];
  auto n = std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return std::string(buf, n);
}

std::optional<std::time_t> parse_http_date(std::string_view text) {
  const std::string s(text);
  // strftime/strptime names are the C locale's, which is English unless a program calls
  // setlocale; cutqueue never does.
  for (const char* format :
       {"%a, %d %b %Y %H:%M:%S GMT", "%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"}) {
    std::tm tm{};
    const char* end = ::strptime(s.c_str(), format, &tm);
    if (end != nullptr && *end == '\0')
      return ::timegm(&tm);
  }
  return std::nullopt;
}

} // namespace cutqueue::http
