#include "common/text.hpp"
#include "common/url.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using namespace cutqueue::url;

const std::string good = "https://capcut-mate.jcaigc.cn/openapi/capcut-mate/v1/get_draft"
                         "?draft_id=2025092811473036584258";

TEST(url_draft_id_of, accepts_capcut_mate_draft_urls) {
  EXPECT_EQ(draft_id_of(good), "2025092811473036584258");
  EXPECT_EQ(draft_id_of("http://127.0.0.1:43575/x?draft_id=abc"), "abc");
  EXPECT_EQ(draft_id_of("HTTP://host/x?a=1&draft_id=abc&b=2"), "abc");
  EXPECT_EQ(draft_id_of("http://host/x?draft_id=a%20b"), "a b");
  EXPECT_EQ(draft_id_of("http://[::1]:8080/x?draft_id=abc#frag"), "abc");
}

TEST(url_draft_id_of, first_draft_id_wins) {
  EXPECT_EQ(draft_id_of("http://h/x?draft_id=one&draft_id=two"), "one");
}

TEST(url_draft_id_of, refuses_missing_or_empty_draft_id) {
  EXPECT_FALSE(draft_id_of("http://h/x"));
  EXPECT_FALSE(draft_id_of("http://h/x?"));
  EXPECT_FALSE(draft_id_of("http://h/x?draft_id="));
  EXPECT_FALSE(draft_id_of("http://h/x?draft_id"));
  EXPECT_FALSE(draft_id_of("http://h/x?draft_id=%20%20"));
  EXPECT_FALSE(draft_id_of("http://h/x?draftid=abc"));
  EXPECT_FALSE(draft_id_of("http://h/x#?draft_id=abc")) << "a fragment is not the query";
}

TEST(url_draft_id_of, refuses_other_schemes_and_relative_references) {
  EXPECT_FALSE(draft_id_of("ftp://h/x?draft_id=abc"));
  EXPECT_FALSE(draft_id_of("file:///x?draft_id=abc"));
  EXPECT_FALSE(draft_id_of("javascript:alert(1)?draft_id=abc"));
  EXPECT_FALSE(draft_id_of("/openapi/x?draft_id=abc"));
  EXPECT_FALSE(draft_id_of("//h/x?draft_id=abc"));
  EXPECT_FALSE(draft_id_of("h/x?draft_id=abc"));
  EXPECT_FALSE(draft_id_of(""));
}

TEST(url_draft_id_of, refuses_bad_authority) {
  EXPECT_FALSE(draft_id_of("http:///x?draft_id=abc")) << "empty host";
  EXPECT_FALSE(draft_id_of("http://h:0/x?draft_id=abc"));
  EXPECT_FALSE(draft_id_of("http://h:65536/x?draft_id=abc"));
  EXPECT_FALSE(draft_id_of("http://h:8a/x?draft_id=abc"));
  EXPECT_FALSE(draft_id_of("http://user:pw@h/x?draft_id=abc")) << "credentials would leak";
  EXPECT_FALSE(draft_id_of("http://[::1/x?draft_id=abc"));
}

TEST(url_draft_id_of, enforces_the_length_limit) {
  std::string prefix = "http://h/x?draft_id=";
  std::string at_limit = prefix + std::string(max_draft_url_length - prefix.size(), 'a');
  ASSERT_EQ(at_limit.size(), 2048u);
  EXPECT_TRUE(draft_id_of(at_limit));
  EXPECT_FALSE(draft_id_of(at_limit + "a"));
}

TEST(url_draft_id_of, refuses_spaces_and_control_characters) {
  EXPECT_FALSE(draft_id_of("http://h/x?draft_id=a b"));
  EXPECT_FALSE(draft_id_of(" " + good)) << "callers trim first";
  EXPECT_FALSE(draft_id_of("http://h/x?draft_id=a\tb"));
  EXPECT_FALSE(draft_id_of(std::string("http://h/x?draft_id=a\0b", 23)));
  EXPECT_EQ(draft_id_of(std::string(cutqueue::text::trim("  \t" + good + "\n"))),
            "2025092811473036584258");
}

TEST(url_parse, splits_the_parts) {
  auto p = parse("HTTPS://Example.COM:8443/a/b%20c?x=1&y=2#frag");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->scheme, "https");
  EXPECT_EQ(p->host, "example.com");
  EXPECT_EQ(p->port, 8443);
  EXPECT_EQ(p->path, "/a/b%20c");
  EXPECT_EQ(p->query, "x=1&y=2");
  auto d = parse("http://h");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->port, 80);
  EXPECT_EQ(d->path, "/");
  EXPECT_EQ(parse("https://h?q")->port, 443);
  EXPECT_EQ(parse("https://h?q")->path, "/");
  EXPECT_EQ(parse("http://[::1]:9/")->host, "::1");
}

TEST(url_query_param, decodes_values_and_names) {
  EXPECT_EQ(query_param("a=1&b=x%2By+z", "b"), "x+y z");
  EXPECT_EQ(query_param("dr%61ft_id=q", "draft_id"), "q");
  EXPECT_EQ(query_param("a&b=2", "a"), "");
  EXPECT_EQ(query_param("a=%E7%AC%AC", "a"), "\xE7\xAC\xAC");
  EXPECT_FALSE(query_param("a=1", "b"));
  EXPECT_FALSE(query_param("", "a"));
  EXPECT_FALSE(query_param("a=%zz", "a")) << "malformed escape";
  EXPECT_FALSE(query_param("a=%4", "a")) << "truncated escape";
  EXPECT_EQ(query_param("a=%41", "a"), "A") << "escape at the very end";
}

TEST(url_percent_decode, plus_only_when_asked) {
  EXPECT_EQ(percent_decode("a+b", true), "a b");
  EXPECT_EQ(percent_decode("a+b", false), "a+b");
  EXPECT_EQ(percent_decode("%2e%2E", false), "..");
  EXPECT_EQ(percent_decode("100%", false), std::nullopt);
}

TEST(url_resolve, handles_every_reference_form) {
  const std::string base = "http://h:8080/dir/page?q=1";
  EXPECT_EQ(resolve(base, "https://other/x"), "https://other/x");
  EXPECT_EQ(resolve(base, "//other/x"), "http://other/x");
  EXPECT_EQ(resolve(base, "/abs?y=2"), "http://h:8080/abs?y=2");
  EXPECT_EQ(resolve(base, "rel.mp4"), "http://h:8080/dir/rel.mp4");
  EXPECT_EQ(resolve(base, "?q=2"), "http://h:8080/dir/page?q=2");
  EXPECT_EQ(resolve("https://h/", "a"), "https://h/a") << "default port stays implicit";
  EXPECT_EQ(resolve("http://[::1]:81/a/b", "c"), "http://[::1]:81/a/c");
  EXPECT_FALSE(resolve(base, ""));
  EXPECT_FALSE(resolve("not a url", "x"));
}

TEST(Url, PercentEncodeRoundTripsThroughDecode) {
  EXPECT_EQ(percent_encode("a b/c?d=e&f%", false), "a%20b%2Fc%3Fd%3De%26f%25");
  EXPECT_EQ(percent_encode("assets/videos/x y.mp4", true), "assets/videos/x%20y.mp4");
  std::string all;
  for (int c = 0; c < 256; ++c)
    all.push_back(static_cast<char>(c));
  EXPECT_EQ(percent_decode(percent_encode(all, false), false), all);
}

} // namespace
