// resolve_material on drafts in capcut-mate's layout (generated at test time): its
// /app/output/draft/<id>/... paths map to the draft folder, escapes and missing files are
// refused, http(s) materials are downloaded.
#include "fetch/draft_fetcher.hpp"
#include "tests/fetch/fetcher_test_support.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

namespace {

namespace fs = std::filesystem;
using namespace cutqueue::testing;
using cutqueue::cancel_token;
using cutqueue::fetch::fetch_outcome;
using cutqueue::fetch::fetched_draft;
using cutqueue::fetch::resolve_material;

/// Every materials.videos[] / materials.audios[] path of a draft.
std::vector<std::string> material_paths(const fs::path& draft_dir) {
  auto doc = nlohmann::json::parse(read_file(draft_dir / "draft_content.json"));
  std::vector<std::string> out;
  for (const char* kind : {"videos", "audios"})
    for (const auto& m : doc["materials"][kind])
      if (!m.value("path", "").empty())
        out.push_back(m["path"].get<std::string>());
  return out;
}

class material_resolver_test : public ::testing::Test {
protected:
  fetch_outcome resolve(const std::string& path, const fetched_draft& draft) {
    local_.clear();
    return resolve_material(path, draft, fast_fetch_config(), never_, local_);
  }

  cancel_token never_;
  std::string local_;
};

TEST_F(material_resolver_test, draft_paths_map_into_the_draft_folder) {
  const auto& drafts = generated_drafts();
  ASSERT_FALSE(drafts.root.empty());
  for (const auto& id : drafts.ids()) {
    SCOPED_TRACE(id);
    // The generated folder looks exactly like a fetched draft; resolving only reads it.
    fetched_draft draft{id, drafts.dir(id)};
    auto paths = material_paths(draft.dir);
    ASSERT_FALSE(paths.empty());
    for (const auto& p : paths) {
      auto r = resolve(p, draft);
      ASSERT_TRUE(r.ok) << p << ": " << r.error_message;
      auto prefix = "/app/output/draft/" + draft.draft_id + "/";
      ASSERT_EQ(p.rfind(prefix, 0), 0u) << p;
      EXPECT_EQ(fs::path(local_), fs::path(draft.dir) / p.substr(prefix.size()));
      EXPECT_TRUE(fs::is_regular_file(local_));
    }
  }
}

TEST_F(material_resolver_test, escapes_are_refused) {
  const auto& drafts = generated_drafts();
  ASSERT_FALSE(drafts.root.empty());
  fetched_draft draft{drafts.basic_id, drafts.dir(drafts.basic_id)};
  // A real file one level up (another draft's), so only the check can refuse it.
  const std::string sibling = drafts.music_id + "/assets/audios/music.mp3";
  const std::string escape = "/app/output/draft/" + draft.draft_id + "/../" + sibling;
  for (const std::string& p :
       {escape, "../" + sibling, std::string("/etc/passwd"), std::string("concat:a.mp4|b.mp4"),
        std::string("file:///etc/passwd")}) {
    SCOPED_TRACE(p);
    auto r = resolve(p, draft);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error_message.rfind("Material inaccessible: " + p + " (", 0), 0u)
        << r.error_message;
    EXPECT_TRUE(local_.empty());
  }
  EXPECT_EQ(resolve(escape, draft).error_message,
            "Material inaccessible: " + escape + " (outside the draft folder)");
}

TEST_F(material_resolver_test, symlink_out_of_the_draft_is_refused) {
  temp_dir dir("resolver");
  fs::create_directories(fs::path(dir.path()) / "assets");
  fs::create_symlink("/etc/hostname", fs::path(dir.path()) / "assets" / "evil.mp4");
  fetched_draft draft{"id1", dir.path()};
  auto r = resolve("/app/output/draft/id1/assets/evil.mp4", draft);
  EXPECT_EQ(r.error_message,
            "Material inaccessible: /app/output/draft/id1/assets/evil.mp4 (outside the draft "
            "folder)");
}

TEST_F(material_resolver_test, missing_file_is_refused) {
  temp_dir dir("resolver");
  fetched_draft draft{"id1", dir.path()};
  const std::string p = "/app/output/draft/id1/assets/videos/nope.mp4";
  EXPECT_EQ(resolve(p, draft).error_message, "Material inaccessible: " + p + " (file not found)");
  EXPECT_EQ(resolve("", draft).error_message, "Material inaccessible:  (empty path)");
}

TEST_F(material_resolver_test, http_material_is_downloaded_once) {
  const auto& drafts = generated_drafts();
  ASSERT_FALSE(drafts.root.empty());
  fixture_server server({drafts.root});
  ASSERT_NE(server.port(), 0);
  temp_dir dir("resolver");
  fetched_draft draft{"id1", dir.path()};
  const std::string rel = drafts.music_id + "/assets/audios/music.mp3";
  auto url = server.base_url() + "/files/" + rel;
  auto r = resolve(url, draft);
  ASSERT_TRUE(r.ok) << r.error_message;
  EXPECT_EQ(fs::path(local_).parent_path(), fs::path(dir.path()) / "remote");
  EXPECT_EQ(fs::path(local_).extension(), ".mp3") << "FFmpeg may need the extension";
  EXPECT_TRUE(read_file(local_) == read_file(fs::path(drafts.root) / rel));
  auto first = local_;
  ASSERT_TRUE(resolve(url, draft).ok);
  EXPECT_EQ(local_, first);
  EXPECT_EQ(server.request_count("/files/"), 1) << "the second resolve reuses the download";
}

TEST_F(material_resolver_test, http_material_into_the_draft_folder_reuses_fetched_file) {
  temp_dir dir("resolver");
  fs::create_directories(fs::path(dir.path()) / "assets");
  { std::ofstream(fs::path(dir.path()) / "assets" / "a.mp4") << "x"; }
  fetched_draft draft{"id1", dir.path()};
  // No server listens there: a request would fail.
  auto r = resolve("http://127.0.0.1:1/output/draft/id1/assets/a.mp4", draft);
  ASSERT_TRUE(r.ok) << r.error_message;
  EXPECT_EQ(fs::path(local_), fs::path(dir.path()) / "assets" / "a.mp4");
}

TEST_F(material_resolver_test, http_material_errors_name_the_url) {
  temp_dir files("resolver-files");
  fixture_server server({files.path()});
  ASSERT_NE(server.port(), 0);
  temp_dir dir("resolver");
  fetched_draft draft{"id1", dir.path()};
  auto url = server.base_url() + "/files/media/missing.mp4";
  EXPECT_EQ(resolve(url, draft).error_message, "Material inaccessible: " + url + " (HTTP 404)");
  EXPECT_FALSE(fs::exists(fs::path(dir.path()) / "remote") &&
               !fs::is_empty(fs::path(dir.path()) / "remote"))
      << "nothing half-written stays behind";
}

} // namespace
