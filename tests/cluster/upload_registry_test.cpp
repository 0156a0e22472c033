// The coordinator's upload registry: chunks in order, resumption, token fencing, checksum.
#include "cluster/auth.hpp"
#include "cluster/upload_registry.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace cutqueue::testing {
namespace {

using cluster::upload_registry;

std::string sha256_of(const std::string& s) {
  cluster::sha256_stream h;
  h.update(s);
  return h.finish();
}

TEST(UploadRegistry, ChunksInOrderCommitIntoTheOutputFolder) {
  temp_dir out;
  upload_registry reg(out.path());
  reg.open("t1", "tok");
  EXPECT_EQ(reg.put_chunk("t1", "tok", 0, "hello ").status, 200);
  // A repeated chunk (its answer was lost) tells the sender where to resume.
  auto again = reg.put_chunk("t1", "tok", 0, "hello ");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.body, R"({"received":6})");
  EXPECT_EQ(reg.put_chunk("t1", "tok", 6, "world").status, 200);
  EXPECT_EQ(reg.commit("t1", "tok", "d-t1.mp4", 11, sha256_of("hello world")).status, 200);
  EXPECT_EQ(reg.committed("t1", "tok"), "d-t1.mp4");
  std::ifstream in(out.path() + "/d-t1.mp4");
  std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(text, "hello world");
}

TEST(UploadRegistry, ASupersededTokenIsRefused) {
  temp_dir out;
  upload_registry reg(out.path());
  reg.open("t1", "old");
  EXPECT_EQ(reg.put_chunk("t1", "old", 0, "late").status, 200);
  reg.open("t1", "new"); // the next attempt
  EXPECT_EQ(reg.put_chunk("t1", "old", 4, "r").status, 403);
  EXPECT_EQ(reg.commit("t1", "old", "d-t1.mp4", 4, sha256_of("late")).status, 403);
  reg.revoke("t1", "new");
  EXPECT_EQ(reg.put_chunk("t1", "new", 0, "x").status, 403);
  EXPECT_FALSE(std::filesystem::exists(out.path() + "/d-t1.mp4"));
}

TEST(UploadRegistry, AChecksumMismatchStartsTheUploadOver) {
  temp_dir out;
  upload_registry reg(out.path());
  reg.open("t1", "tok");
  EXPECT_EQ(reg.put_chunk("t1", "tok", 0, "damaged").status, 200);
  EXPECT_EQ(reg.commit("t1", "tok", "d-t1.mp4", 7, sha256_of("original")).status, 422);
  EXPECT_FALSE(std::filesystem::exists(out.path() + "/d-t1.mp4"));
  EXPECT_EQ(reg.put_chunk("t1", "tok", 0, "original").status, 200);
  EXPECT_EQ(reg.commit("t1", "tok", "d-t1.mp4", 8, sha256_of("original")).status, 200);
}

TEST(UploadRegistry, NamesThatCouldEscapeTheFolderAreRefused) {
  temp_dir out;
  upload_registry reg(out.path());
  reg.open("t1", "tok");
  EXPECT_EQ(reg.put_chunk("t1", "tok", 0, "x").status, 200);
  for (auto name : {"../d-t1.mp4", ".d-t1.mp4", "d-t1.mkv", "other.mp4", "a/d-t1.mp4"})
    EXPECT_EQ(reg.commit("t1", "tok", name, 1, sha256_of("x")).status, 400) << name;
}

TEST(ClusterAuth, ProofsDependOnSecretAndNonces) {
  auto p = cluster::worker_proof("secret-one-123456", "c", "n", "w");
  EXPECT_EQ(p, cluster::worker_proof("secret-one-123456", "c", "n", "w"));
  EXPECT_NE(p, cluster::worker_proof("secret-two-123456", "c", "n", "w"));
  EXPECT_NE(p, cluster::worker_proof("secret-one-123456", "c2", "n", "w"));
  EXPECT_NE(cluster::coordinator_proof("s", "n", "c"), cluster::worker_proof("s", "c", "n", ""));
  EXPECT_EQ(cluster::random_hex().size(), 64u);
}

} // namespace
} // namespace cutqueue::testing
