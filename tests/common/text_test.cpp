#include "common/text.hpp"

#include <gtest/gtest.h>

namespace {

using namespace cutqueue::text;

TEST(text_trim, strips_ascii_white_space_at_both_ends_only) {
  EXPECT_EQ(trim(" \t\r\n\f\vab c\n "), "ab c");
  EXPECT_EQ(trim("abc"), "abc");
  EXPECT_EQ(trim(" \t\n"), "");
  EXPECT_EQ(trim(""), "");
  // Non-ASCII bytes (here a UTF-8 no-break space) are content, not white space.
  EXPECT_EQ(trim("\xc2\xa0x"), "\xc2\xa0x");
}

TEST(text_fnv1a, matches_the_published_test_vectors) {
  // Names already on disk (download cache, remote materials) depend on these exact values.
  EXPECT_EQ(fnv1a(""), 0xcbf29ce484222325ull);
  EXPECT_EQ(fnv1a("a"), 0xaf63dc4c8601ec8cull);
  EXPECT_EQ(fnv1a("foobar"), 0x85944171f73967e8ull);
}

TEST(text_fnv1a, continues_across_pieces) {
  EXPECT_EQ(fnv1a("bar", fnv1a("foo")), fnv1a("foobar"));
}

TEST(text_hex16, is_sixteen_lowercase_digits) {
  EXPECT_EQ(hex16(0), "0000000000000000");
  EXPECT_EQ(hex16(0xcbf29ce484222325ull), "cbf29ce484222325");
}

} // namespace
