// Pending webhooks are stored with their task and found again after a reopen; the fields round
// trip, and records written before webhooks existed still decode.
#include "storage/task_record.hpp"
#include "storage/task_store.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>

namespace cutqueue::storage {
namespace {

using test::open_store;
using test::sample;
using test::temp_dir;

task_record with_webhook(const std::string& url, webhook_state state) {
  auto r = sample(url, task_status::completed, 1);
  r.callback_url = "http://receiver/hook";
  r.webhook = state;
  r.webhook_attempts = 2;
  r.webhook_next_ms = 1234;
  return r;
}

TEST(webhook_index, fields_round_trip_and_old_records_decode) {
  auto r = with_webhook("http://h/d?draft_id=1", webhook_state::pending);
  auto back = decode(encode(r));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, r);
  auto plain = sample("http://h/d?draft_id=2", task_status::completed, 1);
  EXPECT_EQ(encode(plain).find("callback_url"), std::string::npos);
  ASSERT_TRUE(decode(encode(plain)));
  EXPECT_EQ(decode(encode(plain))->webhook, webhook_state::none);
}

TEST(webhook_index, pending_deliveries_survive_a_reopen_and_leave_once_done) {
  temp_dir dir;
  {
    auto store = open_store(dir.sub("db"));
    ASSERT_TRUE(store->write(with_webhook("http://h/d?draft_id=1", webhook_state::pending)).ok());
    ASSERT_TRUE(store->write(with_webhook("http://h/d?draft_id=2", webhook_state::pending)).ok());
    ASSERT_TRUE(store->write(with_webhook("http://h/d?draft_id=3", webhook_state::delivered)).ok());
    store->close();
  }
  auto store = open_store(dir.sub("db"));
  std::vector<task_record> due;
  ASSERT_TRUE(store->load_webhooks(due).ok());
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].draft_url, "http://h/d?draft_id=1");
  EXPECT_EQ(due[0].webhook_attempts, 2u);
  // Delivered, or replaced by a new task: no longer due.
  ASSERT_TRUE(store->write(with_webhook("http://h/d?draft_id=1", webhook_state::delivered)).ok());
  auto next = sample("http://h/d?draft_id=2", task_status::pending, 9);
  ASSERT_TRUE(store->write(next).ok());
  ASSERT_TRUE(store->load_webhooks(due).ok());
  EXPECT_TRUE(due.empty());
}

} // namespace
} // namespace cutqueue::storage
