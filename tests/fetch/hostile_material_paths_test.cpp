// Material paths written by an attacker: resolve_material must only ever hand out regular
// files inside the task's own draft folder, whatever the path looks like. No fixtures needed.
#include "fetch/draft_fetcher.hpp"
#include "tests/fetch/fetcher_test_support.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

namespace {

namespace fs = std::filesystem;
using namespace cutqueue::testing;
using namespace cutqueue;
using namespace cutqueue::fetch;

class hostile_material_paths_test : public ::testing::Test {
protected:
  void SetUp() override {
    fs::create_directories(fs::path(dir_.path()) / "draft" / "assets");
    fs::create_directories(fs::path(dir_.path()) / "outside");
    std::ofstream(fs::path(dir_.path()) / "draft" / "assets" / "a.mp4") << "inside";
    std::ofstream(fs::path(dir_.path()) / "outside" / "secret.mp4") << "secret";
    draft_ = {"id1", (fs::path(dir_.path()) / "draft").string()};
  }

  fetch_outcome resolve(const std::string& path) {
    local_.clear();
    return resolve_material(path, draft_, fast_fetch_config(), never_, local_);
  }

  /// Refused with a "Material inaccessible: <path> (...)" message and no local file.
  void expect_refused(const std::string& path) {
    SCOPED_TRACE(path);
    auto r = resolve(path);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error_message.rfind("Material inaccessible: " + path + " (", 0), 0u)
        << r.error_message;
    EXPECT_TRUE(local_.empty()) << local_;
  }

  fs::path draft_dir() const { return draft_.dir; }

  temp_dir dir_{"hostile-paths"};
  fetched_draft draft_;
  cancel_token never_;
  std::string local_;
};

TEST_F(hostile_material_paths_test, the_draft_own_files_resolve) {
  for (const std::string& p :
       {std::string("/app/output/draft/id1/assets/a.mp4"), std::string("assets/a.mp4"),
        std::string("assets//a.mp4"), std::string("C:\\drafts\\id1\\assets\\a.mp4"),
        std::string("##_draftpath_placeholder_0E685133_##/assets/a.mp4")}) {
    SCOPED_TRACE(p);
    auto r = resolve(p);
    ASSERT_TRUE(r.ok) << r.error_message;
    EXPECT_EQ(fs::path(local_), draft_dir() / "assets" / "a.mp4");
  }
}

TEST_F(hostile_material_paths_test, absolute_paths_outside_the_draft_are_refused) {
  for (const char* p : {"/etc/passwd", "/proc/self/environ", "/dev/zero", "C:/Windows/win.ini",
                        "\\\\server\\share\\x.mp4", "/app/output/draft/other/assets/a.mp4"})
    expect_refused(p);
  EXPECT_EQ(resolve("/etc/passwd").error_message,
            "Material inaccessible: /etc/passwd (outside the draft folder)");
}

TEST_F(hostile_material_paths_test, dot_dot_escapes_are_refused) {
  for (const char* p :
       {"../../x", "../outside/secret.mp4", "assets/../../outside/secret.mp4",
        "/app/output/draft/id1/../../outside/secret.mp4", "assets\\..\\..\\outside\\secret.mp4",
        "##_draftpath_placeholder_X_##/../outside/secret.mp4", "./assets/a.mp4/..", ".."})
    expect_refused(p);
}

TEST_F(hostile_material_paths_test, protocols_never_reach_ffmpeg_as_local_paths) {
  for (const char* p : {"concat:assets/a.mp4|/etc/passwd", "file:/etc/passwd", "file:///etc/passwd",
                        "subfile,,start,0,end,10,,:/etc/passwd", "pipe:0", "data:,hello",
                        "ftp://127.0.0.1/x.mp4", "gopher://127.0.0.1/x", "http:/etc/passwd",
                        "https:\\\\127.0.0.1\\x.mp4", "tcp://127.0.0.1:9"})
    expect_refused(p);
}

TEST_F(hostile_material_paths_test, a_url_inside_a_local_path_stays_a_missing_local_file) {
  // "assets/http://host/x.mp4" is a relative path (segments "assets", "http:", "host", ...),
  // never a URL: at most it names a file inside the draft, which does not exist.
  for (const char* p :
       {"assets/http://127.0.0.1:9/x.mp4", "/app/output/draft/id1/http://127.0.0.1:9/x.mp4"}) {
    expect_refused(p);
    EXPECT_NE(resolve(p).error_message.find("(file not found)"), std::string::npos);
  }
}

TEST_F(hostile_material_paths_test, symlinks_out_of_the_folder_are_refused) {
  fs::create_symlink(fs::path(dir_.path()) / "outside" / "secret.mp4",
                     draft_dir() / "assets" / "link.mp4");
  fs::create_directory_symlink(fs::path(dir_.path()) / "outside", draft_dir() / "assets" / "dir");
  fs::create_directory_symlink("/etc", draft_dir() / "etc");
  for (const char* p : {"assets/link.mp4", "/app/output/draft/id1/assets/dir/secret.mp4",
                        "etc/passwd", "/app/output/draft/id1/etc/hostname"})
    expect_refused(p);
  EXPECT_EQ(resolve("assets/link.mp4").error_message,
            "Material inaccessible: assets/link.mp4 (outside the draft folder)");
  // A link that stays inside the folder is just another name for a draft file.
  fs::create_symlink(draft_dir() / "assets" / "a.mp4", draft_dir() / "assets" / "same.mp4");
  EXPECT_TRUE(resolve("assets/same.mp4").ok);
}

TEST_F(hostile_material_paths_test, folders_and_special_names_are_refused) {
  for (const char* p : {"assets", "assets/", "/app/output/draft/id1/", "/app/output/draft/id1", ""})
    expect_refused(p);
  auto nul = resolve(std::string("assets/a.mp4\0/etc/passwd", 24));
  EXPECT_EQ(nul.error_message.rfind("Material inaccessible: ", 0), 0u);
  EXPECT_FALSE(nul.ok);
}

} // namespace
