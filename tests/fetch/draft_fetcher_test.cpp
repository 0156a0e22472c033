// fetch_draft against the fixture server over drafts generated at test time: every draft
// arrives byte for byte, and each failure of get_draft or of a file ends in api.md's text.
#include "fetch/draft_fetcher.hpp"
#include "tests/fetch/fetcher_test_support.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cctype>
#include <cstdio>
#include <future>
#include <mutex>

namespace {

namespace fs = std::filesystem;
using namespace cutqueue::testing;
using namespace std::chrono_literals;
using cutqueue::cancel_reason;
using cutqueue::cancel_token;
using cutqueue::fetch::fetch_config;
using cutqueue::fetch::fetch_draft;
using cutqueue::fetch::fetch_outcome;
using cutqueue::fetch::fetched_draft;

class draft_fetcher_test : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(drafts_.root.empty());
    server_ = std::make_unique<fixture_server>(std::vector<std::string>{drafts_.root});
    ASSERT_NE(server_->port(), 0);
    basic_id_ = drafts_.basic_id;
  }

  fetch_outcome fetch(const std::string& draft_url, const fetch_config& cfg = fast_fetch_config()) {
    return fetch_draft(draft_url, dest(), cfg, nullptr, never_, out_);
  }

  std::string dest() const { return (fs::path(work_.path()) / "draft").string(); }

  /// Prefix of the URLs the server lists for a file of basic_video.
  std::string basic_file_url(const std::string& rel) const {
    return server_->base_url() + "/output/draft/" + basic_id_ + "/" + rel;
  }

  const test_drafts& drafts_ = generated_drafts();
  std::unique_ptr<fixture_server> server_;
  std::string basic_id_;
  temp_dir work_{"fetcher-test"};
  cancel_token never_;
  fetched_draft out_;
};

/// Files below `dir` whose name ends in ".part": left-overs of an interrupted download.
std::vector<std::string> part_files(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec))
    if (it->path().extension() == ".part")
      out.push_back(it->path().string());
  return out;
}

TEST_F(draft_fetcher_test, every_draft_arrives_byte_identical) {
  for (const auto& id : drafts_.ids()) {
    SCOPED_TRACE(id);
    temp_dir work("fetch-" + id);
    std::vector<double> reported;
    std::mutex m;
    fetched_draft got;
    auto r = fetch_draft(
        server_->draft_url(id), work.path(), fast_fetch_config(),
        [&](double f) {
          std::lock_guard<std::mutex> lock(m);
          reported.push_back(f);
        },
        never_, got);
    ASSERT_TRUE(r.ok) << r.error_message;
    EXPECT_EQ(got.draft_id, id);
    EXPECT_EQ(got.dir, work.path());

    int compared = 0;
    fs::path src = drafts_.dir(id);
    for (const auto& entry : fs::recursive_directory_iterator(src)) {
      if (!entry.is_regular_file())
        continue;
      auto rel = fs::relative(entry.path(), src).generic_string();
      fs::path local = fs::path(work.path()) / rel;
      if (rel == "draft_info.json") {
        // Skipped on purpose: a copy of draft_content.json.
        EXPECT_FALSE(fs::exists(local)) << rel;
        continue;
      }
      ASSERT_TRUE(fs::is_regular_file(local)) << rel;
      EXPECT_TRUE(read_file(local) == read_file(entry.path())) << rel << " differs";
      ++compared;
    }
    EXPECT_GE(compared, 6) << "4 template files, draft_content.json, at least one asset";
    EXPECT_TRUE(part_files(work.path()).empty());
    ASSERT_FALSE(reported.empty());
    for (size_t i = 1; i < reported.size(); ++i)
      EXPECT_LE(reported[i - 1], reported[i]) << "progress went down at call " << i;
    EXPECT_GE(reported.front(), 0.0);
    EXPECT_DOUBLE_EQ(reported.back(), 1.0);
  }
}

TEST_F(draft_fetcher_test, unknown_draft_does_not_exist) {
  auto r = fetch(server_->draft_url("20990101000000deadbeef"));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error_message, "Draft does not exist");
}

TEST_F(draft_fetcher_test, nonzero_code_means_draft_does_not_exist) {
  auto r = fetch(server_->draft_url(basic_id_, "code=1001"));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error_message, "Draft does not exist");
}

TEST_F(draft_fetcher_test, http_404_means_draft_does_not_exist) {
  auto r = fetch(server_->draft_url(basic_id_, "status=404"));
  EXPECT_EQ(r.error_message, "Draft does not exist");
  EXPECT_EQ(server_->request_count("/openapi/"), 1) << "a 404 is not retried";
}

TEST_F(draft_fetcher_test, get_draft_forbidden_is_material_inaccessible) {
  auto url = server_->draft_url(basic_id_, "status=403");
  auto r = fetch(url);
  EXPECT_EQ(r.error_message, "Material inaccessible: " + url + " (HTTP 403)");
}

TEST_F(draft_fetcher_test, missing_draft_content_means_draft_does_not_exist) {
  auto r = fetch(server_->draft_url(basic_id_, "omit=draft_content.json"));
  EXPECT_EQ(r.error_message, "Draft does not exist");
  EXPECT_EQ(server_->request_count("/output/"), 0) << "nothing downloaded for a non-draft";
}

TEST_F(draft_fetcher_test, body_that_is_not_get_draft_json_is_reported) {
  // /files/ serves an MP4: a "get_draft" answer that is no JSON at all.
  auto url = server_->base_url() + "/files/" + basic_id_ +
             "/assets/videos/clip0_red.mp4?draft_id=" + basic_id_;
  auto r = fetch(url);
  EXPECT_EQ(r.error_message, "Material inaccessible: " + url + " (invalid get_draft response)");
}

TEST_F(draft_fetcher_test, unreachable_get_draft_reports_the_network_error_after_retries) {
  refused_port closed;
  auto url = "http://127.0.0.1:" + std::to_string(closed.port()) +
             "/openapi/capcut-mate/v1/get_draft?draft_id=" + basic_id_;
  auto cfg = fast_fetch_config();
  cfg.max_download_tries = 2;
  auto r = fetch(url, cfg);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error_message.rfind("Material inaccessible: " + url + " (", 0), 0u)
      << r.error_message;
  EXPECT_NE(r.error_message.find("; tried 2 times)"), std::string::npos) << r.error_message;
}

TEST_F(draft_fetcher_test, file_forbidden_is_material_inaccessible_with_its_url) {
  auto cfg = fast_fetch_config();
  cfg.download_parallelism = 1; // files go in listing order: the first one fails
  auto r = fetch(server_->draft_url(basic_id_, "file_status=403"), cfg);
  auto first = basic_file_url("assets/videos/clip0_red.mp4?file_status=403");
  EXPECT_EQ(r.error_message, "Material inaccessible: " + first + " (HTTP 403)");
  EXPECT_EQ(server_->request_count("/output/"), 1) << "a 403 is neither retried nor continued";
}

TEST_F(draft_fetcher_test, transient_failures_are_retried_until_success) {
  auto r = fetch(server_->draft_url(basic_id_, "fail_times=2"));
  ASSERT_TRUE(r.ok) << r.error_message;
  // 8 files (draft_info.json skipped), each: two 503s and one success.
  EXPECT_EQ(server_->request_count("/output/draft/" + basic_id_ + "/"), 8 * 3);
  EXPECT_EQ(server_->request_count("/output/draft/" + basic_id_ + "/draft_info.json"), 0);
  EXPECT_EQ(read_file(fs::path(dest()) / "draft_content.json"),
            read_file(fs::path(drafts_.dir(basic_id_)) / "draft_content.json"));
}

TEST_F(draft_fetcher_test, gives_up_after_max_tries_with_a_clear_message) {
  auto cfg = fast_fetch_config();
  cfg.download_parallelism = 1;
  auto r = fetch(server_->draft_url(basic_id_, "fail_times=10"), cfg);
  auto first = basic_file_url("assets/videos/clip0_red.mp4?fail_times=10");
  EXPECT_EQ(r.error_message, "Material inaccessible: " + first + " (HTTP 503; tried 3 times)");
  EXPECT_EQ(server_->request_count("/output/"), 3);
  EXPECT_TRUE(part_files(dest()).empty());
}

TEST_F(draft_fetcher_test, retry_after_is_honoured) {
  auto cfg = fast_fetch_config();
  cfg.download_parallelism = 8; // all files at once: the whole fetch is one wait long
  auto started = std::chrono::steady_clock::now();
  auto r = fetch(server_->draft_url(basic_id_, "fail_times=1&retry_after=1"), cfg);
  auto elapsed = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(r.ok) << r.error_message;
  // Our own first backoff is 0.5 s: only Retry-After explains a wait of a whole second.
  EXPECT_GE(elapsed, 1s);
  EXPECT_LT(elapsed, 5s);
  EXPECT_EQ(server_->request_count("/output/"), 8 * 2);
}

TEST_F(draft_fetcher_test, stalled_transfer_times_out) {
  auto cfg = fast_fetch_config();
  cfg.read_timeout = 1s;
  cfg.max_download_tries = 1;
  cfg.download_parallelism = 1;
  auto started = std::chrono::steady_clock::now();
  auto r = fetch(server_->draft_url(basic_id_, "delay_ms=10000"), cfg);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  auto first = basic_file_url("assets/videos/clip0_red.mp4?delay_ms=10000");
  EXPECT_EQ(r.error_message.rfind("Material inaccessible: " + first + " (", 0), 0u)
      << r.error_message;
}

TEST_F(draft_fetcher_test, cancellation_stops_a_slow_download_promptly) {
  // 4000 B/s: each video (several kB) takes seconds.
  cancel_token cancel;
  std::atomic<bool> moving{false};
  auto url = server_->draft_url(basic_id_, "rate=4000");
  auto pending = std::async(std::launch::async, [&] {
    fetched_draft got;
    return fetch_draft(
        url, dest(), fast_fetch_config(), [&](double) { moving = true; }, cancel, got);
  });
  ASSERT_TRUE(wait_until([&] { return moving.load(); }, 10s)) << "no byte arrived";
  auto cancelled_at = std::chrono::steady_clock::now();
  cancel.cancel(cancel_reason::timeout);
  ASSERT_EQ(pending.wait_for(5s), std::future_status::ready);
  EXPECT_LT(std::chrono::steady_clock::now() - cancelled_at, 1500ms);
  auto r = pending.get();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error_message, "Processing timeout");
  EXPECT_TRUE(part_files(dest()).empty());
}

TEST_F(draft_fetcher_test, cancellation_interrupts_a_retry_wait) {
  cancel_token cancel;
  auto url = server_->draft_url(basic_id_, "fail_times=1&retry_after=20");
  auto pending = std::async(std::launch::async, [&] {
    fetched_draft got;
    return fetch_draft(url, dest(), fast_fetch_config(), nullptr, cancel, got);
  });
  ASSERT_TRUE(wait_until([&] { return server_->request_count("/output/") >= 1; }, 10s));
  auto cancelled_at = std::chrono::steady_clock::now();
  cancel.cancel(cancel_reason::shutdown);
  ASSERT_EQ(pending.wait_for(5s), std::future_status::ready);
  EXPECT_LT(std::chrono::steady_clock::now() - cancelled_at, 1s);
  EXPECT_FALSE(pending.get().ok);
}

/// `text` as a query value: everything but letters and digits percent-encoded.
std::string encoded(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    char buf[4];
    std::snprintf(buf, sizeof buf, std::isalnum(c) ? "%c" : "%%%02X", c);
    out += buf;
  }
  return out;
}

TEST_F(draft_fetcher_test, redirects_are_followed_up_to_the_cap) {
  auto target = server_->draft_url(basic_id_);
  auto url = [&](int hops) {
    return server_->base_url() + "/redirect/" + std::to_string(hops) + "?draft_id=" + basic_id_ +
           "&to=" + encoded(target);
  };
  // 4 hops plus the final one: 5 redirects, the most we follow.
  auto ok = fetch(url(4));
  EXPECT_TRUE(ok.ok) << ok.error_message;
  auto too_many = fetch(url(5));
  EXPECT_FALSE(too_many.ok);
  EXPECT_EQ(too_many.error_message.rfind("Material inaccessible: " + url(5) + " (", 0), 0u)
      << too_many.error_message;
  EXPECT_EQ(server_->request_count("/redirect/"), 5 + 6) << "a redirect loop is not retried";
}

TEST_F(draft_fetcher_test, redirects_to_other_protocols_are_refused) {
  auto url = server_->base_url() + "/redirect/0?draft_id=" + basic_id_ +
             "&to=" + encoded("file:///etc/passwd");
  auto r = fetch(url);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error_message.rfind("Material inaccessible: " + url + " (", 0), 0u)
      << r.error_message;
  EXPECT_EQ(server_->request_count("/redirect/"), 1);
}

TEST_F(draft_fetcher_test, malformed_draft_url_is_refused_without_a_request) {
  auto url = server_->base_url() + "/openapi/capcut-mate/v1/get_draft";
  auto r = fetch(url);
  EXPECT_EQ(r.error_message, "Material inaccessible: " + url + " (invalid draft URL)");
  EXPECT_EQ(server_->request_count("/"), 0);
}

} // namespace
