// The API key checker: key format, key files, credential extraction and the decision.
#include "http/api_keys.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace cutqueue::http {
namespace {

TEST(api_keys, valid_keys_are_visible_ascii_without_blanks) {
  EXPECT_TRUE(valid_api_key("k"));
  EXPECT_TRUE(valid_api_key("550e8400-e29b-41d4-a716-446655440000"));
  EXPECT_TRUE(valid_api_key(std::string(4096, 'a')));
  EXPECT_FALSE(valid_api_key(""));
  EXPECT_FALSE(valid_api_key(std::string(4097, 'a')));
  for (const char* bad : {"a b", "a\tb", "a\nb", "ключ", "a\x7f"})
    EXPECT_FALSE(valid_api_key(bad)) << bad;
}

TEST(api_keys, key_file_lines) {
  std::vector<std::string> keys{"from-flag"};
  EXPECT_FALSE(parse_api_key_lines("# team keys\n\n  alpha  \r\nbeta\n\t\n#gamma\ndelta", keys));
  EXPECT_EQ(keys, (std::vector<std::string>{"from-flag", "alpha", "beta", "delta"}));
  std::vector<std::string> none;
  auto err = parse_api_key_lines("good\nsecret part two\n", none);
  ASSERT_TRUE(err);
  EXPECT_EQ(*err, "line 2: invalid key");
  EXPECT_EQ(err->find("secret"), std::string::npos) << "the key is never repeated";
  EXPECT_TRUE(none.empty()) << "nothing from a file with a bad line";
}

TEST(api_keys, key_file_reading) {
  cutqueue::testing::temp_dir dir("api-keys");
  const std::string path = dir.path() + "/keys";
  std::vector<std::string> keys;
  auto missing = read_api_key_file(path, keys);
  ASSERT_TRUE(missing);
  EXPECT_NE(missing->find(path), std::string::npos);
  std::ofstream(path) << "# only comments\n\n";
  auto empty = read_api_key_file(path, keys);
  ASSERT_TRUE(empty);
  EXPECT_EQ(*empty, path + " holds no key");
  std::ofstream(path) << "k1\nk2\n";
  EXPECT_FALSE(read_api_key_file(path, keys));
  EXPECT_EQ(keys, (std::vector<std::string>{"k1", "k2"}));
}

TEST(api_keys, bearer_token_extraction) {
  EXPECT_EQ(bearer_token("Bearer abc"), "abc");
  EXPECT_EQ(bearer_token("bearer   abc  "), "abc");
  EXPECT_EQ(bearer_token("BEARER\tabc"), "abc");
  for (const char* bad : {"", "Bearer", "Bearer ", "Bearerabc", "Basic YTpi", "abc", "Token abc"})
    EXPECT_FALSE(bearer_token(bad)) << bad;
}

TEST(api_keys, body_field_extraction) {
  EXPECT_EQ(body_api_key(R"({"draft_url":"x","apiKey":"k"})"), "k");
  for (const char* bad : {"", "not json", "[]", R"({"apiKey":null})", R"({"apiKey":7})",
                          R"({"api_key":"k"})", R"({"apikey":"k"})"})
    EXPECT_FALSE(body_api_key(bad)) << bad;
}

TEST(api_keys, accepts_exactly_the_configured_keys) {
  api_key_set keys({"alpha-key", "beta-key-longer"});
  EXPECT_TRUE(keys.enabled());
  EXPECT_TRUE(keys.accepts("alpha-key"));
  EXPECT_TRUE(keys.accepts("beta-key-longer"));
  for (const char* bad : {"", "alpha", "alpha-key ", "alpha-keyalpha-key", "Alpha-key",
                          "beta-key-longe", "beta-key-longer!", "alpha-kez"})
    EXPECT_FALSE(keys.accepts(bad)) << bad;
  // A presented key that is a cyclic repetition of a key must not match it.
  api_key_set short_key({"ab"});
  EXPECT_FALSE(short_key.accepts("abab"));
  EXPECT_FALSE(short_key.accepts("a"));
  EXPECT_TRUE(short_key.accepts("ab"));
}

TEST(api_keys, no_keys_means_open) {
  api_key_set none;
  EXPECT_FALSE(none.enabled());
  EXPECT_TRUE(none.authorizes(std::nullopt, "", true));
  EXPECT_TRUE(none.authorizes(std::nullopt, "", false));
  EXPECT_FALSE(none.accepts("")) << "an empty key never matches";
  api_key_set only_empty({""});
  EXPECT_FALSE(only_empty.enabled()) << "empty keys are dropped";
}

TEST(api_keys, header_or_body_decides) {
  api_key_set keys({"k1"});
  const std::string with_key = R"({"draft_url":"x","apiKey":"k1"})";
  const std::string wrong_key = R"({"draft_url":"x","apiKey":"k2"})";
  EXPECT_TRUE(keys.authorizes(std::string_view("Bearer k1"), "", true));
  EXPECT_TRUE(keys.authorizes(std::string_view("Bearer k1"), "", false));
  EXPECT_FALSE(keys.authorizes(std::string_view("Bearer k2"), "", true));
  EXPECT_FALSE(keys.authorizes(std::nullopt, "", true));
  EXPECT_FALSE(keys.authorizes(std::string_view("Basic azE6"), "", true));
  EXPECT_TRUE(keys.authorizes(std::nullopt, with_key, true));
  EXPECT_FALSE(keys.authorizes(std::nullopt, with_key, false)) << "GET routes: header only";
  EXPECT_FALSE(keys.authorizes(std::nullopt, wrong_key, true));
  // Either credential is enough; a wrong header does not spoil a right body key.
  EXPECT_TRUE(keys.authorizes(std::string_view("Bearer k2"), with_key, true));
  EXPECT_TRUE(keys.authorizes(std::string_view("Bearer k1"), wrong_key, true));
}

} // namespace
} // namespace cutqueue::http
