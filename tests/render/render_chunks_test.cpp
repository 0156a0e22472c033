// A long draft rendered in chunks (render/chunked_render.hpp) is the same video as the draft
// rendered in one job: the same frames at every chunk boundary — clips read from the middle of
// their source at another speed, a transition and keyframes running across a boundary — and a
// tone with no seam. Finished chunks recorded in the ledger are not rendered again unless their
// file or their draft changed; borrowed slots go back.
#include "render/chunked_render.hpp"
#include "tests/render/draft_fragments.hpp"
#include "tests/render/frame_sampler.hpp"
#include "tests/render/render_test_util.hpp"
#include "tests/support/media_analysis.hpp"
#include "tests/support/media_assertions.hpp"
#include "tests/support/memory_ledger.hpp"
#include "tests/support/tone_amplitude.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <fstream>
#include <mutex>

namespace cutqueue::render {
namespace {

using test::add_keyframes;
using test::add_transition;
using test::draft_builder;

constexpr int W = 320, H = 180;

/// A clip whose every frame differs from the one before (a moving test pattern with a frame
/// counter), so that a chunk reading its source one frame early or late cannot go unnoticed.
std::string moving_clip(const std::string& dir, const std::string& name, double secs,
                        const std::string& filters = "") {
  const std::string out = dir + "/" + name;
  return test::ffmpeg({"-f", "lavfi", "-i",
                       "testsrc2=s=320x180:r=30:d=" + std::to_string(secs) + filters, "-c:v",
                       "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "48", out})
             ? out
             : std::string{};
}

std::string tone(const std::string& dir, double secs) {
  const std::string out = dir + "/tone.m4a";
  return test::ffmpeg({"-f", "lavfi", "-i",
                       "sine=frequency=440:sample_rate=48000:duration=" + std::to_string(secs),
                       "-c:a", "aac", "-b:a", "192k", out})
             ? out
             : std::string{};
}

/// 6 s: clip A from 0.37 s into its source, a 1 s dissolve across the 3 s boundary into clip B
/// at speed 1.5, a photo moving by keyframes from 1.5 s to 4.5 s, a 440 Hz tone throughout.
struct spanning_draft {
  test::scratch_dir dir;
  draft_builder b{W, H, 6000000};

  bool make() {
    const std::string a = moving_clip(dir.path(), "a.mp4", 8);
    const std::string c = moving_clip(dir.path(), "b.mp4", 12, ",negate");
    const std::string p = test::make_still(dir.path(), "p.png", "orange", 96, 64);
    const std::string t = tone(dir.path(), 7);
    if (a.empty() || c.empty() || p.empty() || t.empty())
      return false;
    const auto ma = b.video(a, W, H), mc = b.video(c, W, H), mp = b.video(p, 96, 64, true);
    const auto main = b.track("video");
    auto& first = b.segment(main, ma, 0, 3000000, 1, 370000);
    add_transition(b, first, "叠化", 1000000, "6724845717472416269");
    b.segment(main, mc, 3000000, 3000000, 1, 500000, 4500000, 1.5);
    auto& moving = b.segment(b.track("video", 1), mp, 1500000, 3000000, 2);
    add_keyframes(moving, "KFTypePositionX", {{0, -0.6}, {3000000, 0.6}});
    add_keyframes(moving, "KFTypeRotation", {{0, 0}, {3000000, 90}});
    b.segment(b.track("audio"), b.audio(t), 0, 6000000, 0);
    return true;
  }
};

/// Mean absolute difference of two frames, per channel value.
double mean_diff(const test::rgb_frame& a, const test::rgb_frame& b) {
  if (a.data.size() != b.data.size() || a.data.empty())
    return 255;
  double sum = 0;
  for (size_t i = 0; i < a.data.size(); ++i)
    sum += std::abs(static_cast<int>(static_cast<unsigned char>(a.data[i])) -
                    static_cast<int>(static_cast<unsigned char>(b.data[i])));
  return sum / static_cast<double>(a.data.size());
}

using cutqueue::testing::memory_ledger;

/// A ledger kept on another node: it takes a copy of every recorded file and hands copies back.
struct far_ledger : memory_ledger {
  explicit far_ledger(std::string folder) : far(std::move(folder)) {
    std::filesystem::create_directories(far);
  }
  bool record(const std::string& task, const std::string& unit, const std::string& value,
              const std::string& file) override {
    std::error_code ec;
    std::filesystem::copy_file(file, far + "/" + unit,
                               std::filesystem::copy_options::overwrite_existing, ec);
    return !ec && memory_ledger::record(task, unit, value, file);
  }
  bool fetch(const std::string&, const std::string& unit, const std::string& file) override {
    std::error_code ec;
    std::filesystem::copy_file(far + "/" + unit, file, ec);
    std::lock_guard<std::mutex> lk(mu);
    fetched.push_back(unit);
    return !ec;
  }
  std::string far;
  std::vector<std::string> fetched;
};

/// `free` local slots to lend; wanted() says whether a queued task waits.
struct counting_lender : slot_lender {
  struct loan : lent_slot {
    explicit loan(counting_lender& l) : lender(l) {}
    ~loan() override {
      ++lender.free;
      ++lender.returned;
    }
    std::string node() const override { return "local"; }
    bool remote() const override { return false; }
    bool render(const remote_unit&, const std::string&, const cancel_token&,
                const std::function<void(double)>&, std::string&) override {
      return false;
    }
    counting_lender& lender;
  };
  std::unique_ptr<lent_slot> borrow(bool) override {
    if (free <= 0 || want)
      return nullptr;
    --free;
    ++borrowed;
    return std::make_unique<loan>(*this);
  }
  bool wanted() override { return want; }
  std::atomic<int> free{0}, borrowed{0}, returned{0};
  std::atomic<bool> want{false};
};

test::local_render render_in_chunks(const draft::document& d, const test::scratch_dir& dir,
                                    const std::string& name,
                                    const std::shared_ptr<chunk_ledger>& ledger = nullptr,
                                    const std::shared_ptr<slot_lender>& lender = nullptr) {
  test::scratch_dir sub;
  return test::render_local(d, dir, {}, [&](render_settings& s) {
    s.output_path = dir.path() + "/" + name;
    s.work_dir = dir.path() + "/work-" + name;
    std::filesystem::create_directories(s.work_dir);
    s.chunk_seconds = 1;
    s.chunk_dir = dir.path() + "/chunks";
    s.task_id = "t1";
    s.ledger = ledger;
    s.lender = lender;
  });
}

TEST(RenderChunks, ChunkBoundsCoverTheDraftAndFoldAShortTail) {
  using bounds = std::vector<std::pair<int64_t, int64_t>>;
  EXPECT_EQ(chunk_bounds(90, 30), (bounds{{0, 30}, {30, 60}, {60, 90}}));
  EXPECT_EQ(chunk_bounds(95, 30), (bounds{{0, 30}, {30, 60}, {60, 95}})) << "5 frames join";
  EXPECT_EQ(chunk_bounds(100, 30), (bounds{{0, 30}, {30, 60}, {60, 90}, {90, 100}}));
  EXPECT_EQ(chunk_bounds(10, 30), (bounds{{0, 10}}));
}

TEST(RenderChunks, ChunkedRenderShowsTheSameFramesAtEveryBoundaryAndAToneWithoutSeams) {
  spanning_draft s;
  ASSERT_TRUE(s.make());
  const draft::document d = test::parse(s.b);
  auto whole = test::render_local(d, s.dir);
  ASSERT_TRUE(whole.outcome.ok) << whole.outcome.error_message;
  auto ledger = std::make_shared<memory_ledger>();
  auto chunked = render_in_chunks(d, s.dir, "chunked.mp4", ledger);
  ASSERT_TRUE(chunked.outcome.ok) << chunked.outcome.error_message;
  EXPECT_EQ(ledger->recorded.size(), 12u) << "six 1 s chunks of picture and of sound";

  testing::media_file a(whole.output), b(chunked.output);
  ASSERT_TRUE(a.facts() && b.facts());
  EXPECT_NEAR(b.facts()->duration, a.facts()->duration, 0.03);
  EXPECT_EQ(b.facts()->frame_rate, "30/1");
  ASSERT_TRUE(b.facts()->has_audio);

  std::vector<int64_t> frames;
  for (int64_t boundary : {30, 60, 90, 120, 150})
    for (int64_t n : {boundary - 1, boundary, boundary + 1})
      frames.push_back(n);
  frames.push_back(179);
  const auto fa = test::decode_frames(whole.output, W, H, frames);
  const auto fb = test::decode_frames(chunked.output, W, H, frames);
  ASSERT_EQ(fa.size(), frames.size());
  ASSERT_EQ(fb.size(), frames.size()) << "the chunked video has every frame, the last included";
  // Each chunked frame is its whole-render twin (up to encoding noise), and clearly not the
  // frame before or after it: a chunk a frame early or late fails this.
  for (int64_t n : frames) {
    const double same = mean_diff(fa.at(n), fb.at(n));
    EXPECT_LT(same, 2.0) << "frame " << n;
    for (int64_t m : {n - 1, n + 1})
      if (fa.count(m)) {
        EXPECT_GT(mean_diff(fa.at(m), fb.at(n)), 2 * same + 1)
            << "chunked frame " << n << " against whole frame " << m;
      }
  }

  // The tone stays at one level through every boundary, in 20 ms windows around it.
  auto pcm = b.audio();
  ASSERT_TRUE(pcm) << pcm.error();
  const auto& samples = **pcm;
  const double rate = 48000;
  auto level = [&](double t0) {
    const auto i = static_cast<size_t>(t0 * rate);
    auto m = testing::tone_amplitude(samples.data() + i, static_cast<size_t>(0.02 * rate), rate,
                                     440, 60);
    return m ? testing::amplitude_db(*m) : -200.0;
  };
  const double reference = level(0.5);
  EXPECT_GT(reference, -20) << "the tone is there";
  for (double t = 0.96; t < 5.1; t += 1.0)
    for (double w : {0.0, 0.02, 0.04, 0.06})
      EXPECT_NEAR(level(t + w), reference, 1.0) << "at " << t + w << " s";
  // Neither a gap nor a click: no sample-to-sample jump beyond what the tone itself makes.
  double biggest = 0;
  for (size_t i = static_cast<size_t>(0.5 * rate); i + 1 < static_cast<size_t>(5.5 * rate); ++i)
    biggest = std::max(biggest, static_cast<double>(std::fabs(samples[i + 1] - samples[i])));
  const double tone_step = 2 * std::sin(M_PI * 440 / rate) * std::pow(10, reference / 20);
  EXPECT_LT(biggest, 1.5 * tone_step);
}

TEST(RenderChunks, RecordedChunksAreKeptAndOnlyMissingOrChangedOnesRenderAgain) {
  spanning_draft s;
  ASSERT_TRUE(s.make());
  const draft::document d = test::parse(s.b);
  auto ledger = std::make_shared<memory_ledger>();
  auto first = render_in_chunks(d, s.dir, "first.mp4", ledger);
  ASSERT_TRUE(first.outcome.ok) << first.outcome.error_message;
  ASSERT_EQ(ledger->recorded.size(), 12u);

  // Everything recorded: nothing renders, the video is joined from the kept chunks.
  ledger->recorded.clear();
  auto again = render_in_chunks(d, s.dir, "again.mp4", ledger);
  ASSERT_TRUE(again.outcome.ok) << again.outcome.error_message;
  EXPECT_TRUE(ledger->recorded.empty());
  EXPECT_NEAR(testing::probe(again.output)->duration, 6.0, 0.05);

  // A chunk file that no longer matches its checksum renders again; so does one without a
  // record (a crash between the file and its record).
  {
    std::ofstream f(s.dir.path() + "/chunks/v0002.ts", std::ios::app | std::ios::binary);
    f << "garbage";
  }
  ledger->records["t1"].erase("v0004");
  ledger->recorded.clear();
  auto mended = render_in_chunks(d, s.dir, "mended.mp4", ledger);
  ASSERT_TRUE(mended.outcome.ok) << mended.outcome.error_message;
  EXPECT_EQ(ledger->recorded, (std::vector<std::string>{"v0002", "v0004"}));
  const auto fa = test::decode_frames(first.output, W, H, {60, 75, 120, 149});
  const auto fb = test::decode_frames(mended.output, W, H, {60, 75, 120, 149});
  for (int64_t n : {60, 75, 120, 149})
    EXPECT_LT(mean_diff(fa.at(n), fb.at(n)), 2.0) << "frame " << n;

  // The draft changed between attempts (clip A starts later in its source): the chunks that
  // show clip A render again, the others and the sound are kept.
  s.b.doc()["tracks"][0]["segments"][0]["source_timerange"]["start"] = 400000;
  ledger->recorded.clear();
  auto changed = render_in_chunks(test::parse(s.b), s.dir, "changed.mp4", ledger);
  ASSERT_TRUE(changed.outcome.ok) << changed.outcome.error_message;
  EXPECT_EQ(ledger->recorded, (std::vector<std::string>{"v0000", "v0001", "v0002", "v0003"}));
}

TEST(RenderChunks, ChunksRecordedOnAnotherNodeAreFetchedNotRenderedAgain) {
  spanning_draft s;
  ASSERT_TRUE(s.make());
  const draft::document d = test::parse(s.b);
  auto ledger = std::make_shared<far_ledger>(s.dir.path() + "/coordinator");
  auto first = render_in_chunks(d, s.dir, "first.mp4", ledger);
  ASSERT_TRUE(first.outcome.ok) << first.outcome.error_message;
  ASSERT_EQ(ledger->recorded.size(), 12u);
  EXPECT_TRUE(ledger->fetched.empty()) << "the files were here";

  // The next attempt runs where none of the files are (another node): every chunk comes from
  // the ledger's node, none renders, and the video is the same.
  std::filesystem::remove_all(s.dir.path() + "/chunks");
  ledger->recorded.clear();
  auto elsewhere = render_in_chunks(d, s.dir, "elsewhere.mp4", ledger);
  ASSERT_TRUE(elsewhere.outcome.ok) << elsewhere.outcome.error_message;
  EXPECT_TRUE(ledger->recorded.empty());
  EXPECT_EQ(ledger->fetched.size(), 12u);
  const auto fa = test::decode_frames(first.output, W, H, {0, 29, 30, 89, 149});
  const auto fb = test::decode_frames(elsewhere.output, W, H, {0, 29, 30, 89, 149});
  for (int64_t n : {0, 29, 30, 89, 149})
    EXPECT_LT(mean_diff(fa.at(n), fb.at(n)), 0.5) << "frame " << n;

  // A copy damaged on the way (or on the ledger's disk) does not match its record: that chunk
  // alone renders again.
  std::filesystem::remove_all(s.dir.path() + "/chunks");
  {
    std::ofstream f(s.dir.path() + "/coordinator/v0003", std::ios::app | std::ios::binary);
    f << "garbage";
  }
  ledger->recorded.clear();
  ledger->fetched.clear();
  auto mended = render_in_chunks(d, s.dir, "mended.mp4", ledger);
  ASSERT_TRUE(mended.outcome.ok) << mended.outcome.error_message;
  EXPECT_EQ(ledger->recorded, (std::vector<std::string>{"v0003"}));
  EXPECT_EQ(ledger->fetched.size(), 12u);
}

TEST(RenderChunks, BorrowedSlotsRenderChunksAtOnceAndAllGoBack) {
  spanning_draft s;
  ASSERT_TRUE(s.make());
  const draft::document d = test::parse(s.b);
  auto lender = std::make_shared<counting_lender>();
  lender->free = 2;
  auto out = render_in_chunks(d, s.dir, "lent.mp4", nullptr, lender);
  ASSERT_TRUE(out.outcome.ok) << out.outcome.error_message;
  EXPECT_GE(lender->borrowed.load(), 1);
  EXPECT_EQ(lender->returned.load(), lender->borrowed.load());
  EXPECT_EQ(lender->free.load(), 2);
  // Progress never goes back, whatever thread finished what.
  for (size_t i = 1; i < out.progress.size(); ++i)
    EXPECT_GE(out.progress[i], out.progress[i - 1]);

  // A queued task waiting: nothing is borrowed.
  auto busy = std::make_shared<counting_lender>();
  busy->free = 2;
  busy->want = true;
  std::filesystem::remove_all(s.dir.path() + "/chunks");
  auto alone = render_in_chunks(d, s.dir, "alone.mp4", nullptr, busy);
  ASSERT_TRUE(alone.outcome.ok) << alone.outcome.error_message;
  EXPECT_EQ(busy->borrowed.load(), 0);
}

TEST(RenderChunks, AnEchoTailCrossingABoundarySoundsInTheNextChunk) {
  // A 0.1 s burst at 0.85 s with an echo every 180 ms: its copies at 1.03 s and 1.21 s fall in
  // the second chunk, which holds the segment only through its tail.
  test::scratch_dir dir;
  const std::string burst = test::make_clip(dir.path(), "tone.mp4", "black", W, H, 1, 1000);
  ASSERT_FALSE(burst.empty());
  draft_builder b(W, H, 3000000);
  b.video(moving_clip(dir.path(), "v.mp4", 4), W, H);
  b.segment(b.track("video"), b.doc()["materials"]["videos"][0]["id"], 0, 3000000, 0);
  auto& seg = b.segment(b.track("audio"), b.audio(burst), 850000, 100000, 1);
  b.echo(seg);
  const draft::document d = test::parse(b);
  auto chunked = render_in_chunks(d, dir, "echo.mp4");
  ASSERT_TRUE(chunked.outcome.ok) << chunked.outcome.error_message;
  testing::media_file m(chunked.output);
  auto dry = m.tone(0.87, 0.93, 1000), first = m.tone(1.05, 1.11, 1000),
       second = m.tone(1.23, 1.29, 1000);
  ASSERT_TRUE(dry && first && second);
  EXPECT_NEAR(20 * std::log10(*first / *dry), 20 * std::log10(0.6 * 0.8), 2);
  EXPECT_NEAR(20 * std::log10(*second / *dry), 20 * std::log10(0.6 * 0.8 * 0.8), 2);
  EXPECT_TRUE(testing::tone_below(m, 0.97, 1.01, 1000, -50)) << "silence between the copies";
  EXPECT_TRUE(testing::tone_below(m, 2.2, 2.8, 1000, -50)) << "the tail dies away";
}

} // namespace
} // namespace cutqueue::render
