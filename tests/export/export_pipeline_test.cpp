// run_export end to end against the fixture server, over drafts generated at test time: fetch,
// parse, render, publish, clean up.
#include "export/export_pipeline.hpp"
#include "tests/support/drafts.hpp"
#include "tests/support/support.hpp"
#include "tests/support/test_files.hpp"

#include <gtest/gtest.h>

namespace cutqueue::exporting {
namespace {

namespace fs = std::filesystem;

constexpr const char* basic_id = "20261128000000pipeline";
/// Long enough that FFmpeg reports render progress before it is done.
constexpr const char* long_id = "20261128000000longdraft";

/// The drafts, made once per test program (FFmpeg): "" after a failure.
const std::string& drafts_root() {
  static testing::temp_dir folder("cutqueue-export-drafts");
  static const std::string root = [] {
    testing::draft_spec basic;
    basic.clips = {{"red", 2.0, 440}, {"green", 2.0, 660}, {"blue", 2.0, 880}};
    basic.width = 640;
    basic.height = 360;
    basic.music_seconds = 6.0;
    basic.photo = true;
    testing::draft_spec long_draft;
    long_draft.clips = {{"yellow", 6.0, 550}, {"cyan", 6.0, 990}, {"magenta", 6.0, 770}};
    long_draft.width = 640;
    long_draft.height = 360;
    bool ok = testing::write_draft(folder.path(), basic_id, basic) &&
              testing::write_draft(folder.path(), long_id, long_draft);
    return ok ? folder.path() : std::string{};
  }();
  return root;
}

struct pipeline_env {
  test::scratch_dir dir;
  pipeline_config cfg;
  pipeline_env() {
    cfg.work_root = dir / "work";
    cfg.output_dir = dir / "out";
    cfg.x264_preset = "ultrafast";
    cfg.fetch.max_download_tries = 2;
  }
  /// Everything in the output folder, hidden files included.
  std::vector<std::string> outputs() const {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(cfg.output_dir, ec))
      names.push_back(e.path().filename().string());
    return names;
  }
  bool work_root_empty() const {
    std::error_code ec;
    return !fs::exists(cfg.work_root) || fs::is_empty(cfg.work_root, ec);
  }
};

TEST(ExportPipeline, DraftPublishesAtomically) {
  ASSERT_FALSE(drafts_root().empty());
  testing::fixture_server server({drafts_root()});
  ASSERT_NE(server.port(), 0);
  pipeline_env env;
  std::vector<int> progress;
  cancel_token never;
  auto r = run_export(
      {server.draft_url(basic_id), "task-1"}, env.cfg, [&](int p) { progress.push_back(p); },
      never);
  ASSERT_TRUE(r.ok) << r.error_message;
  EXPECT_EQ(r.output_file, std::string(basic_id) + "-task-1.mp4");
  EXPECT_EQ(env.outputs(), std::vector<std::string>{r.output_file}); // no .part left behind
  EXPECT_TRUE(env.work_root_empty());
  ASSERT_FALSE(progress.empty());
  EXPECT_EQ(progress.front(), 0);
  EXPECT_EQ(progress.back(), 100);
  EXPECT_TRUE(std::is_sorted(progress.begin(), progress.end()));
  // The download phase was visited; render-phase values depend on how fast FFmpeg is (its
  // progress blocks come every 0.5 s), so only the runner test asserts them.
  EXPECT_TRUE(
      std::any_of(progress.begin(), progress.end(), [](int p) { return p > 5 && p <= 30; }));
  auto video = env.cfg.output_dir + "/" + r.output_file;
  auto info = testing::probe(video);
  ASSERT_TRUE(info);
  EXPECT_NEAR(info->duration, 6.0, 0.1);
  EXPECT_TRUE(info->has_audio);
  // The photo covers the first second; then the clips in their order.
  for (auto [t, colour] : std::vector<std::pair<double, testing::rgb>>{
           {0.5, {255, 255, 255}}, {1.5, {255, 0, 0}}, {3.0, {0, 128, 0}}, {5.0, {0, 0, 255}}}) {
    auto px = testing::sample_pixel(video, t, 320, 180);
    ASSERT_TRUE(px) << t;
    EXPECT_TRUE(testing::near(*px, colour))
        << "at " << t << " s: " << px->r << "," << px->g << "," << px->b;
  }
}

TEST(ExportPipeline, UnknownDraftDoesNotExist) {
  ASSERT_FALSE(drafts_root().empty());
  testing::fixture_server server({drafts_root()});
  pipeline_env env;
  cancel_token never;
  auto r = run_export({server.draft_url("no_such_draft"), "t2"}, env.cfg, {}, never);
  EXPECT_FALSE(r.ok);
  EXPECT_FALSE(r.cancelled);
  EXPECT_EQ(r.error_message, "Draft does not exist");
  EXPECT_TRUE(env.outputs().empty());
  EXPECT_TRUE(env.work_root_empty());
}

TEST(ExportPipeline, EmptyDraftIsReported) {
  test::scratch_dir root;
  auto dir = fs::path(root.path()) / "emptydraft";
  fs::create_directories(dir);
  test::write_text((dir / "draft_content.json").string(),
                   R"({"canvas_config":{"width":640,"height":360},"tracks":[]})");
  testing::fixture_server server({root.path()});
  pipeline_env env;
  cancel_token never;
  auto r = run_export({server.draft_url("emptydraft"), "t3"}, env.cfg, {}, never);
  EXPECT_EQ(r.error_message, "Draft content is empty");
  EXPECT_TRUE(env.work_root_empty());
}

/// Cancels as soon as the render phase reports progress; FFmpeg must be killed and nothing left.
export_result cancel_during_render(pipeline_env& env, const std::string& url, cancel_reason why) {
  cancel_token token;
  return run_export(
      {url, "t4"}, env.cfg,
      [&](int p) {
        if (p > 30)
          token.cancel(why);
      },
      token);
}

TEST(ExportPipeline, ShutdownCancelsAndCleansUp) {
  ASSERT_FALSE(drafts_root().empty());
  testing::fixture_server server({drafts_root()});
  pipeline_env env;
  auto r = cancel_during_render(env, server.draft_url(long_id), cancel_reason::shutdown);
  EXPECT_FALSE(r.ok);
  EXPECT_TRUE(r.cancelled);
  EXPECT_TRUE(env.outputs().empty());
  EXPECT_TRUE(env.work_root_empty());
}

TEST(ExportPipeline, TimeoutIsProcessingTimeout) {
  ASSERT_FALSE(drafts_root().empty());
  testing::fixture_server server({drafts_root()});
  pipeline_env env;
  auto r = cancel_during_render(env, server.draft_url(long_id), cancel_reason::timeout);
  EXPECT_FALSE(r.ok);
  EXPECT_FALSE(r.cancelled);
  EXPECT_EQ(r.error_message, "Processing timeout");
  EXPECT_TRUE(env.outputs().empty());
  EXPECT_TRUE(env.work_root_empty());
}

} // namespace
} // namespace cutqueue::exporting
