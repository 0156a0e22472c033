#include "http/request_framer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using cutqueue::http::request_framer;
using verdict = request_framer::verdict;

namespace {

std::string post(size_t length, const std::string& extra_headers = "") {
  return "POST /x HTTP/1.1\r\nHost: h\r\n" + extra_headers +
         "Content-Length: " + std::to_string(length) + "\r\n\r\n";
}

/// The verdict on `bytes` fed at once to a fresh framer (body limit `max_body`).
verdict verdict_on(const std::string& bytes, size_t max_body = 100) {
  request_framer f(max_body, 8192);
  return f.feed(bytes);
}

/// Feeds one byte at a time: the verdict must not depend on how the bytes were split.
verdict feed_bytewise(request_framer& f, const std::string& s) {
  verdict v = verdict::pass;
  for (char c : s)
    v = f.feed(std::string_view(&c, 1));
  return v;
}

} // namespace

TEST(RequestFramer, RefusesAnOversizedContentLengthFromTheHeadAlone) {
  request_framer f(100, 8192);
  EXPECT_EQ(f.feed(post(64 * 1024 * 1024)), verdict::body_too_large);
  EXPECT_EQ(f.announced_remaining(), 64u * 1024 * 1024);
  // Once refused it stays refused, whatever follows.
  EXPECT_EQ(f.feed("GET / HTTP/1.1\r\n\r\n"), verdict::body_too_large);
}

TEST(RequestFramer, PassesBodiesUpToTheLimitAndPipelinedRequests) {
  request_framer f(100, 8192);
  std::string two = post(100) + std::string(100, 'x') + post(3) + "abc" +
                    "GET /healthz HTTP/1.1\r\nHost: h\r\n\r\n";
  EXPECT_EQ(f.feed(two), verdict::pass);
  request_framer g(100, 8192);
  EXPECT_EQ(feed_bytewise(g, two), verdict::pass);
  // The body of an accepted request is not mistaken for a head.
  request_framer h(100, 8192);
  EXPECT_EQ(h.feed(post(40) + "POST / HTTP/1.1\r\nContent-Length: 999\r\n\r\n"), verdict::pass);
}

TEST(RequestFramer, TheOversizedRequestAfterAnAcceptedOneIsRefused) {
  request_framer f(100, 8192);
  EXPECT_EQ(feed_bytewise(f, post(10) + "0123456789" + post(101)), verdict::body_too_large);
}

TEST(RequestFramer, HeaderNamesAreCaseInsensitive) {
  request_framer f(100, 8192);
  EXPECT_EQ(f.feed("POST / HTTP/1.1\r\ncontent-length:  5000\r\n\r\n"), verdict::body_too_large);
}

TEST(RequestFramer, CountsChunkedBodiesAcrossChunks) {
  request_framer ok(10, 8192);
  std::string head = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
  EXPECT_EQ(feed_bytewise(ok, head + "5;ext=1\r\nhello\r\n5\r\nworld\r\n0\r\nX-T: 1\r\n\r\n" +
                                  "GET / HTTP/1.1\r\n\r\n"),
            verdict::pass);
  request_framer big(10, 8192);
  EXPECT_EQ(big.feed(head + "8\r\n12345678\r\n8\r\n"), verdict::body_too_large);
}

TEST(RequestFramer, AnEndlessHeadIsRefused) {
  request_framer f(100, 1024);
  EXPECT_EQ(f.feed("GET / HTTP/1.1\r\n"), verdict::pass);
  EXPECT_EQ(f.feed("X-A: " + std::string(2000, 'a')), verdict::head_too_large);
}

TEST(RequestFramer, FramingThatCannotBeFollowedIsMalformed) {
  EXPECT_EQ(verdict_on("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"), verdict::malformed);
  EXPECT_EQ(verdict_on("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n"),
            verdict::malformed);
  EXPECT_EQ(verdict_on("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
            verdict::malformed);
  EXPECT_EQ(verdict_on("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n"),
            verdict::malformed);
}

TEST(RequestFramer, StrayLineBreaksBetweenRequestsAreTolerated) {
  request_framer f(100, 8192);
  EXPECT_EQ(f.feed(post(2) + "ok\r\n" + post(200)), verdict::body_too_large);
  request_framer g(100, 8192);
  EXPECT_EQ(g.feed(post(2) + "ok\r\nGET / HTTP/1.1\r\n\r\n"), verdict::pass);
}

TEST(RequestFramer, AmbiguousBodyFramingIsMalformed) {
  // Both lengths, or chunked not last: two readings of where the body ends (smuggling).
  EXPECT_EQ(
      verdict_on("POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"),
      verdict::malformed);
  EXPECT_EQ(verdict_on("POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n"),
            verdict::malformed);
  EXPECT_EQ(verdict_on("POST / HTTP/1.1\r\nTransfer-Encoding: xchunked\r\n\r\n"),
            verdict::malformed);
  EXPECT_EQ(verdict_on("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n"
                       "b\r\n12345678901\r\n",
                       10),
            verdict::body_too_large);
}

TEST(RequestFramer, ChunkDataMustEndWithALineBreak) {
  request_framer f(100, 8192);
  EXPECT_EQ(f.feed("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n"),
            verdict::malformed);
}

TEST(RequestFramer, TellsWhereTheRefusedRequestBeganInTheLastRead) {
  request_framer f(100, 8192);
  std::string first = "GET /healthz HTTP/1.1\r\nHost: h\r\n\r\n";
  EXPECT_EQ(f.feed(first + post(101)), verdict::body_too_large);
  EXPECT_EQ(f.request_offset(), first.size());
  // A head split across reads began in the earlier read.
  request_framer g(100, 8192);
  auto head = post(101);
  EXPECT_EQ(g.feed(head.substr(0, 10)), verdict::pass);
  EXPECT_EQ(g.feed(head.substr(10)), verdict::body_too_large);
  EXPECT_EQ(g.request_offset(), 0u);
}

TEST(RequestFramer, FeedOneStopsAtEachRequestEnd) {
  const std::string get = "GET /outputs/a.mp4 HTTP/1.1\r\nHost: h\r\n\r\n";
  const std::string chunked = "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                              "3\r\nabc\r\n0\r\nX-Trailer: 1\r\n\r\n";
  const std::string with_body = post(5) + "hello";
  const std::string all = get + chunked + with_body + "GET /par";
  request_framer f(100, 8192);
  std::string_view rest = all;
  std::vector<size_t> pieces;
  while (!rest.empty()) {
    size_t used = 0;
    ASSERT_EQ(f.feed_one(rest, used), verdict::pass);
    ASSERT_GT(used, 0u);
    pieces.push_back(used);
    rest.remove_prefix(used);
  }
  EXPECT_EQ(pieces, (std::vector<size_t>{get.size(), chunked.size(), with_body.size(), 8}));
  // The unfinished head goes on framing where it stopped.
  size_t used = 0;
  EXPECT_EQ(f.feed_one("tial HTTP/1.1\r\n\r\nGET /", used), verdict::pass);
  EXPECT_EQ(used, 17u);
}

TEST(RequestFramer, FeedOneRefusesLikeFeed) {
  request_framer f(100, 8192);
  size_t used = 0;
  const std::string first = "GET / HTTP/1.1\r\n\r\n";
  EXPECT_EQ(f.feed_one(first + post(101), used), verdict::pass);
  EXPECT_EQ(used, first.size());
  EXPECT_EQ(f.feed_one(post(101), used), verdict::body_too_large);
  EXPECT_EQ(f.request_offset(), 0u);
}

// Found by fuzz/request_framer_fuzzer.cpp: requests whose framing another parser (Pistache)
// could read differently are refused instead of passed.
TEST(RequestFramer, FieldLinesOtherParsersReadDifferentlyAreMalformed) {
  for (const char* head :
       {"POST / HTTP/1.1\r\nContent-Length : 5\r\n\r\n",         // space before the colon
        "POST / HTTP/1.1\r\nContent-Length\t: 5\r\n\r\n",        // tab before the colon
        "POST / HTTP/1.1\r\nX: a\r\n Content-Length: 5\r\n\r\n", // obs-fold
        "POST / HTTP/1.1\r\nHost: x\nContent-Length: 5\r\n\r\n", // bare LF inside the head
        "POST / HTTP/1.1\r\nHost: x\rContent-Length: 5\r\n\r\n", // bare CR inside the head
        "POST / HTTP/1.1\r\nno colon here\r\n\r\n", "GET / HTTP/1.1\r\n: value\r\n\r\n"})
    EXPECT_EQ(verdict_on(head), verdict::malformed) << head;
  EXPECT_EQ(verdict_on(std::string("GET / HTTP/1.1\r\nX: a\0b\r\n\r\n", 27)), verdict::malformed);
}

TEST(RequestFramer, ChunkLinesNeedCrlf) {
  const std::string head = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
  EXPECT_EQ(verdict_on(head + "5\nhello\r\n0\r\n\r\n"), verdict::malformed);
  EXPECT_EQ(verdict_on(head + "5\r\nhello\n0\r\n\r\n"), verdict::malformed);
  EXPECT_EQ(verdict_on(head + "5\r\nhello\r\n0\r\n\n"), verdict::malformed);
  EXPECT_EQ(verdict_on(head + "5\r\nhello\r\n0\r\nX: 1\r\n\r\n"), verdict::pass);
}

TEST(RequestFramer, TheHeadLimitCountsTheEmptyLineThatEndsIt) {
  const std::string head = "GET / HTTP/1.1\r\nX: " + std::string(30, 'a') + "\r\n\r\n";
  request_framer exact(100, head.size());
  EXPECT_EQ(exact.feed(head), verdict::pass);
  request_framer one_less(100, head.size() - 1);
  EXPECT_EQ(one_less.feed(head), verdict::head_too_large);
}

TEST(RequestFramer, EmptyLinesBeforeARequestAreNoRequest) {
  request_framer f(100, 8192);
  size_t used = 0;
  const std::string next = "GET / HTTP/1.1\r\n\r\n";
  EXPECT_EQ(f.feed_one("\r\n\r\n" + next + next, used), verdict::pass);
  EXPECT_TRUE(f.request_ended());
  EXPECT_EQ(used, 4 + next.size()) << "the blank lines travel with the request after them";
}
