// The operator's resource folder: what is taken, what is left out and why, how lookups fall
// back from resource id to name, and that a reload never changes a snapshot in use.
#include "render/resource_folder.hpp"
#include "tests/support/test_files.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace cutqueue::render {
namespace {

namespace fs = std::filesystem;

std::string cube(int size, int rows) {
  std::string s = "# comment\nTITLE \"t\"\nDOMAIN_MIN 0 0 0\nDOMAIN_MAX 1 1 1\nLUT_3D_SIZE " +
                  std::to_string(size) + "\n";
  for (int i = 0; i < rows; ++i)
    s += "0.5 0.25 1\r\n";
  return s;
}

TEST(ResourceFolder, CubeFilesAreCheckedLikeFfmpegWillReadThem) {
  EXPECT_EQ(cube_problem(cube(2, 8)), "");
  EXPECT_EQ(cube_problem(cube(3, 26)), "LUT_3D_SIZE 3 needs 27 rows, has 26");
  EXPECT_EQ(cube_problem(cube(1, 1)), "LUT_3D_SIZE must be 2..256");
  EXPECT_EQ(cube_problem("0 0 0\n"), "no LUT_3D_SIZE line");
  EXPECT_EQ(cube_problem("LUT_1D_SIZE 4\n"), "a 1D LUT; only 3D LUTs (LUT_3D_SIZE) are used");
  EXPECT_NE(cube_problem("LUT_3D_SIZE 2\nred green blue\n").find("neither a keyword"),
            std::string::npos);
}

TEST(ResourceFolder, TakesUsableFilesNamesTheRestAndIgnoresOtherExtensions) {
  test::scratch_dir dir;
  const fs::path root = dir.path();
  fs::create_directories(root / "filters");
  fs::create_directories(root / "fonts");
  fs::create_directories(root / "stickers");
  fs::create_directories(root / "text_effects");
  test::write_text((root / "filters" / "冷蓝.cube").string(), cube(2, 8));
  test::write_text((root / "filters" / "short.cube").string(), cube(2, 7));
  test::write_text((root / "filters" / "README.txt").string(), "where the LUTs came from");
  test::write_text((root / "fonts" / "x.ttf").string(), "not a font");
  fs::copy_file("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", root / "fonts" / "123.ttf");
  test::write_text((root / "stickers" / "1.webm").string(), "\x1a\x45\xdf\xa3rest");
  test::write_text((root / "stickers" / "2.mp4").string(), "no box here");
  ASSERT_TRUE(test::ffmpeg({"-f", "lavfi", "-i", "color=c=red:s=8x8", "-frames:v", "1",
                            (root / "text_effects" / "777.png").string()}));
  test::write_text((root / "text_effects" / "778.png").string(), "\x89PNG\r\n\x1a\ntruncated");

  const resource_folder f = scan_resource_folder(root.string());
  EXPECT_EQ(f.lut_for("7127618237117877518", "冷蓝"), fs::absolute(root / "filters" / "冷蓝.cube"))
      << "a filter is found by name when no file has its id";
  EXPECT_EQ(f.lut_for("nope", "short"), "");
  EXPECT_NE(f.font_for("123"), "");
  EXPECT_EQ(f.font_for("x"), "");
  EXPECT_NE(f.sticker_for("1"), "");
  EXPECT_EQ(f.sticker_for("2"), "");
  EXPECT_NE(f.text_effect_for("777"), "");
  EXPECT_EQ(f.text_effect_for("778"), "");
  EXPECT_EQ(f.size(), 4u);
  auto named = [&](const std::string& start) {
    for (const auto& p : f.problems)
      if (p.rfind(start, 0) == 0)
        return true;
    return false;
  };
  EXPECT_TRUE(named("filters/short.cube: LUT_3D_SIZE 2 needs 8 rows, has 7"));
  EXPECT_TRUE(named("fonts/x.ttf: FreeType cannot open it"));
  EXPECT_TRUE(named("stickers/2.mp4: not a mp4 file"));
  EXPECT_TRUE(named("text_effects/778.png: "));
  EXPECT_EQ(f.problems.size(), 4u) << ::testing::PrintToString(f.problems);
}

TEST(ResourceFolder, AMissingFolderIsOneProblemNotAnError) {
  const resource_folder f = scan_resource_folder("/nonexistent/resources");
  EXPECT_EQ(f.size(), 0u);
  ASSERT_EQ(f.problems.size(), 1u);
  EXPECT_EQ(f.problems[0], "/nonexistent/resources: not a readable folder");
}

TEST(ResourceFolder, AReloadLeavesSnapshotsInUseAlone) {
  test::scratch_dir dir;
  fs::create_directories(fs::path(dir.path()) / "filters");
  resource_library lib(dir.path());
  auto before = lib.current();
  EXPECT_EQ(before->luts.size(), 0u);
  test::write_text(dir.path() + "/filters/a.cube", cube(2, 8));
  lib.reload();
  EXPECT_EQ(before->luts.size(), 0u);
  EXPECT_EQ(lib.current()->luts.size(), 1u);
}

} // namespace
} // namespace cutqueue::render
