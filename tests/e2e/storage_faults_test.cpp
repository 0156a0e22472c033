// Storage faults through the real binary: a full data folder (500, never a false 200, and
// recovery without a restart), a read-only data or store folder, corrupted and foreign RocksDB
// files (a clear message, a non-zero exit and the files left as they were), and a full output
// folder (the task fails clearly and nothing half-written is published). Needs root for the
// mounts: skipped without it, unless CI is set (CI runs as root), where it fails.
#include "tests/e2e/e2e_support.hpp"
#include "tests/e2e/foreign_rocksdb.hpp"
#include "tests/e2e/scratch_mount.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace cutqueue::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* draft_id = "20261128000000faults01";
const json submission_failed = {{"detail", "Video generation task submission failed"}};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

/// Every file of a folder with its bytes: "untouched" means this is equal before and after.
std::map<std::string, std::string> snapshot(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::directory_iterator(dir))
    files[e.path().filename().string()] = read_file(e.path().string());
  return files;
}

std::string file_names(const std::string& dir) {
  std::string names;
  for (const auto& e : fs::directory_iterator(dir))
    names += e.path().filename().string() + " ";
  return names;
}

/// Names of the files added, removed or changed between two snapshots ("" when none).
std::string changed_files(const std::map<std::string, std::string>& before,
                          const std::map<std::string, std::string>& after) {
  std::string out;
  for (const auto& [name, bytes] : before) {
    auto it = after.find(name);
    if (it == after.end())
      out += "-" + name + " ";
    else if (it->second != bytes)
      out += "~" + name + " ";
  }
  for (const auto& [name, bytes] : after)
    if (!before.count(name))
      out += "+" + name + " ";
  return out;
}

class StorageFaults : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    drafts_ = new temp_dir{"cutqueue-faults-drafts"};
    ASSERT_TRUE(write_color_draft(drafts_->path(), draft_id, {{"cyan", 1.0, 550}}));
  }
  static void TearDownTestSuite() {
    delete drafts_;
    drafts_ = nullptr;
  }

  /// A draft whose files never arrive: its task stays put while the test works on the store.
  std::string stuck_url(const std::string& tag) const {
    return drafts.draft_url(draft_id, "delay_ms=600000&tag=" + tag);
  }

  /// Runs a server on `data_dir` once so it holds a real cutqueue store with one task, and
  /// stops it cleanly.
  void make_store(const std::string& data_dir) {
    cutqueue_server srv{logs.path(), {"--data-dir", data_dir}};
    ASSERT_EQ(submit(srv, stuck_url("seed")).status, 200);
    srv.process().signal(SIGTERM);
    auto code = srv.process().wait(20s);
    ASSERT_TRUE(code && *code == 0) << srv.log_text();
  }

  /// Starts `cutqueue serve` expecting it to refuse; returns its log after checking that it
  /// exited non-zero (cutqueue_server would wait for /healthz instead).
  std::string expect_start_failure(const std::string& data_dir, const std::string& name) {
    auto log = logs.path() + "/" + name + ".log";
    child_process proc{{CUTQUEUE_BINARY, "serve", "--port", "0", "--data-dir", data_dir}, {}, log};
    auto code = proc.wait(30s);
    EXPECT_TRUE(code) << "still running 30 s after start on a broken data folder";
    if (code) {
      EXPECT_NE(*code, 0) << read_file(log);
    }
    return read_file(log);
  }

  static temp_dir* drafts_;
  temp_dir logs{"cutqueue-faults-logs"}; // server logs stay off the broken filesystems
  fixture_server drafts{{drafts_->path()}};
};

temp_dir* StorageFaults::drafts_ = nullptr;

TEST_F(StorageFaults, FullDataFolderAnswers500AndRecoversWhenSpaceReturns) {
  if (!root_or_skip())
    return;
  // Room for RocksDB to recover once the filler is gone: its WAL plus 16 MiB (task_store).
  tmpfs_mount disk{"48m"};
  ASSERT_TRUE(disk.mounted()) << disk.error();
  cutqueue_server srv{logs.path(),
                      {"--data-dir", disk.sub("data"), "--max-concurrent-exports", "1"}};
  std::map<std::string, std::string> acked; // draft_url -> created_at
  auto accept = [&](const std::string& url) {
    auto j = status_json(srv, url);
    ASSERT_TRUE(j.is_object()) << url;
    acked[url] = j["created_at"].get<std::string>();
  };
  for (int i = 0; i < 3; ++i) {
    auto url = stuck_url("before" + std::to_string(i));
    ASSERT_EQ(submit(srv, url).status, 200);
    accept(url);
  }

  disk.fill();
  // RocksDB preallocated its WAL, so acknowledged writes can still land there honestly; long
  // URLs use that room up fast. A 200 until then is a durable task (checked after the restart);
  // the first refusal must be the contract's 500.
  const std::string pad(1700, 'p');
  http_response refused;
  for (int i = 0; i < 20000 && refused.status == 0; ++i) {
    auto url =
        drafts.draft_url(draft_id, "delay_ms=600000&full=" + std::to_string(i) + "&pad=" + pad);
    auto r = submit(srv, url);
    if (r.status == 200)
      accept(url);
    else
      refused = r;
  }
  ASSERT_EQ(refused.status, 500) << refused.body << " / " << refused.error;
  EXPECT_EQ(json::parse(refused.body, nullptr, false), submission_failed) << refused.body;
  const size_t acked_while_full = acked.size() - 3;
  // Once refused, never a 200 while the disk stays full; status queries still answer.
  for (int i = 0; i < 5; ++i) {
    auto r = submit(srv, stuck_url("full-again" + std::to_string(i)));
    EXPECT_EQ(r.status, 500) << r.body;
    EXPECT_EQ(json::parse(r.body, nullptr, false), submission_failed) << r.body;
  }
  EXPECT_TRUE(status_json(srv, stuck_url("before0")).is_object());

  fs::remove(disk.sub("filler"));
  // The store retries its reopen every 0.5 s; no restart.
  const auto first_after = stuck_url("after0");
  ASSERT_TRUE(wait_until([&] { return submit(srv, first_after).status == 200; }, 30s, 100ms))
      << "submissions did not recover after the filler was removed; log:\n"
      << srv.log_text();
  accept(first_after);
  for (int i = 1; i < 5; ++i) {
    auto url = stuck_url("after" + std::to_string(i));
    ASSERT_EQ(submit(srv, url).status, 200) << url;
    accept(url);
  }

  // Everything acknowledged, before, during and after the fault, survives a crash.
  srv.process().signal(SIGKILL);
  ASSERT_TRUE(srv.process().wait(10s));
  srv.restart();
  size_t missing = 0;
  for (const auto& [url, created_at] : acked) {
    auto j = status_json(srv, url);
    if (!j.is_object() || j["created_at"] != created_at) {
      ++missing;
      ADD_FAILURE() << "lost or changed after the restart: " << url.substr(0, 120) << " "
                    << j.dump();
    }
  }
  EXPECT_EQ(missing, 0u);
  std::printf("[storage-faults] %zu tasks acknowledged (%zu of them into preallocated WAL room "
              "after the disk filled), all present after kill -9\n",
              acked.size(), acked_while_full);
}

TEST_F(StorageFaults, ReadOnlyDataFolderRefusesToStart) {
  if (!root_or_skip())
    return;
  tmpfs_mount disk{"16m"};
  ASSERT_TRUE(disk.mounted()) << disk.error();
  const auto data = disk.sub("data");
  make_store(data);
  ASSERT_TRUE(disk.remount_read_only()) << disk.error();
  auto log = expect_start_failure(data, "read-only-data");
  EXPECT_NE(log.find("Read-only file system"), std::string::npos) << log;
  EXPECT_NE(log.find(data), std::string::npos) << log;
}

TEST_F(StorageFaults, ReadOnlyStoreFolderRefusesToStart) {
  if (!root_or_skip())
    return;
  temp_dir data{"cutqueue-faults-data"};
  make_store(data.path());
  read_only_bind ro{data.path() + "/db"};
  ASSERT_TRUE(ro.ok()) << ro.error();
  auto log = expect_start_failure(data.path(), "read-only-db");
  EXPECT_NE(log.find("data folder " + data.path() + "/db is not writable"), std::string::npos)
      << log;
}

TEST_F(StorageFaults, GarbageInCurrentRefusesToStartAndLeavesTheFiles) {
  if (!root_or_skip())
    return;
  temp_dir data{"cutqueue-faults-data"};
  make_store(data.path());
  const auto db = data.path() + "/db";
  std::ofstream(db + "/CURRENT", std::ios::trunc) << "\x01garbage, not a MANIFEST name";
  const auto before = snapshot(db);
  auto log = expect_start_failure(data.path(), "garbage-current");
  EXPECT_NE(log.find("data folder " + db + " holds a corrupted store"), std::string::npos) << log;
  EXPECT_EQ(changed_files(before, snapshot(db)), "");
}

TEST_F(StorageFaults, GarbageInManifestRefusesToStartAndLeavesTheFiles) {
  if (!root_or_skip())
    return;
  temp_dir data{"cutqueue-faults-data"};
  make_store(data.path());
  const auto db = data.path() + "/db";
  size_t manifests = 0;
  for (const auto& e : fs::directory_iterator(db))
    if (e.path().filename().string().rfind("MANIFEST-", 0) == 0) {
      std::ofstream(e.path(), std::ios::trunc) << std::string(4096, '\x5a');
      ++manifests;
    }
  ASSERT_GT(manifests, 0u) << file_names(db);
  const auto before = snapshot(db);
  auto log = expect_start_failure(data.path(), "garbage-manifest");
  EXPECT_NE(log.find("data folder " + db + " holds a corrupted store"), std::string::npos) << log;
  EXPECT_EQ(changed_files(before, snapshot(db)), "");
}

TEST_F(StorageFaults, ForeignRocksdbRefusesToStartAndLeavesTheFiles) {
  if (!root_or_skip())
    return;
  temp_dir data{"cutqueue-faults-data"};
  const auto db = data.path() + "/db";
  std::string error;
  ASSERT_TRUE(make_foreign_rocksdb(db, error)) << error;
  const auto before = snapshot(db);
  auto log = expect_start_failure(data.path(), "foreign");
  EXPECT_NE(
      log.find("data folder " + db + " holds a RocksDB database that is not a cutqueue store"),
      std::string::npos)
      << log;
  EXPECT_EQ(changed_files(before, snapshot(db)), "");
}

TEST_F(StorageFaults, SweepKeepsTheVideoWhileItCannotEraseTheRecord) {
  if (!root_or_skip())
    return;
  tmpfs_mount disk{"48m"};
  ASSERT_TRUE(disk.mounted()) << disk.error();
  temp_dir outputs{"cutqueue-faults-sweep-out"}; // videos stay on a healthy disk
  // Retention 10 s: a sweep every 2.5 s, and time to break the store before the task expires.
  cutqueue_server srv{logs.path(),
                      {"--data-dir", disk.sub("data"), "--output-dir", outputs.path(),
                       "--retention", "10s", "--max-concurrent-exports", "1"}};
  const auto url = drafts.draft_url(draft_id, "case=sweep");
  ASSERT_EQ(submit(srv, url).status, 200);
  auto done = wait_terminal(srv, url);
  ASSERT_EQ(done["status"], "completed") << done.dump();
  const auto video_url = done["video_url"].get<std::string>();
  ASSERT_EQ(http_get(video_url).status, 200);

  // A full disk, and submissions until one is refused: from then on every write fails,
  // the sweep's erase included.
  disk.fill();
  const std::string pad(1700, 'p');
  int status = 200;
  for (int i = 0; i < 20000 && status == 200; ++i)
    status = submit(srv, drafts.draft_url(draft_id, "delay_ms=600000&sweep=" + std::to_string(i) +
                                                        "&pad=" + pad))
                 .status;
  ASSERT_EQ(status, 500);

  ASSERT_TRUE(wait_until(
      [&] {
        return srv.log_text().find("retention sweep: cannot remove " + url) != std::string::npos;
      },
      30s, 200ms))
      << srv.log_text();
  // The record is still there, so its video must be too: never a video_url pointing at nothing.
  auto kept = status_json(srv, url);
  EXPECT_EQ(kept["status"], "completed") << kept.dump();
  EXPECT_EQ(kept["video_url"], video_url);
  EXPECT_EQ(http_get(video_url).status, 200);

  // Once there is room again, the next sweeps remove both.
  fs::remove(disk.sub("filler"));
  EXPECT_TRUE(wait_until([&] { return query(srv, url).status == 404; }, 30s, 200ms))
      << srv.log_text();
  EXPECT_TRUE(wait_until([&] { return http_get(video_url).status == 404; }, 10s, 200ms));
}

TEST_F(StorageFaults, FullOutputFolderFailsTheTaskClearlyAndPublishesNothing) {
  if (!root_or_skip())
    return;
  tmpfs_mount out{"1m"};
  ASSERT_TRUE(out.mounted()) << out.error();
  temp_dir data{"cutqueue-faults-data"};
  const auto outputs = out.sub("outputs");
  cutqueue_server srv{data.path(), {"--output-dir", outputs}};
  out.fill(); // beside outputs/, so the listing below shows only what cutqueue left there

  const auto url = drafts.draft_url(draft_id, "case=full-output");
  ASSERT_EQ(submit(srv, url).status, 200);
  auto j = wait_terminal(srv, url);
  ASSERT_EQ(j["status"], "failed") << j.dump();
  const auto why = j["error_message"].get<std::string>();
  EXPECT_EQ(why.rfind("Encoding failed: ", 0), 0u) << why;
  EXPECT_NE(why.find("No space left on device"), std::string::npos) << why;
  EXPECT_EQ(j["video_url"], "");
  EXPECT_TRUE(fs::is_empty(outputs)) << "half-written output left: " << file_names(outputs);

  // The server keeps working: once there is room, new tasks and a re-export both complete.
  fs::remove(out.sub("filler"));
  const auto other = drafts.draft_url(draft_id, "case=after-full-output");
  ASSERT_EQ(submit(srv, other).status, 200);
  ASSERT_EQ(submit(srv, url).status, 200);
  temp_dir scratch{"cutqueue-faults-out"};
  for (const auto& u : {other, url}) {
    auto done = wait_terminal(srv, u);
    ASSERT_EQ(done["status"], "completed") << done.dump();
    auto file = download(done["video_url"].get<std::string>(), scratch.path());
    ASSERT_FALSE(file.empty());
    auto info = probe(file);
    ASSERT_TRUE(info);
    EXPECT_NEAR(info->duration, 1.0, 0.15);
  }
}

} // namespace
} // namespace cutqueue::testing
