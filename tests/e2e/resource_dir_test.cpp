// The operator's resource folder on the real binary: read at start with every unusable file
// named in the log, read again on SIGHUP (which must not stop the service).
#include "tests/e2e/e2e_support.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>

namespace cutqueue::testing {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

std::string identity_cube() {
  std::string s = "LUT_3D_SIZE 2\n";
  for (int b = 0; b < 2; ++b)
    for (int g = 0; g < 2; ++g)
      for (int r = 0; r < 2; ++r)
        s += std::to_string(r) + " " + std::to_string(g) + " " + std::to_string(b) + "\n";
  return s;
}

TEST(ResourceDirE2e, ReadAtStartBrokenFilesNamedAndReadAgainOnSighup) {
  temp_dir data("cutqueue-resources");
  const fs::path res = fs::path(data.path()) / "resources";
  write(res / "filters" / "7127618237117877518.cube", identity_cube());
  write(res / "filters" / "broken.cube", "LUT_3D_SIZE 33\n0 0 0\n");
  write(res / "fonts" / "notafont.ttf", "hello");
  write(res / "stickers" / "renamed.gif", std::string("\x89PNG\r\n\x1a\n", 8) + "0000");
  // The environment twin names the folder.
  cutqueue_server server(data.path() + "/data", {}, true,
                         {{"CUTQUEUE_RESOURCE_DIR", res.string()}});
  std::string log;
  ASSERT_TRUE(wait_until(
      [&] {
        log = server.log_text();
        return log.find("1 LUTs, 0 stickers, 0 fonts, 0 text effect textures") != std::string::npos;
      },
      10s))
      << log;
  EXPECT_NE(log.find("left out filters/broken.cube: LUT_3D_SIZE 33 needs 35937 rows, has 1"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("left out fonts/notafont.ttf: FreeType cannot open it"), std::string::npos)
      << log;
  EXPECT_NE(log.find("left out stickers/renamed.gif: not a gif file"), std::string::npos) << log;

  // The scan reads a sticker's header; decoding is the export's job.
  write(res / "stickers" / "7326810673609018675.png", std::string("\x89PNG\r\n\x1a\n", 8) + "IHDR");
  server.process().signal(SIGHUP);
  ASSERT_TRUE(wait_until(
      [&] {
        log = server.log_text();
        return log.find("1 LUTs, 1 stickers, 0 fonts") != std::string::npos;
      },
      10s))
      << log;
  EXPECT_NE(log.find("received SIGHUP: reading the resource folder again"), std::string::npos);
  EXPECT_TRUE(server.process().running()) << "SIGHUP stopped the service";
  EXPECT_EQ(http_get(server.base_url() + "/healthz").status, 200);
}

TEST(ResourceDirE2e, SighupWithoutAFolderIsHarmless) {
  temp_dir data("cutqueue-noresources");
  cutqueue_server server(data.path() + "/data");
  server.process().signal(SIGHUP);
  std::string log;
  ASSERT_TRUE(wait_until(
      [&] {
        log = server.log_text();
        return log.find("received SIGHUP: no --resource-dir to read") != std::string::npos;
      },
      10s))
      << log;
  EXPECT_TRUE(server.process().running());
  EXPECT_EQ(http_get(server.base_url() + "/healthz").status, 200);
}

} // namespace
} // namespace cutqueue::testing
