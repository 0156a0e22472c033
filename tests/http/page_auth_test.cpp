#include "http/page_auth.hpp"

#include <gtest/gtest.h>

namespace cutqueue::http {
namespace {

TEST(PageAuth, CookieCarriesAnyValidKeyAndIsHttpOnly) {
  EXPECT_EQ(key_cookie_header("abc-123"),
            "cutqueue_key=abc-123; Path=/; HttpOnly; SameSite=Strict");
  // ';' and ',' would end the cookie: they travel percent-encoded and come back whole.
  auto header = key_cookie_header("a;b,c%d=");
  EXPECT_EQ(header.find_first_of(";,", 0), header.find("; Path"));
  auto value = header.substr(std::string("cutqueue_key=").size());
  value = value.substr(0, value.find(';'));
  EXPECT_EQ(key_from_cookie(value), "a;b,c%d=");
  EXPECT_EQ(key_from_cookie("%zz"), std::nullopt);
}

TEST(PageAuth, FormKeyIsDecodedAndOtherFieldsIgnored) {
  EXPECT_EQ(key_from_form("key=abc"), "abc");
  EXPECT_EQ(key_from_form("x=1&key=a%2Bb+c&key=second"), "a+b c");
  EXPECT_EQ(key_from_form("keys=abc&x=key"), std::nullopt);
  EXPECT_EQ(key_from_form(""), std::nullopt);
  EXPECT_EQ(key_from_form("key=%"), std::nullopt);
}

} // namespace
} // namespace cutqueue::http
