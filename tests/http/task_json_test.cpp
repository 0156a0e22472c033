#include "http/task_json.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace cutqueue::http {
namespace {

using storage::task_record;
using storage::task_status;

TEST(TaskJson, PendingTaskHasNullTimesAndEmptyStrings) {
  task_record rec;
  rec.draft_url = "http://h/x?draft_id=1";
  rec.created_at_ms = 1727173800000; // 2024-09-24T10:30:00.000Z
  rec.video_url = "ignored while pending";
  auto body = status_body(rec);
  EXPECT_EQ(body, R"({"draft_url":"http://h/x?draft_id=1","status":"pending","progress":0,)"
                  R"("video_url":"","error_message":"","created_at":"2024-09-24T10:30:00.000Z",)"
                  R"("started_at":null,"completed_at":null})");
}

TEST(TaskJson, CompletedAndFailedTasksShowTheirOutcome) {
  task_record rec;
  rec.draft_url = "u";
  rec.status = task_status::completed;
  rec.progress = 100;
  rec.video_url = "http://cq/outputs/a.mp4";
  rec.created_at_ms = 1727173800000;
  rec.started_at_ms = 1727173805123;
  rec.completed_at_ms = 1727174130000;
  auto j = nlohmann::json::parse(status_body(rec));
  EXPECT_EQ(j["video_url"], "http://cq/outputs/a.mp4");
  EXPECT_EQ(j["started_at"], "2024-09-24T10:30:05.123Z");
  EXPECT_EQ(j["completed_at"], "2024-09-24T10:35:30.000Z");
  rec.status = task_status::failed;
  rec.progress = 0;
  rec.error_message = "Processing timeout";
  j = nlohmann::json::parse(status_body(rec));
  EXPECT_EQ(j["video_url"], "");
  EXPECT_EQ(j["error_message"], "Processing timeout");
  EXPECT_EQ(j["status"], "failed");
}

} // namespace
} // namespace cutqueue::http
