// PNG encoding: bytes written come back unchanged through libpng and through FFmpeg, which is
// what reads them in a render.
#include "common/subprocess.hpp"
#include "render/png_writer.hpp"
#include "tests/support/test_files.hpp"

#include <gtest/gtest.h>

#include <png.h>
#include <vector>

namespace cutqueue::render {
namespace {

using test::scratch_dir;

std::vector<uint8_t> pattern(int w, int h, int channels) {
  std::vector<uint8_t> px(static_cast<size_t>(w) * h * channels);
  for (size_t i = 0; i < px.size(); ++i)
    px[i] = static_cast<uint8_t>((i * 37 + i / 7) & 0xff);
  return px;
}

/// Decodes with libpng's simplified reader into `format`; empty on failure.
std::vector<uint8_t> decode(const std::string& png, png_uint_32 format, int& w, int& h) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&image, png.data(), png.size()))
    return {};
  image.format = format;
  std::vector<uint8_t> px(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, px.data(), 0, nullptr))
    return {};
  w = static_cast<int>(image.width);
  h = static_cast<int>(image.height);
  return px;
}

/// Decodes with FFmpeg into raw `pix_fmt` bytes.
std::string ffmpeg_decode(const std::string& png, const std::string& pix_fmt) {
  scratch_dir dir;
  test::write_text(dir / "x.png", png);
  auto r = run_process({"ffmpeg", "-nostdin", "-v", "error", "-i", dir / "x.png", "-f", "rawvideo",
                        "-pix_fmt", pix_fmt, "-"},
                       {});
  EXPECT_TRUE(r.ok()) << r.stderr_tail;
  return r.out;
}

TEST(PngWriter, GrayRoundTrip) {
  const int w = 37, h = 23;
  auto px = pattern(w, h, 1);
  std::string png = encode_png_gray(px.data(), w, h);
  ASSERT_GT(png.size(), 8u);
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  int dw = 0, dh = 0;
  EXPECT_EQ(decode(png, PNG_FORMAT_GRAY, dw, dh), px);
  EXPECT_EQ(dw, w);
  EXPECT_EQ(dh, h);
  EXPECT_EQ(ffmpeg_decode(png, "gray"), std::string(px.begin(), px.end()));
}

TEST(PngWriter, RgbaRoundTripKeepsStraightAlpha) {
  const int w = 19, h = 11;
  auto px = pattern(w, h, 4);
  // Colour under zero and partial alpha must survive as written (not premultiplied).
  px[0] = 200, px[1] = 100, px[2] = 50, px[3] = 0;
  px[4] = 200, px[5] = 100, px[6] = 50, px[7] = 128;
  std::string png = encode_png_rgba(px.data(), w, h);
  int dw = 0, dh = 0;
  EXPECT_EQ(decode(png, PNG_FORMAT_RGBA, dw, dh), px);
  EXPECT_EQ(dw, w);
  EXPECT_EQ(dh, h);
  EXPECT_EQ(ffmpeg_decode(png, "rgba"), std::string(px.begin(), px.end()));
}

TEST(PngWriter, OnePixelAndALargeFlatPicture) {
  const uint8_t one = 200;
  int dw = 0, dh = 0;
  EXPECT_EQ(decode(encode_png_gray(&one, 1, 1), PNG_FORMAT_GRAY, dw, dh),
            std::vector<uint8_t>{200});
  // A full-HD mask that is mostly one value compresses to little (the point of writing it).
  std::vector<uint8_t> flat(1920 * 1080, 255);
  std::string png = encode_png_gray(flat.data(), 1920, 1080);
  EXPECT_LT(png.size(), flat.size() / 20);
  EXPECT_EQ(decode(png, PNG_FORMAT_GRAY, dw, dh), flat);
}

TEST(PngWriter, TheResultHoldsOnlyTheCompressedBytes) {
  // A plan keeps every caption picture of a draft until its export ends (1200 of them in an
  // hour-long draft): each must cost its compressed size, not the raw worst case it was
  // written into.
  std::vector<uint8_t> flat(static_cast<size_t>(872) * 328 * 4, 255);
  std::string png = encode_png_rgba(flat.data(), 872, 328);
  ASSERT_FALSE(png.empty());
  EXPECT_LT(png.capacity(), flat.size() / 20);
}

TEST(PngWriter, BadInputIsAnEmptyResult) {
  const uint8_t px[16] = {};
  EXPECT_TRUE(encode_png_gray(nullptr, 2, 2).empty());
  EXPECT_TRUE(encode_png_rgba(nullptr, 2, 2).empty());
  EXPECT_TRUE(encode_png_gray(px, 0, 2).empty());
  EXPECT_TRUE(encode_png_gray(px, 2, -1).empty());
  EXPECT_TRUE(encode_png_rgba(px, -4, 1).empty());
  EXPECT_TRUE(encode_png_gray(px, 2000000, 1).empty()); // beyond PNG's width limit
}

} // namespace
} // namespace cutqueue::render
