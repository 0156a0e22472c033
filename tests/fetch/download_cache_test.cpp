// The download cache against the fixture server: a kept copy is reused only after a
// conditional GET answers 304 (by ETag, by Last-Modified), a same-size replacement is
// downloaded again, a server without validators gets no reuse, the size limit drops the least
// recently used entries, concurrent fetches of one URL download it once, and a restart adopts
// the folder.
#include "fetch/download_cache.hpp"
#include "fetch/draft_fetcher.hpp"
#include "tests/fetch/fetcher_test_support.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

namespace {

namespace fs = std::filesystem;
using namespace cutqueue::testing;
using cutqueue::cancel_token;
using cutqueue::fetch::download_cache;
using cutqueue::fetch::download_options;
using cutqueue::fetch::fetch_draft;
using cutqueue::fetch::fetched_draft;

void write_bytes(const fs::path& p, size_t n, char fill) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << std::string(n, fill);
}

/// Fixture server over a folder of generated files, served at /files/<name>.
class download_cache_test : public ::testing::Test {
protected:
  void SetUp() override {
    server_ = std::make_unique<fixture_server>(std::vector<std::string>{files_.path()});
    ASSERT_NE(server_->port(), 0);
  }

  std::string url(const std::string& name, const std::string& query = {}) const {
    return server_->base_url() + "/files/" + name + (query.empty() ? "" : "?" + query);
  }

  /// Answers that carried the body (200): downloads, as opposed to 304 revalidations.
  int bodies(const std::string& name) const { return server_->answer_count("/files/" + name, 200); }

  std::string dest(const std::string& name) const {
    return (fs::path(work_.path()) / name).string();
  }

  download_options opts() const {
    download_options o;
    o.max_tries = 2;
    o.cancel = &never_;
    return o;
  }

  temp_dir files_{"cache-files"};
  temp_dir work_{"cache-work"};
  temp_dir cache_dir_{"cache-dir"};
  std::unique_ptr<fixture_server> server_;
  cancel_token never_;
};

TEST_F(download_cache_test, second_fetch_of_a_draft_revalidates_instead_of_downloading) {
  const auto& generated = generated_drafts();
  ASSERT_FALSE(generated.root.empty());
  fixture_server drafts({generated.root});
  ASSERT_NE(drafts.port(), 0);
  const auto& id = generated.basic_id;
  auto cfg = fast_fetch_config();
  cfg.cache = download_cache::open(cache_dir_.path(), cfg.cache_max_bytes);
  ASSERT_TRUE(cfg.cache);
  cancel_token never;
  const std::string assets = "/output/draft/" + id + "/assets/";
  const std::string content = "/output/draft/" + id + "/draft_content.json";

  for (int round = 1; round <= 2; ++round) {
    SCOPED_TRACE(round);
    temp_dir work("cache-draft");
    fetched_draft out;
    auto r = fetch_draft(drafts.draft_url(id), work.path(), cfg, nullptr, never, out);
    ASSERT_TRUE(r.ok) << r.error_message;
    // Media arrive byte for byte either way.
    for (const auto& rel : draft_files(generated.dir(id))) {
      if (rel.rfind("assets/", 0) == 0) {
        EXPECT_EQ(read_file(fs::path(work.path()) / rel),
                  read_file(fs::path(generated.dir(id)) / rel))
            << rel;
      }
    }
    // One GET per video and round; the second round's were conditional and sent no body.
    EXPECT_EQ(drafts.request_count(assets, "GET"), 3 * round);
    EXPECT_EQ(drafts.answer_count(assets, 200), 3);
    EXPECT_EQ(drafts.answer_count(assets, 304), round == 1 ? 0 : 3);
    EXPECT_EQ(drafts.request_count(assets, "HEAD"), 0);
    // The draft's description is never taken from the cache: drafts change in place.
    EXPECT_EQ(drafts.request_count(content, "GET"), round);
    EXPECT_EQ(drafts.request_count("/openapi/capcut-mate/v1/get_draft"), round);
  }
  EXPECT_EQ(cfg.cache->entry_count(), 3u);
}

TEST_F(download_cache_test, an_unchanged_file_is_reused_after_a_304_by_etag_or_by_date) {
  for (const char* validators : {"both", "etag", "last_modified"}) {
    SCOPED_TRACE(validators);
    const std::string name = std::string("same-") + validators + ".bin";
    const std::string query = std::string("validators=") + validators;
    write_bytes(fs::path(files_.path()) / name, 1000, 'a');
    auto cache = download_cache::open(cache_dir_.path(), 1 << 20);
    ASSERT_TRUE(cache);
    auto first = cache->fetch(url(name, query), dest(name + "1"), opts());
    ASSERT_TRUE(first.result.ok()) << first.result.reason;
    EXPECT_FALSE(first.from_cache);
    auto second = cache->fetch(url(name, query), dest(name + "2"), opts());
    ASSERT_TRUE(second.result.ok()) << second.result.reason;
    EXPECT_TRUE(second.from_cache);
    EXPECT_EQ(read_file(dest(name + "2")), std::string(1000, 'a'));
    EXPECT_EQ(server_->answer_count("/files/" + name, 304), 1);
    EXPECT_EQ(server_->answer_count("/files/" + name, 200), 1);
  }
}

TEST_F(download_cache_test, a_same_size_replacement_is_downloaded_again) {
  // Same size and, with the mtime put back, the same Last-Modified: only the ETag (a content
  // hash, as S3 and most CDNs send) tells the copies apart. Reusing by size served the old one.
  const auto file = fs::path(files_.path()) / "swap.bin";
  write_bytes(file, 1000, 'a');
  const auto mtime = fs::last_write_time(file);
  auto cache = download_cache::open(cache_dir_.path(), 1 << 20);
  ASSERT_TRUE(cache);
  ASSERT_TRUE(cache->fetch(url("swap.bin"), dest("1"), opts()).result.ok());
  write_bytes(file, 1000, 'b');
  fs::last_write_time(file, mtime);
  auto replaced = cache->fetch(url("swap.bin"), dest("2"), opts());
  ASSERT_TRUE(replaced.result.ok()) << replaced.result.reason;
  EXPECT_FALSE(replaced.from_cache);
  EXPECT_EQ(read_file(dest("2")), std::string(1000, 'b'));
  // The new copy is the one kept: the next fetch reuses it.
  auto again = cache->fetch(url("swap.bin"), dest("3"), opts());
  EXPECT_TRUE(again.from_cache);
  EXPECT_EQ(read_file(dest("3")), std::string(1000, 'b'));
  // Earlier links keep what they received: the cache replaced its file, it did not rewrite it.
  EXPECT_EQ(read_file(dest("1")), std::string(1000, 'a'));
}

TEST_F(download_cache_test, a_newer_date_replaces_a_copy_known_only_by_its_date) {
  const auto file = fs::path(files_.path()) / "dated.bin";
  write_bytes(file, 1000, 'a');
  fs::last_write_time(file, fs::last_write_time(file) - std::chrono::hours(1));
  auto cache = download_cache::open(cache_dir_.path(), 1 << 20);
  ASSERT_TRUE(cache);
  ASSERT_TRUE(
      cache->fetch(url("dated.bin", "validators=last_modified"), dest("1"), opts()).result.ok());
  write_bytes(file, 1000, 'b'); // same size, mtime now
  auto replaced = cache->fetch(url("dated.bin", "validators=last_modified"), dest("2"), opts());
  ASSERT_TRUE(replaced.result.ok()) << replaced.result.reason;
  EXPECT_FALSE(replaced.from_cache);
  EXPECT_EQ(read_file(dest("2")), std::string(1000, 'b'));
}

TEST_F(download_cache_test, a_server_without_validators_gets_no_reuse) {
  write_bytes(fs::path(files_.path()) / "plain.bin", 1000, 'p');
  auto cache = download_cache::open(cache_dir_.path(), 1 << 20);
  ASSERT_TRUE(cache);
  for (int i = 1; i <= 2; ++i) {
    auto r = cache->fetch(url("plain.bin", "validators=none"), dest(std::to_string(i)), opts());
    ASSERT_TRUE(r.result.ok()) << r.result.reason;
    EXPECT_FALSE(r.from_cache);
    EXPECT_EQ(read_file(dest(std::to_string(i))), std::string(1000, 'p'));
  }
  EXPECT_EQ(server_->answer_count("/files/plain.bin", 200), 2);
  EXPECT_EQ(server_->answer_count("/files/plain.bin", 304), 0);
  EXPECT_EQ(cache->entry_count(), 0u) << "nothing to revalidate against: not kept";
}

TEST_F(download_cache_test, a_changed_size_means_a_new_download) {
  write_bytes(fs::path(files_.path()) / "a.bin", 1000, 'a');
  auto cache = download_cache::open(cache_dir_.path(), 1 << 20);
  ASSERT_TRUE(cache);

  auto first = cache->fetch(url("a.bin"), dest("1"), opts());
  ASSERT_TRUE(first.result.ok()) << first.result.reason;
  EXPECT_FALSE(first.from_cache);
  write_bytes(fs::path(files_.path()) / "a.bin", 1500, 'b');
  auto changed = cache->fetch(url("a.bin"), dest("3"), opts());
  ASSERT_TRUE(changed.result.ok()) << changed.result.reason;
  EXPECT_FALSE(changed.from_cache);
  EXPECT_EQ(read_file(dest("3")), std::string(1500, 'b'));
  EXPECT_EQ(bodies("a.bin"), 2);
  EXPECT_EQ(cache->total_bytes(), 1500u);
}

TEST_F(download_cache_test, a_vanished_file_is_an_error_not_a_stale_hit) {
  write_bytes(fs::path(files_.path()) / "gone.bin", 100, 'g');
  auto cache = download_cache::open(cache_dir_.path(), 1 << 20);
  ASSERT_TRUE(cache);
  ASSERT_TRUE(cache->fetch(url("gone.bin"), dest("1"), opts()).result.ok());
  fs::remove(fs::path(files_.path()) / "gone.bin");
  auto r = cache->fetch(url("gone.bin"), dest("2"), opts());
  EXPECT_FALSE(r.result.ok());
  EXPECT_EQ(r.result.http_code, 404);
  EXPECT_FALSE(fs::exists(dest("2")));
}

TEST_F(download_cache_test, the_size_limit_drops_least_recently_used_entries) {
  for (const char* n : {"a", "b", "c"})
    write_bytes(fs::path(files_.path()) / n, 1000, n[0]);
  write_bytes(fs::path(files_.path()) / "huge", 3000, 'h');
  auto cache = download_cache::open(cache_dir_.path(), 2500);
  ASSERT_TRUE(cache);

  ASSERT_TRUE(cache->fetch(url("a"), dest("a1"), opts()).result.ok());
  ASSERT_TRUE(cache->fetch(url("b"), dest("b1"), opts()).result.ok());
  // Using a again makes b the least recently used ...
  ASSERT_TRUE(cache->fetch(url("a"), dest("a2"), opts()).from_cache);
  // ... so c pushes b out, not a.
  ASSERT_TRUE(cache->fetch(url("c"), dest("c1"), opts()).result.ok());
  EXPECT_TRUE(cache->contains(url("a")));
  EXPECT_FALSE(cache->contains(url("b")));
  EXPECT_TRUE(cache->contains(url("c")));
  EXPECT_EQ(cache->total_bytes(), 2000u);
  EXPECT_EQ(cache->entry_count(), 2u);

  // b downloads again; a larger-than-limit file is delivered but never kept.
  ASSERT_FALSE(cache->fetch(url("b"), dest("b2"), opts()).from_cache);
  EXPECT_EQ(bodies("b"), 2);
  auto huge = cache->fetch(url("huge"), dest("h1"), opts());
  ASSERT_TRUE(huge.result.ok()) << huge.result.reason;
  EXPECT_EQ(read_file(dest("h1")), std::string(3000, 'h'));
  EXPECT_FALSE(cache->contains(url("huge")));
  EXPECT_LE(cache->total_bytes(), 2500u);
  // The folder holds exactly what the index says.
  uint64_t on_disk = 0;
  for (const auto& e : fs::directory_iterator(cache_dir_.path()))
    if (e.path().extension() == ".data")
      on_disk += fs::file_size(e.path());
  EXPECT_EQ(on_disk, cache->total_bytes());
}

TEST_F(download_cache_test, concurrent_fetches_of_one_url_download_it_once) {
  write_bytes(fs::path(files_.path()) / "shared.bin", 200000, 's');
  for (int i = 0; i < 6; ++i)
    write_bytes(fs::path(files_.path()) / ("own" + std::to_string(i)), 50000,
                static_cast<char>('0' + i));
  // Room for three of the distinct files: evictions happen while others are being linked.
  auto cache = download_cache::open(cache_dir_.path(), 200000 + 3 * 50000);
  ASSERT_TRUE(cache);

  constexpr int threads = 6;
  std::vector<std::thread> pool;
  std::vector<int> ok(2 * threads, 0); // not vector<bool>: threads write neighbours
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      // delay_ms keeps the first download in flight while the others arrive.
      auto s = cache->fetch(url("shared.bin", "delay_ms=100"), dest("shared" + std::to_string(t)),
                            opts());
      auto own = "own" + std::to_string(t);
      auto o = cache->fetch(url(own), dest(own), opts());
      ok[2 * t] = s.result.ok();
      ok[2 * t + 1] = o.result.ok();
    });
  for (auto& th : pool)
    th.join();
  for (int t = 0; t < threads; ++t) {
    SCOPED_TRACE(t);
    EXPECT_TRUE(ok[2 * t] && ok[2 * t + 1]);
    EXPECT_EQ(read_file(dest("shared" + std::to_string(t))), std::string(200000, 's'));
    EXPECT_EQ(read_file(dest("own" + std::to_string(t))),
              std::string(50000, static_cast<char>('0' + t)));
  }
  EXPECT_EQ(bodies("shared.bin"), 1);
  EXPECT_EQ(server_->answer_count("/files/shared.bin", 304), threads - 1);
  EXPECT_LE(cache->total_bytes(), 200000u + 3 * 50000);
  EXPECT_TRUE(fs::is_empty(fs::path(cache_dir_.path()) / "tmp"));
}

TEST_F(download_cache_test, a_restart_adopts_complete_entries_and_drops_the_rest) {
  write_bytes(fs::path(files_.path()) / "kept.bin", 4000, 'k');
  auto first = download_cache::open(cache_dir_.path(), 1 << 20);
  ASSERT_TRUE(first);
  ASSERT_TRUE(first->fetch(url("kept.bin"), dest("1"), opts()).result.ok());

  // A copy of the folder stands for the next process's view of it.
  temp_dir next_run("cache-next");
  fs::copy(cache_dir_.path(), next_run.path(), fs::copy_options::recursive);
  write_bytes(fs::path(next_run.path()) / "0123456789abcdef.data", 10, 'x'); // no sidecar
  // An entry of the size-checked cache before validators: a .url sidecar, nothing to
  // revalidate with.
  write_bytes(fs::path(next_run.path()) / "fedcba9876543210.data", 10, 'o');
  std::ofstream(fs::path(next_run.path()) / "fedcba9876543210.url") << url("old.bin");
  write_bytes(fs::path(next_run.path()) / "tmp" / "half-1.part", 10, 'x'); // download in flight
  auto second = download_cache::open(next_run.path(), 1 << 20);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->entry_count(), 1u);
  EXPECT_EQ(second->total_bytes(), 4000u);
  EXPECT_FALSE(fs::exists(fs::path(next_run.path()) / "0123456789abcdef.data"));
  EXPECT_FALSE(fs::exists(fs::path(next_run.path()) / "fedcba9876543210.data"));
  EXPECT_FALSE(fs::exists(fs::path(next_run.path()) / "fedcba9876543210.url"));
  EXPECT_TRUE(fs::is_empty(fs::path(next_run.path()) / "tmp"));
  auto r = second->fetch(url("kept.bin"), dest("2"), opts());
  ASSERT_TRUE(r.result.ok()) << r.result.reason;
  EXPECT_TRUE(r.from_cache);
  EXPECT_EQ(bodies("kept.bin"), 1);
}

} // namespace
