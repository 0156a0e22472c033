#include "http/byte_range.hpp"

#include <gtest/gtest.h>

namespace cutqueue::http {
namespace {

TEST(ByteRange, ParsesTheFormsPlayersSend) {
  byte_range r;
  ASSERT_EQ(parse_byte_range("bytes=0-99", 1000, r), range_result::satisfiable);
  EXPECT_EQ(r.first, 0u);
  EXPECT_EQ(r.last, 99u);
  ASSERT_EQ(parse_byte_range("bytes=500-", 1000, r), range_result::satisfiable);
  EXPECT_EQ(r.first, 500u);
  EXPECT_EQ(r.last, 999u);
  ASSERT_EQ(parse_byte_range("bytes=-10", 1000, r), range_result::satisfiable);
  EXPECT_EQ(r.first, 990u);
  EXPECT_EQ(r.last, 999u);
  ASSERT_EQ(parse_byte_range("bytes=900-5000", 1000, r), range_result::satisfiable);
  EXPECT_EQ(r.last, 999u);
  ASSERT_EQ(parse_byte_range("bytes=-5000", 1000, r), range_result::satisfiable);
  EXPECT_EQ(r.first, 0u);
}

TEST(ByteRange, UnsatisfiableAndIgnoredRanges) {
  byte_range r;
  EXPECT_EQ(parse_byte_range("bytes=1000-", 1000, r), range_result::unsatisfiable);
  EXPECT_EQ(parse_byte_range("bytes=-0", 1000, r), range_result::unsatisfiable);
  for (auto h : {"", "items=0-1", "bytes=5-1", "bytes=a-b", "bytes=0-1,5-6", "bytes=", "bytes=-",
                 "bytes=99999999999999999999999-"})
    EXPECT_EQ(parse_byte_range(h, 1000, r), range_result::none) << h;
}

} // namespace
} // namespace cutqueue::http
