// --render-threads reaches FFmpeg as -threads and -filter_complex_threads (benchmarks pin one
// export per core with it); without it FFmpeg picks its own.
#include "draft/parser.hpp"
#include "render/ffmpeg_graph.hpp"
#include "tests/render/render_test_util.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace cutqueue::render {
namespace {

using test::draft_builder;

std::vector<std::string> argv_with_threads(int threads) {
  draft_builder b(640, 360, 2000000);
  auto m = b.video("/srv/red.mp4", 640, 360);
  b.segment(b.track("video"), m, 0, 2000000, 1);
  draft::document d;
  EXPECT_TRUE(draft::parse_draft(b.dump(), d).ok);
  material_source s;
  s.local_path = "/local/red.mp4";
  s.info.has_video = true;
  s.info.width = 640;
  s.info.height = 360;
  s.info.duration = 4;
  graph_config cfg;
  cfg.work_dir = "/work/t1";
  cfg.output_path = "/out/.t1.mp4.part";
  cfg.threads = threads;
  ffmpeg_job job;
  std::string error;
  EXPECT_TRUE(build_ffmpeg_job(d, {{"/srv/red.mp4", s}}, cfg, job, error)) << error;
  return job.argv;
}

bool has_pair(const std::vector<std::string>& a, const std::string& x, const std::string& y) {
  for (size_t i = 0; i + 1 < a.size(); ++i)
    if (a[i] == x && a[i + 1] == y)
      return true;
  return false;
}

TEST(RenderThreads, LimitEncoderAndFilterThreads) {
  auto a = argv_with_threads(1);
  EXPECT_TRUE(has_pair(a, "-threads", "1"));
  EXPECT_TRUE(has_pair(a, "-filter_complex_threads", "1"));
}

TEST(RenderThreads, ZeroLeavesThemToFfmpeg) {
  auto a = argv_with_threads(0);
  EXPECT_EQ(std::count(a.begin(), a.end(), "-filter_complex_threads"), 0);
  // Inputs may carry their own -threads (decoders); the output side must not.
  EXPECT_FALSE(has_pair(a, "-threads", "0"));
}

} // namespace
} // namespace cutqueue::render
