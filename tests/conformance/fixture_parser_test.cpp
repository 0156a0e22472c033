// The draft parser on the real capcut-mate drafts (moved here from tests/draft, which keeps the
// hand-written drafts): the fixture folders are read by this suite only.
#include "draft/parser.hpp"
#include "tests/support/test_files.hpp"

#include <gtest/gtest.h>

namespace cutqueue::draft {
namespace {

document parse_fixture(const std::string& dir, const std::string& name) {
  document d;
  auto r = parse_draft_file(dir + "/" + name + "/draft_content.json", d);
  EXPECT_TRUE(r.ok) << name << ": " << r.error;
  return d;
}

size_t segment_count(const document& d, track_type type) {
  size_t n = 0;
  for (const auto& t : d.tracks)
    if (t.type == type)
      n += t.segments.size();
  return n;
}

TEST(FixtureDraftParser, BasicVideo) {
  CUTQUEUE_FIXTURES_OR_SKIP(dir);
  document d = parse_fixture(dir, "basic_video");
  EXPECT_EQ(d.width, 640);
  EXPECT_EQ(d.height, 360);
  EXPECT_DOUBLE_EQ(d.fps, 30.0);
  EXPECT_EQ(d.duration, 9000000);
  ASSERT_EQ(d.tracks.size(), 3u);
  EXPECT_TRUE(d.tracks[0].segments.empty());
  EXPECT_TRUE(d.tracks[1].segments.empty());
  ASSERT_EQ(d.tracks[2].segments.size(), 3u);
  const auto& s = d.tracks[2].segments;
  EXPECT_EQ(s[1].target.start, 3000000);
  EXPECT_EQ(s[1].target.duration, 2000000);
  EXPECT_EQ(s[1].source.duration, 2000000);
  EXPECT_EQ(s[2].render_index, 1);
  const auto& m = d.videos.at(s[0].material_id);
  EXPECT_EQ(m.kind, visual_kind::video);
  EXPECT_EQ(m.path, "/app/output/draft/202611281158060a83757e/assets/videos/"
                    "20261128115806d0b7e72e.mp4");
  EXPECT_EQ(visual_segments(d).size(), 3u);
  EXPECT_EQ(sound_segments(d).size(), 3u);
  EXPECT_EQ(used_material_paths(d).size(), 3u);
  EXPECT_TRUE(d.unsupported.empty());
}

TEST(FixtureDraftParser, AvCaptions) {
  CUTQUEUE_FIXTURES_OR_SKIP(dir);
  document d = parse_fixture(dir, "av_captions");
  EXPECT_EQ(d.duration, 10000000);
  EXPECT_EQ(segment_count(d, track_type::video), 2u);
  EXPECT_EQ(segment_count(d, track_type::audio), 1u);
  EXPECT_EQ(segment_count(d, track_type::text), 3u);
  const track* audio = nullptr;
  const track* text = nullptr;
  for (const auto& t : d.tracks) {
    if (t.type == track_type::audio)
      audio = &t;
    if (t.type == track_type::text)
      text = &t;
  }
  ASSERT_TRUE(audio && text);
  EXPECT_DOUBLE_EQ(audio->segments[0].volume, 0.5);
  EXPECT_EQ(audio->segments[0].target.start, 1000000);
  EXPECT_EQ(audio->segments[0].render_index, 10);
  EXPECT_EQ(d.audios.at(audio->segments[0].material_id).duration, 8046000);
  EXPECT_FALSE(text->segments[0].has_source);
  EXPECT_DOUBLE_EQ(text->segments[0].clip.transform_y, -0.7);
  const auto& t0 = d.texts.at(text->segments[0].material_id);
  EXPECT_EQ(t0.text, "HELLO ONE");
  EXPECT_DOUBLE_EQ(t0.base().size, 15);
  EXPECT_DOUBLE_EQ(t0.base().fill.r, 1.0);
  EXPECT_TRUE(t0.base().has_stroke);
  EXPECT_NEAR(t0.base().stroke_width, 0.08, 1e-9);
  EXPECT_DOUBLE_EQ(t0.base().stroke.r, 0.0);
  EXPECT_TRUE(t0.auto_wrap);
  EXPECT_DOUBLE_EQ(t0.line_max_width, 0.82);
  EXPECT_FALSE(t0.base().has_shadow);
  EXPECT_EQ(t0.alignment, 1);
  EXPECT_EQ(d.texts.at(text->segments[2].material_id).text, "第三行 字幕");
  EXPECT_EQ(text_segments(d).size(), 3u);
  EXPECT_EQ(sound_segments(d).size(), 3u); // two clips + background music
}

TEST(FixtureDraftParser, ImagesMixed) {
  CUTQUEUE_FIXTURES_OR_SKIP(dir);
  document d = parse_fixture(dir, "images_mixed");
  EXPECT_EQ(d.width, 1280);
  EXPECT_EQ(d.height, 720);
  EXPECT_EQ(d.duration, 8000000);
  auto vis = visual_segments(d);
  ASSERT_EQ(vis.size(), 4u);
  // Sorted bottom to top by render index: red (1), two photos (2), PiP (3).
  EXPECT_EQ(vis[0].seg->render_index, 1);
  EXPECT_EQ(vis[1].seg->render_index, 2);
  EXPECT_EQ(vis[3].seg->render_index, 3);
  const auto& photo = d.videos.at(vis[1].seg->material_id);
  EXPECT_EQ(photo.kind, visual_kind::photo);
  EXPECT_EQ(photo.width, 640);
  EXPECT_DOUBLE_EQ(vis[1].seg->clip.scale_x, 0.8);
  EXPECT_DOUBLE_EQ(vis[1].seg->clip.transform_x, 0.1);
  EXPECT_DOUBLE_EQ(vis[1].seg->clip.transform_y, -0.1);
  const auto& pip = *vis[3].seg;
  EXPECT_DOUBLE_EQ(pip.clip.alpha, 0.8);
  EXPECT_DOUBLE_EQ(pip.clip.scale_y, 0.3);
  EXPECT_DOUBLE_EQ(pip.clip.transform_y, 0.5);
  // Photos carry no sound.
  EXPECT_EQ(sound_segments(d).size(), 2u);
}

TEST(FixtureDraftParser, LongDraftAndTooShort) {
  CUTQUEUE_FIXTURES_OR_SKIP(dir);
  document d = parse_fixture(dir, "long_draft");
  EXPECT_EQ(d.duration, 60000000);
  EXPECT_EQ(segment_count(d, track_type::video), 15u);
  EXPECT_EQ(used_material_paths(d).size(), 15u);
  document s = parse_fixture(dir, "too_short");
  EXPECT_EQ(s.duration, 2500000);
  EXPECT_EQ(segment_count(s, track_type::video), 1u);
}

TEST(FixtureDraftParser, EveryFixtureDraftParses) {
  CUTQUEUE_FIXTURES_OR_SKIP(dir);
  int seen = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    auto file = e.path() / "draft_content.json";
    if (!std::filesystem::exists(file))
      continue;
    document d;
    auto r = parse_draft_file(file.string(), d);
    EXPECT_TRUE(r.ok) << file << ": " << r.error;
    EXPECT_GT(d.duration, 0);
    ++seen;
  }
  EXPECT_GE(seen, 5);
}

} // namespace
} // namespace cutqueue::draft
