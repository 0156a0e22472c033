#include "draft/parser.hpp"
#include "tests/support/test_files.hpp"

#include <gtest/gtest.h>

namespace cutqueue::draft {
namespace {

TEST(DraftParser, TextShadowWrapAndItalic) {
  test::draft_builder b(640, 360, 1000000);
  auto styled = b.text("a");
  auto legacy = b.text("b");
  auto plain = b.text("c");
  for (auto& m : b.doc()["materials"]["texts"]) {
    auto content = nlohmann::json::parse(m["content"].get<std::string>());
    auto& st = content["styles"][0];
    if (m["id"] == styled) {
      // pyJianYingDraft / capcut-mate: the shadow sits in the content style.
      st["italic"] = true;
      st["shadows"] = {{{"alpha", 0.8},
                        {"distance", 12.0},
                        {"angle", 30.0},
                        {"diffuse", 0.025},
                        {"content", {{"solid", {{"color", {1.0, 0.5, 0.0}}}}}}}};
      m["line_max_width"] = 0.6;
      m["line_spacing"] = 0.1;
    } else if (m["id"] == legacy) {
      // Older generators: has_shadow and shadow_* on the material, colour as "#RRGGBB".
      m["has_shadow"] = true;
      m["shadow_color"] = "#00ff80";
      m["shadow_alpha"] = 0.5;
      m["shadow_distance"] = 7.0;
      m["shadow_angle"] = 90.0;
      m["type"] = "text";
    }
    m["content"] = content.dump();
  }
  auto t = b.track("text");
  for (const auto& id : {styled, legacy, plain})
    b.segment(t, id, 0, 1000000, 1);
  document d;
  ASSERT_TRUE(parse_draft(b.dump(), d).ok);
  const auto& s = d.texts.at(styled);
  EXPECT_TRUE(s.base().italic);
  EXPECT_TRUE(s.base().has_shadow);
  EXPECT_DOUBLE_EQ(s.base().shadow.a, 0.8);
  EXPECT_DOUBLE_EQ(s.base().shadow_distance, 12.0);
  EXPECT_DOUBLE_EQ(s.base().shadow_angle, 30.0);
  EXPECT_DOUBLE_EQ(s.base().shadow_diffuse, 0.025);
  EXPECT_DOUBLE_EQ(s.base().shadow.r, 1.0);
  EXPECT_DOUBLE_EQ(s.base().shadow.g, 0.5);
  EXPECT_TRUE(s.auto_wrap); // type "subtitle"
  EXPECT_DOUBLE_EQ(s.line_max_width, 0.6);
  EXPECT_DOUBLE_EQ(s.line_spacing, 0.1);
  const auto& l = d.texts.at(legacy);
  EXPECT_TRUE(l.base().has_shadow);
  EXPECT_DOUBLE_EQ(l.base().shadow.r, 0.0);
  EXPECT_DOUBLE_EQ(l.base().shadow.g, 1.0);
  EXPECT_NEAR(l.base().shadow.b, 128 / 255.0, 1e-9);
  EXPECT_DOUBLE_EQ(l.base().shadow.a, 0.5);
  EXPECT_DOUBLE_EQ(l.base().shadow_distance, 7.0);
  EXPECT_DOUBLE_EQ(l.base().shadow_angle, 90.0);
  EXPECT_FALSE(l.auto_wrap);
  const auto& p = d.texts.at(plain);
  EXPECT_FALSE(p.base().has_shadow);
  EXPECT_FALSE(p.base().italic);
  EXPECT_DOUBLE_EQ(p.line_max_width, 0.82);
}

TEST(DraftParser, GarbageIsAnErrorNotACrash) {
  document d;
  for (const char* text : {"", "not json", "[1,2,3]", "{\"canvas_config\": 5}", "null",
                           "{\"canvas_config\": {\"width\": \"wide\", \"height\": 1}}",
                           "{\"canvas_config\":{\"width\":640,\"height\":360},\"tracks\":7}"}) {
    auto r = parse_draft(text, d);
    EXPECT_FALSE(r.ok) << text;
    EXPECT_FALSE(r.empty) << text;
    EXPECT_NE(r.error.find("invalid draft_content.json"), std::string::npos) << r.error;
  }
  auto missing = parse_draft_file("/nonexistent/draft_content.json", d);
  EXPECT_FALSE(missing.ok);
}

TEST(DraftParser, NoSegmentsIsEmpty) {
  document d;
  for (const char* text :
       {"{\"canvas_config\":{\"width\":640,\"height\":360},\"tracks\":[]}",
        "{\"canvas_config\":{\"width\":640,\"height\":360}}",
        "{\"canvas_config\":{\"width\":640,\"height\":360},\"tracks\":[{\"type\":\"video\","
        "\"segments\":[]},{\"type\":\"audio\"}]}"}) {
    auto r = parse_draft(text, d);
    EXPECT_FALSE(r.ok);
    EXPECT_TRUE(r.empty);
    EXPECT_EQ(r.error, "Draft content is empty");
  }
}

TEST(DraftParser, WrongTypesInsideSegmentsAreTolerated) {
  // Odd field types must fall back to defaults rather than throw out of the parser.
  const char* text = R"({"canvas_config":{"width":320,"height":240},"duration":"x",
    "materials":{"videos":[{"id":"m","path":"/a.mp4","type":"video","width":"w"}],
                 "texts":[{"id":"t","content":"plain words"}]},
    "tracks":[{"type":"video","segments":[{"material_id":"m","speed":"fast","volume":null,
      "target_timerange":{"start":0,"duration":1000000},"clip":{"scale":7}}]},
      {"type":"text","segments":[{"material_id":"t","target_timerange":{"start":0,
      "duration":500000},"source_timerange":null}]}]})";
  document d;
  auto r = parse_draft(text, d);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(d.duration, 1000000); // from the segments when the top-level value is unusable
  EXPECT_DOUBLE_EQ(d.tracks[0].segments[0].speed, 1.0);
  EXPECT_EQ(d.texts.at("t").text, "plain words");
}

TEST(DraftParser, UnmodelledFeaturesAreListed) {
  const char* text = R"({"canvas_config":{"width":320,"height":240},"duration":1000000,
    "materials":{"videos":[{"id":"m","path":"/a.mp4","type":"video"}],
                 "transitions":[{"id":"tr1"}],"masks":[{"id":"mk1"}],"chromas":[{"id":"ck"}]},
    "tracks":[{"type":"video","segments":[{"id":"seg1","material_id":"m",
      "target_timerange":{"start":0,"duration":1000000},
      "extra_material_refs":["tr1","mk1","ck","zz"],
      "common_keyframes":[{"property_type":"KFTypeWobble","keyframe_list":[]}]}]},
      {"type":"adjust","name":"fx","segments":[{"id":"e1","material_id":"q",
      "target_timerange":{"start":0,"duration":1000000}}]}]})";
  document d;
  ASSERT_TRUE(parse_draft(text, d).ok);
  std::vector<std::string> got;
  for (const auto& u : d.unsupported)
    got.push_back(u.feature + " on " + u.where);
  // Masks and transitions are modelled (the renderer decides what it draws); a chroma key, an
  // unknown keyframe property and an unknown track type are not.
  EXPECT_EQ(got, (std::vector<std::string>{"keyframe KFTypeWobble on segment seg1",
                                           "materials.chromas on segment seg1",
                                           "track type adjust on track fx"}));
  const auto& s = d.tracks[0].segments[0];
  EXPECT_EQ(s.transition_id, "tr1");
  EXPECT_EQ(s.mask_id, "mk1");
}

TEST(DraftParser, MutedTrackHasNoSound) {
  const char* text = R"({"canvas_config":{"width":320,"height":240},"duration":1000000,
    "materials":{"audios":[{"id":"a","path":"/a.mp3"}]},
    "tracks":[{"type":"audio","attribute":1,"segments":[{"material_id":"a",
      "target_timerange":{"start":0,"duration":1000000}}]}]})";
  document d;
  ASSERT_TRUE(parse_draft(text, d).ok);
  EXPECT_TRUE(d.tracks[0].muted);
  EXPECT_TRUE(sound_segments(d).empty());
}

// Found by fuzz/draft_content_fuzzer: a segment whose material is missing was dropped silently.
TEST(DraftParser, SegmentWithoutItsMaterialIsListed) {
  const char* text = R"({"canvas_config":{"width":320,"height":240},
    "materials":{"videos":[{"id":"m","path":"/a.mp4"}],"text_templates":[{"id":"tt"}]},
    "tracks":[{"type":"video","segments":[{"id":"ok","material_id":"m",
      "target_timerange":{"start":0,"duration":1000}},{"id":"lost","material_id":"gone",
      "target_timerange":{"start":0,"duration":1000}}]},
      {"type":"text","segments":[{"id":"tpl","material_id":"tt",
      "target_timerange":{"start":0,"duration":1000}}]}]})";
  document d;
  ASSERT_TRUE(parse_draft(text, d).ok);
  std::vector<std::string> got;
  for (const auto& u : d.unsupported)
    got.push_back(u.feature + " on " + u.where);
  EXPECT_EQ(got, (std::vector<std::string>{"missing material gone on segment lost",
                                           "materials.text_templates on segment tpl"}));
}

// Found by fuzz/draft_content_fuzzer: a float time past the int64 range was cast (undefined
// behaviour); negative and absurd times now clamp into [0, 2^50] us.
TEST(DraftParser, TimesAreClampedIntoRange) {
  const char* text = R"({"canvas_config":{"width":320,"height":240},"duration":1e300,
    "materials":{"videos":[{"id":"m","path":"/a.mp4","duration":-5}]},
    "tracks":[{"type":"video","segments":[{"id":"s","material_id":"m","speed":1e300,
      "volume":1e300,"target_timerange":{"start":-1.5,"duration":9223372036854775807},
      "source_timerange":{"start":18446744073709551615,"duration":1e19}}]}]})";
  document d;
  ASSERT_TRUE(parse_draft(text, d).ok);
  const int64_t max_us = int64_t{1} << 50;
  EXPECT_EQ(d.duration, max_us);
  EXPECT_EQ(d.videos.at("m").duration, 0);
  const auto& s = d.tracks[0].segments[0];
  EXPECT_EQ(s.target.start, 0);
  EXPECT_EQ(s.target.duration, max_us);
  EXPECT_EQ(s.source.start, max_us);
  EXPECT_EQ(s.source.duration, max_us);
}

TEST(DraftParser, CanvasSizeIsCheckedBeforeNarrowing) {
  document d;
  auto r = parse_draft(R"({"canvas_config":{"width":4294967936,"height":360},"tracks":[]})", d);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "invalid draft_content.json: canvas size out of range");
}

} // namespace
} // namespace cutqueue::draft
