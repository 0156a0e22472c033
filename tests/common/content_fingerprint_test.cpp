// content_fingerprint: identical copies match, a different size or different bytes at either
// end do not, unreadable files have none.
#include "common/content_fingerprint.hpp"
#include "tests/support/test_files.hpp"

#include <gtest/gtest.h>

namespace cutqueue {
namespace {

TEST(ContentFingerprint, CopiesMatchAndChangesAtEitherEndDoNot) {
  test::scratch_dir dir;
  std::string big(300 * 1024, 'x');
  test::write_text(dir / "a", big);
  test::write_text(dir / "copy", big);
  std::string head = big, tail = big;
  head[10] = 'y';
  tail[tail.size() - 10] = 'y';
  test::write_text(dir / "head", head);
  test::write_text(dir / "tail", tail);
  test::write_text(dir / "longer", big + "x");
  test::write_text(dir / "small", "abc");
  test::write_text(dir / "small2", "abd");

  auto a = content_fingerprint(dir / "a");
  ASSERT_TRUE(a);
  EXPECT_EQ(content_fingerprint(dir / "copy"), a);
  EXPECT_NE(content_fingerprint(dir / "head"), a);
  EXPECT_NE(content_fingerprint(dir / "tail"), a);
  EXPECT_NE(content_fingerprint(dir / "longer"), a);
  ASSERT_TRUE(content_fingerprint(dir / "small"));
  EXPECT_NE(content_fingerprint(dir / "small"), content_fingerprint(dir / "small2"));
  EXPECT_FALSE(content_fingerprint(dir / "missing"));
}

} // namespace
} // namespace cutqueue
