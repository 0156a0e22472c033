// The coordinator's upload registry: chunks in order, resumption, token fencing, checksum; and
// the finished chunks of a long export a worker runs, kept and recorded on the coordinator.
#include "cluster/auth.hpp"
#include "cluster/upload_registry.hpp"
#include "tests/support/memory_ledger.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

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

TEST(UploadRegistry, ChunksOfAWorkersExportAreKeptRecordedListedAndReadBack) {
  temp_dir out, chunks;
  auto ledger = std::make_shared<memory_ledger>();
  upload_registry reg(out.path(), std::make_shared<cluster::chunk_inbox>(chunks.path(), ledger));
  reg.open("t1", "tok");
  const std::string bytes = "picture of chunk three";
  const std::string sha = sha256_of(bytes);
  const std::string record = "v1 fp " + sha + " " + std::to_string(bytes.size());
  EXPECT_EQ(reg.put_unit("t1", "tok", "v0003", 0, bytes.substr(0, 10)).status, 200);
  EXPECT_EQ(reg.put_unit("t1", "tok", "v0003", 10, bytes.substr(10)).status, 200);
  // A record that names other bytes, a file name that is not the unit's, a path: refused.
  EXPECT_EQ(
      reg.commit_unit("t1", "tok", "v0003", "v0003.ts", bytes.size(), sha, "v1 fp " + sha + " 5")
          .status,
      400);
  EXPECT_EQ(reg.commit_unit("t1", "tok", "v0003", "v0004.ts", bytes.size(), sha, record).status,
            400);
  EXPECT_EQ(reg.put_unit("t1", "tok", "../x", 0, "x").status, 400);
  EXPECT_EQ(reg.commit_unit("t1", "tok", "v0003", "v0003.ts", bytes.size(), sha, record).status,
            200);
  EXPECT_EQ(ledger->records["t1"]["v0003"], record);
  EXPECT_TRUE(std::filesystem::exists(chunks.path() + "/t1/v0003.ts"));

  auto listed = reg.list_units("t1", "tok");
  ASSERT_EQ(listed.status, 200);
  auto j = nlohmann::json::parse(listed.body);
  EXPECT_EQ(j["chunks"]["v0003"]["record"], record);
  EXPECT_EQ(j["chunks"]["v0003"]["size"], bytes.size());
  auto piece = reg.read_unit("t1", "tok", "v0003", 8, 5);
  EXPECT_EQ(piece.status, 200);
  EXPECT_TRUE(piece.bytes);
  EXPECT_EQ(piece.body, bytes.substr(8, 5));
  EXPECT_EQ(reg.read_unit("t1", "tok", "v0004", 0, 5).status, 404);

  // Damaged on the way: not kept, not recorded; sent again it is.
  EXPECT_EQ(reg.put_unit("t1", "tok", "a0001", 0, "noise").status, 200);
  EXPECT_EQ(reg.commit_unit("t1", "tok", "a0001", "a0001.pcm", 5, sha256_of("sound"),
                            "v1 fp " + sha256_of("sound") + " 5")
                .status,
            422);
  EXPECT_EQ(ledger->records["t1"].count("a0001"), 0u);

  // Another attempt's token can neither send nor read; a task that ended leaves nothing.
  reg.open("t1", "next");
  EXPECT_EQ(reg.put_unit("t1", "tok", "v0005", 0, "late").status, 403);
  EXPECT_EQ(reg.list_units("t1", "tok").status, 403);
  EXPECT_EQ(reg.read_unit("t1", "tok", "v0003", 0, 5).status, 403);
  EXPECT_EQ(reg.list_units("t1", "next").status, 200);
  reg.task_ended("t1");
  EXPECT_FALSE(std::filesystem::exists(chunks.path() + "/t1"));
  EXPECT_EQ(ledger->records.count("t1"), 0u);
}

TEST(UploadRegistry, WithoutAChunkInboxChunksAreRefused) {
  temp_dir out;
  upload_registry reg(out.path());
  reg.open("t1", "tok");
  EXPECT_EQ(reg.put_unit("t1", "tok", "v0000", 0, "x").status, 404);
  EXPECT_EQ(reg.list_units("t1", "tok").status, 404);
}

} // namespace
} // namespace cutqueue::testing
