// The answers of /outputs/ without a server: which names are served, validators and conditional
// requests, ranges with If-Range, HEAD.
#include "http/http_date.hpp"
#include "http/output_files.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sys/stat.h>

namespace cutqueue::http {
namespace {

namespace fs = std::filesystem;

/// The header fields of an answer's head, names as written.
std::map<std::string, std::string> fields(const std::string& head) {
  std::map<std::string, std::string> out;
  size_t pos = head.find("\r\n");
  while (pos != std::string::npos && pos + 2 < head.size()) {
    auto end = head.find("\r\n", pos + 2);
    auto line = head.substr(pos + 2, end - pos - 2);
    auto colon = line.find(": ");
    if (colon != std::string::npos)
      out[line.substr(0, colon)] = line.substr(colon + 2);
    pos = end;
  }
  return out;
}

class OutputFiles : public ::testing::Test {
protected:
  void SetUp() override {
    fs::create_directories(out);
    std::ofstream(out + "/video.mp4", std::ios::binary) << std::string(1000, 'v');
    std::ofstream(root.path() + "/secret.mp4") << "secret";
    std::ofstream(out + "/.hidden.mp4") << "hidden";
    fs::create_symlink("../secret.mp4", out + "/link.mp4");
    fs::create_directory(out + "/folder.mp4");
    settings.dir = out;
    settings.max_age = std::chrono::hours(48);
  }

  output_answer get(output_request req) { return answer_output(req, settings, now); }
  output_request request(const std::string& name) {
    output_request r;
    r.name = name;
    return r;
  }

  testing::temp_dir root{"cutqueue-outputs"};
  std::string out = root.path() + "/outputs";
  output_settings settings;
  std::time_t now = 1767225600; // 2026-01-01
};

TEST_F(OutputFiles, AFileOfTheFolderIsServedWithItsValidators) {
  auto a = get(request("video.mp4"));
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.head.rfind("HTTP/1.1 200 OK\r\n", 0), 0u);
  auto f = fields(a.head);
  EXPECT_EQ(f["Content-Type"], "video/mp4");
  EXPECT_EQ(f["Content-Length"], "1000");
  EXPECT_EQ(f["Accept-Ranges"], "bytes");
  EXPECT_EQ(f["Cache-Control"], "public, max-age=172800, immutable");
  EXPECT_EQ(f["Date"], "Thu, 01 Jan 2026 00:00:00 GMT");
  EXPECT_EQ(f["Connection"], "keep-alive");
  EXPECT_EQ(f["ETag"].front(), '"');
  struct stat sb {};
  ASSERT_EQ(::stat((out + "/video.mp4").c_str(), &sb), 0);
  EXPECT_EQ(f["Last-Modified"], format_http_date(sb.st_mtim.tv_sec));
  EXPECT_GE(a.file.get(), 0);
  EXPECT_EQ(a.offset, 0u);
  EXPECT_EQ(a.length, 1000u);
}

TEST_F(OutputFiles, OnlyPlainFilesOfTheFolderAreServed) {
  for (auto name : {"nope.mp4", "../secret.mp4", "..", ".hidden.mp4", "link.mp4", "folder.mp4",
                    "a/b.mp4", "", "%2e%2e"}) {
    auto a = get(request(name));
    EXPECT_EQ(a.status, 404) << name;
    EXPECT_LT(a.file.get(), 0) << name;
    EXPECT_EQ(a.text, R"({"detail":"Not Found"})") << name;
  }
}

TEST_F(OutputFiles, HeadHasGetsFieldsWithoutABody) {
  auto r = request("video.mp4");
  r.head = true;
  auto a = get(r);
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(fields(a.head)["Content-Length"], "1000");
  EXPECT_EQ(a.length, 0u);
  EXPECT_LT(a.file.get(), 0);
  auto missing = request("nope.mp4");
  missing.head = true;
  auto m = get(missing);
  EXPECT_EQ(m.status, 404);
  EXPECT_TRUE(m.text.empty());
  EXPECT_NE(fields(m.head)["Content-Length"], "0") << "the length GET would get";
}

TEST_F(OutputFiles, MatchingValidatorsAnswer304) {
  auto first = get(request("video.mp4"));
  auto f = fields(first.head);
  auto etag = f["ETag"];
  auto last_modified = f["Last-Modified"];

  auto r = request("video.mp4");
  r.if_none_match = etag;
  auto a = get(r);
  EXPECT_EQ(a.status, 304);
  EXPECT_EQ(fields(a.head)["ETag"], etag);
  EXPECT_EQ(a.length, 0u);
  EXPECT_TRUE(a.text.empty());
  for (auto list : {"\"other\", " + etag, "W/" + etag, std::string("*")}) {
    r.if_none_match = list;
    EXPECT_EQ(get(r).status, 304) << list;
  }
  r.if_none_match = "\"other\"";
  EXPECT_EQ(get(r).status, 200);
  // If-None-Match decides alone when present, even against a matching date.
  r.if_modified_since = last_modified;
  EXPECT_EQ(get(r).status, 200);

  r.if_none_match.clear();
  EXPECT_EQ(get(r).status, 304);
  r.if_modified_since = format_http_date(*parse_http_date(last_modified) - 10);
  EXPECT_EQ(get(r).status, 200);
  r.if_modified_since = "yesterday";
  EXPECT_EQ(get(r).status, 200) << "an unreadable date is no condition";
}

TEST_F(OutputFiles, RangesAnswer206AndIfRangeKeepsThemToTheSameFile) {
  auto etag = fields(get(request("video.mp4")).head)["ETag"];
  auto r = request("video.mp4");
  r.range = "bytes=100-";
  auto a = get(r);
  EXPECT_EQ(a.status, 206);
  EXPECT_EQ(fields(a.head)["Content-Range"], "bytes 100-999/1000");
  EXPECT_EQ(fields(a.head)["Content-Length"], "900");
  EXPECT_EQ(a.offset, 100u);
  EXPECT_EQ(a.length, 900u) << "an open range is served whole, not capped";

  r.if_range = etag;
  EXPECT_EQ(get(r).status, 206);
  r.if_range = "\"an-older-file\"";
  auto full = get(r);
  EXPECT_EQ(full.status, 200);
  EXPECT_EQ(full.length, 1000u);
  r.if_range = "W/" + etag;
  EXPECT_EQ(get(r).status, 200) << "a weak tag never satisfies If-Range";

  r.if_range.clear();
  r.range = "bytes=1000-";
  auto beyond = get(r);
  EXPECT_EQ(beyond.status, 416);
  EXPECT_EQ(fields(beyond.head)["Content-Range"], "bytes */1000");
  r.head = true;
  r.range = "bytes=0-9";
  EXPECT_EQ(get(r).status, 200) << "Range is defined for GET only";
}

TEST_F(OutputFiles, ConnectionCloseIsAnnounced) {
  auto r = request("video.mp4");
  r.keep_alive = false;
  EXPECT_EQ(fields(get(r).head)["Connection"], "close");
  r.name = "nope.mp4";
  EXPECT_EQ(fields(get(r).head)["Connection"], "close");
}

TEST(HttpDate, FormatsAndReadsTheThreeForms) {
  EXPECT_EQ(format_http_date(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
  for (auto text : {"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
                    "Sun Nov  6 08:49:37 1994"})
    EXPECT_EQ(parse_http_date(text), std::optional<std::time_t>(784111777)) << text;
  EXPECT_FALSE(parse_http_date("06 Nov 1994"));
  EXPECT_FALSE(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT trailing"));
}

} // namespace
} // namespace cutqueue::http
