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

TEST(text_utf8_next, reads_one_well_formed_sequence) {
  char32_t cp = 0;
  EXPECT_EQ(utf8_next("a", 0, cp), 1u);
  EXPECT_EQ(cp, U'a');
  EXPECT_EQ(utf8_next("x\xc3\xa9", 1, cp), 2u); // é
  EXPECT_EQ(cp, U'é');
  EXPECT_EQ(utf8_next("\xe6\x96\x9c", 0, cp), 3u); // 斜
  EXPECT_EQ(cp, U'斜');
  EXPECT_EQ(utf8_next("\xf0\x9f\x98\x80", 0, cp), 4u); // U+1F600
  EXPECT_EQ(cp, char32_t{0x1F600});
}

TEST(text_utf8_next, refuses_what_json_encoders_refuse) {
  char32_t cp = 0;
  EXPECT_EQ(utf8_next("\xe6\x96", 0, cp), 0u);         // truncated
  EXPECT_EQ(utf8_next("\xc3\x28", 0, cp), 0u);         // bad continuation
  EXPECT_EQ(utf8_next("\xc0\xaf", 0, cp), 0u);         // overlong '/'
  EXPECT_EQ(utf8_next("\xed\xa0\x80", 0, cp), 0u);     // surrogate U+D800
  EXPECT_EQ(utf8_next("\xf4\x90\x80\x80", 0, cp), 0u); // past U+10FFFF
  EXPECT_EQ(utf8_next("\x80", 0, cp), 0u);             // lone continuation byte
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
