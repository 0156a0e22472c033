#include "storage/task_record.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace cutqueue::storage {
namespace {

using test::sample;

TEST(task_record, status_strings_round_trip) {
  for (auto s : {task_status::pending, task_status::processing, task_status::completed,
                 task_status::failed}) {
    auto parsed = parse_task_status(to_string(s));
    ASSERT_TRUE(parsed.has_value()) << to_string(s);
    EXPECT_EQ(*parsed, s);
  }
  EXPECT_STREQ(to_string(task_status::processing), "processing");
  EXPECT_FALSE(parse_task_status("Pending"));
  EXPECT_FALSE(parse_task_status(""));
  EXPECT_FALSE(parse_task_status("done"));
}

TEST(task_record, equality_looks_at_every_field) {
  task_record a = sample("http://h/d?draft_id=1", task_status::completed, 7);
  EXPECT_EQ(a, a);
  auto differs = [&](auto mutate) {
    task_record b = a;
    mutate(b);
    return !(a == b);
  };
  EXPECT_TRUE(differs([](task_record& r) { r.draft_url += "x"; }));
  EXPECT_TRUE(differs([](task_record& r) { r.status = task_status::failed; }));
  EXPECT_TRUE(differs([](task_record& r) { r.progress = 99; }));
  EXPECT_TRUE(differs([](task_record& r) { r.video_url.clear(); }));
  EXPECT_TRUE(differs([](task_record& r) { r.error_message = "e"; }));
  EXPECT_TRUE(differs([](task_record& r) { r.created_at_ms++; }));
  EXPECT_TRUE(differs([](task_record& r) { r.started_at_ms++; }));
  EXPECT_TRUE(differs([](task_record& r) { r.completed_at_ms++; }));
  EXPECT_TRUE(differs([](task_record& r) { r.attempt++; }));
  EXPECT_TRUE(differs([](task_record& r) { r.seq++; }));
  EXPECT_TRUE(differs([](task_record& r) { r.task_id += "x"; }));
  EXPECT_TRUE(differs([](task_record& r) { r.output_file += "x"; }));
}

TEST(task_record, encode_decode_round_trip_in_every_state) {
  for (auto s : {task_status::pending, task_status::processing, task_status::completed,
                 task_status::failed}) {
    task_record r = sample("https://example.com/get_draft?draft_id=\"q\"&x=ü", s, 123);
    auto back = decode(encode(r));
    ASSERT_TRUE(back.has_value()) << encode(r);
    EXPECT_EQ(*back, r);
  }
}

TEST(task_record, round_trips_extreme_numbers) {
  task_record r = sample("u", task_status::failed, UINT64_MAX);
  r.attempt = UINT32_MAX;
  r.created_at_ms = INT64_MIN;
  r.started_at_ms = INT64_MAX;
  r.progress = 100;
  auto back = decode(encode(r));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, r);
}

TEST(task_record, decode_rejects_garbage) {
  for (const char* bad :
       {"", "{", "null", "[]", "42", "\"x\"", "{}", "\xff\xfe", "{\"v\":1}", "not json at all"})
    EXPECT_FALSE(decode(bad).has_value()) << bad;
}

TEST(task_record, decode_rejects_wrong_fields) {
  const std::string good = encode(sample("u", task_status::processing, 5));
  ASSERT_TRUE(decode(good).has_value());
  auto with = [&](const char* key, nlohmann::json value) {
    auto j = nlohmann::json::parse(good);
    j[key] = std::move(value);
    return decode(j.dump());
  };
  auto without = [&](const char* key) {
    auto j = nlohmann::json::parse(good);
    j.erase(key);
    return decode(j.dump());
  };
  EXPECT_FALSE(with("status", "done"));
  EXPECT_FALSE(with("status", 1));
  EXPECT_FALSE(with("progress", 101));
  EXPECT_FALSE(with("progress", -1));
  EXPECT_FALSE(with("progress", 5.5));
  EXPECT_FALSE(with("progress", "5"));
  EXPECT_FALSE(with("attempt", -1));
  EXPECT_FALSE(with("attempt", 4294967296ull));
  EXPECT_FALSE(with("seq", -1));
  EXPECT_FALSE(with("created_at_ms", nullptr));
  EXPECT_FALSE(with("draft_url", 3));
  EXPECT_FALSE(with("video_url", nullptr));
  EXPECT_FALSE(with("v", 2));
  for (const char* key :
       {"v", "draft_url", "status", "progress", "video_url", "error_message", "created_at_ms",
        "started_at_ms", "completed_at_ms", "attempt", "seq", "task_id", "output_file"})
    EXPECT_FALSE(without(key)) << key;
  // Truncation anywhere (a torn value) must be refused, never thrown out of decode().
  for (size_t n = 0; n < good.size(); ++n)
    EXPECT_FALSE(decode(good.substr(0, n))) << n;
}

} // namespace
} // namespace cutqueue::storage

TEST(TaskRecord, InterruptedAttemptGoesBackToPendingUntilAttemptsRunOut) {
  using namespace cutqueue::storage;
  task_record rec;
  rec.status = task_status::processing;
  rec.progress = 42;
  rec.started_at_ms = 1000;
  rec.attempt = 2;
  auto again = rec;
  EXPECT_FALSE(mark_interrupted(again, 3, 5000));
  EXPECT_EQ(again.status, task_status::pending);
  EXPECT_EQ(again.progress, 0);
  EXPECT_EQ(again.started_at_ms, 0);
  EXPECT_EQ(again.attempt, 2u);
  EXPECT_EQ(again.completed_at_ms, 0);
  auto done = rec;
  EXPECT_TRUE(mark_interrupted(done, 2, 5000));
  EXPECT_EQ(done.status, task_status::failed);
  EXPECT_EQ(done.progress, 0);
  EXPECT_EQ(done.completed_at_ms, 5000);
  EXPECT_EQ(done.error_message, "Export interrupted 2 times");
}
