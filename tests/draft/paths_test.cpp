// The path rules of draft/paths.hpp: where downloaded files land, which local file a
// material path names, and every way out of the draft folder refused.
#include "draft/paths.hpp"

#include <gtest/gtest.h>

namespace {

using namespace cutqueue::draft;

const std::string id = "202611281158060a83757e";

TEST(draft_paths_safe_relative_path, keeps_normal_paths_and_drops_empty_segments) {
  EXPECT_EQ(safe_relative_path("assets/videos/a.mp4"), "assets/videos/a.mp4");
  EXPECT_EQ(safe_relative_path("/assets//a.mp4"), "assets/a.mp4");
  EXPECT_EQ(safe_relative_path("a..b/c...mp4"), "a..b/c...mp4") << "dots inside names are fine";
}

TEST(draft_paths_safe_relative_path, refuses_escapes) {
  EXPECT_FALSE(safe_relative_path("../x"));
  EXPECT_FALSE(safe_relative_path("assets/../../x"));
  EXPECT_FALSE(safe_relative_path("assets/./x"));
  EXPECT_FALSE(safe_relative_path(".."));
  EXPECT_FALSE(safe_relative_path(std::string("a\0b", 3)));
  EXPECT_FALSE(safe_relative_path(""));
  EXPECT_FALSE(safe_relative_path("/"));
  EXPECT_FALSE(safe_relative_path("assets/")) << "a folder is not a file";
}

TEST(draft_paths_file_url, keeps_the_path_after_the_draft_id) {
  EXPECT_EQ(file_url_relative_path("http://h:1/output/draft/" + id + "/assets/videos/a.mp4", id),
            "assets/videos/a.mp4");
  EXPECT_EQ(file_url_relative_path("http://h/output/draft/" + id + "/draft_content.json?x=1", id),
            "draft_content.json");
  EXPECT_EQ(file_url_relative_path("http://h/cdn/" + id + "/a%20b.mp4", id), "a b.mp4");
}

TEST(draft_paths_file_url, falls_back_to_draft_segment_then_file_name) {
  EXPECT_EQ(file_url_relative_path("http://h/output/draft/other/assets/a.mp4", id),
            "other/assets/a.mp4");
  EXPECT_EQ(file_url_relative_path("http://h/x/y/draft/z/draft/a.json", id), "a.json");
  EXPECT_EQ(file_url_relative_path("http://h/bucket/a.mp4", id), "a.mp4");
}

TEST(draft_paths_file_url, refuses_escapes_even_when_encoded) {
  EXPECT_FALSE(file_url_relative_path("http://h/output/draft/" + id + "/../../etc/passwd", id));
  EXPECT_FALSE(file_url_relative_path("http://h/output/draft/" + id + "/%2e%2e/%2E%2E/x", id));
  EXPECT_FALSE(file_url_relative_path("http://h/output/draft/" + id + "/a%2F..%2F..%2Fx", id));
  EXPECT_FALSE(file_url_relative_path("http://h/output/draft/" + id + "/a%00b", id));
  EXPECT_FALSE(file_url_relative_path("http://h/output/draft/" + id + "/", id));
  EXPECT_FALSE(file_url_relative_path("http://h/..", id));
  EXPECT_FALSE(file_url_relative_path("http://h/a%zz", id)) << "malformed escape";
  EXPECT_FALSE(file_url_relative_path("ftp://h/a.mp4", id));
}

TEST(draft_paths_file_url, leading_slashes_after_the_id_stay_inside) {
  // "//etc/passwd" after the id must not become an absolute path.
  EXPECT_EQ(file_url_relative_path("http://h/output/draft/" + id + "//etc/passwd", id),
            "etc/passwd");
  EXPECT_EQ(file_url_relative_path("http://h/output/draft/" + id + "/%2Fetc%2Fpasswd", id),
            "etc/passwd");
}

TEST(draft_paths_material, maps_capcut_mate_server_paths) {
  EXPECT_EQ(material_relative_path("/app/output/draft/" + id + "/assets/videos/x.mp4", id),
            "assets/videos/x.mp4");
  EXPECT_EQ(material_relative_path("C:\\Users\\1\\drafts\\" + id + "\\assets\\images\\y.png", id),
            "assets/images/y.png");
  EXPECT_EQ(material_relative_path("##_draftpath_placeholder_0E685133-18CE-45ED-8CB8-"
                                   "2904A212EC80_##/assets/a.mp3",
                                   id),
            "assets/a.mp3");
  EXPECT_EQ(material_relative_path("assets/audios/z.mp3", id), "assets/audios/z.mp3");
}

TEST(draft_paths_material, refuses_paths_outside_the_draft) {
  EXPECT_FALSE(material_relative_path("/etc/passwd", id));
  EXPECT_FALSE(material_relative_path("/app/output/draft/otherid/assets/x.mp4", id));
  EXPECT_FALSE(material_relative_path("C:/Windows/x.mp4", id));
  EXPECT_FALSE(material_relative_path("../../x", id));
  EXPECT_FALSE(material_relative_path("/app/output/draft/" + id + "/../../../etc/passwd", id));
  EXPECT_FALSE(material_relative_path("/app/output/draft/" + id + "/assets/..\\..\\x", id));
  EXPECT_FALSE(material_relative_path("##_draftpath_placeholder_x_##/../x", id));
  EXPECT_FALSE(material_relative_path("", id));
}

} // namespace
