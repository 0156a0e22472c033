// The SSRF guard's pure parts on address literals: nothing here opens a socket.
#include "fetch/url_guard.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>

namespace cutqueue::fetch {
namespace {

using ac = address_class;

struct address_case {
  const char* literal;
  address_class expected;
};

class classify_test : public ::testing::TestWithParam<address_case> {};

TEST_P(classify_test, literal_has_its_class) {
  auto a = parse_ip_literal(GetParam().literal);
  ASSERT_TRUE(a) << GetParam().literal;
  EXPECT_EQ(classify_address(*a), GetParam().expected)
      << GetParam().literal << " classified as " << describe(classify_address(*a));
}

INSTANTIATE_TEST_SUITE_P(ipv4, classify_test,
                         ::testing::Values(address_case{"8.8.8.8", ac::public_unicast},
                                           address_case{"1.1.1.1", ac::public_unicast},
                                           address_case{"126.255.255.255", ac::public_unicast},
                                           address_case{"127.0.0.1", ac::loopback},
                                           address_case{"127.255.255.254", ac::loopback},
                                           address_case{"10.0.0.1", ac::private_network},
                                           address_case{"10.255.255.255", ac::private_network},
                                           address_case{"172.15.255.255", ac::public_unicast},
                                           address_case{"172.16.0.1", ac::private_network},
                                           address_case{"172.31.255.255", ac::private_network},
                                           address_case{"172.32.0.0", ac::public_unicast},
                                           address_case{"192.168.1.1", ac::private_network},
                                           address_case{"192.169.0.1", ac::public_unicast},
                                           address_case{"100.63.255.255", ac::public_unicast},
                                           address_case{"100.64.0.1", ac::shared_cgnat},
                                           address_case{"100.127.255.255", ac::shared_cgnat},
                                           address_case{"100.128.0.0", ac::public_unicast},
                                           address_case{"0.0.0.0", ac::unspecified},
                                           address_case{"0.1.2.3", ac::unspecified},
                                           address_case{"169.254.0.1", ac::link_local},
                                           address_case{"169.254.255.255", ac::link_local},
                                           address_case{"169.254.169.254", ac::cloud_metadata},
                                           address_case{"100.100.100.200", ac::cloud_metadata},
                                           address_case{"224.0.0.1", ac::not_unicast},
                                           address_case{"255.255.255.255", ac::not_unicast},
                                           address_case{"240.0.0.1", ac::not_unicast}));

INSTANTIATE_TEST_SUITE_P(
    ipv6, classify_test,
    ::testing::Values(
        address_case{"2001:4860:4860::8888", ac::public_unicast},
        address_case{"2606:4700::1111", ac::public_unicast}, address_case{"::1", ac::loopback},
        address_case{"::", ac::unspecified}, address_case{"[::1]", ac::loopback},
        address_case{"fe80::1", ac::link_local}, address_case{"febf::1", ac::link_local},
        address_case{"fc00::1", ac::unique_local}, address_case{"fd12:3456::1", ac::unique_local},
        address_case{"fec0::1", ac::unique_local},
        address_case{"fd00:ec2::254", ac::cloud_metadata},
        address_case{"fd00:ec2::253", ac::unique_local}, address_case{"ff02::1", ac::not_unicast},
        // IPv4 inside IPv6: judged by the IPv4 address.
        address_case{"::ffff:127.0.0.1", ac::loopback}, address_case{"::ffff:7f00:1", ac::loopback},
        address_case{"::ffff:10.1.2.3", ac::private_network},
        address_case{"::ffff:169.254.169.254", ac::cloud_metadata},
        address_case{"::ffff:169.254.1.1", ac::link_local},
        address_case{"::ffff:100.64.0.1", ac::shared_cgnat},
        address_case{"::ffff:0.0.0.0", ac::unspecified},
        address_case{"::ffff:8.8.8.8", ac::public_unicast},
        address_case{"::127.0.0.1", ac::loopback},
        address_case{"::192.168.0.1", ac::private_network},
        address_case{"64:ff9b::a9fe:a9fe", ac::cloud_metadata},
        address_case{"64:ff9b::10.0.0.1", ac::private_network},
        address_case{"64:ff9b::8.8.8.8", ac::public_unicast}));

TEST(address_allowed_test, default_policy_allows_private_but_never_link_local_or_metadata) {
  network_policy open;
  network_policy closed;
  closed.deny_private_networks = true;
  struct row {
    address_class c;
    bool open_allows;
    bool closed_allows;
  };
  for (auto r : {row{ac::public_unicast, true, true}, row{ac::loopback, true, false},
                 row{ac::private_network, true, false}, row{ac::shared_cgnat, true, false},
                 row{ac::unique_local, true, false}, row{ac::unspecified, true, false},
                 row{ac::link_local, false, false}, row{ac::cloud_metadata, false, false},
                 row{ac::not_unicast, false, false}}) {
    EXPECT_EQ(address_allowed(r.c, open), r.open_allows) << describe(r.c);
    EXPECT_EQ(address_allowed(r.c, closed), r.closed_allows) << describe(r.c);
  }
}

TEST(parse_ip_literal_test, host_names_and_odd_spellings_are_not_literals) {
  for (const char* text : {"", "localhost", "example.com", "1.2.3", "1.2.3.4.5", "0x7f.0.0.1",
                           "2130706433", "[::1", "::1]", "1.2.3.256", "fe80::1%eth0"})
    EXPECT_FALSE(parse_ip_literal(text)) << text;
}

TEST(address_of_test, reads_socket_addresses) {
  sockaddr_in in{};
  in.sin_family = AF_INET;
  inet_pton(AF_INET, "169.254.169.254", &in.sin_addr);
  auto a = address_of(reinterpret_cast<const sockaddr*>(&in), sizeof in);
  ASSERT_TRUE(a);
  EXPECT_EQ(to_string(*a), "169.254.169.254");
  EXPECT_EQ(classify_address(*a), ac::cloud_metadata);

  sockaddr_in6 in6{};
  in6.sin6_family = AF_INET6;
  inet_pton(AF_INET6, "::ffff:127.0.0.1", &in6.sin6_addr);
  auto b = address_of(reinterpret_cast<const sockaddr*>(&in6), sizeof in6);
  ASSERT_TRUE(b);
  EXPECT_EQ(classify_address(*b), ac::loopback);
  EXPECT_FALSE(address_of(reinterpret_cast<const sockaddr*>(&in6), sizeof(sockaddr_in)))
      << "too short for its family";
  EXPECT_FALSE(address_of(nullptr, 0));
}

TEST(check_url_test, only_http_and_https) {
  network_policy p;
  EXPECT_EQ(check_url("http://example.com/a", p), std::nullopt);
  EXPECT_EQ(check_url("HTTPS://example.com/a", p), std::nullopt);
  for (const char* bad : {"file:///etc/passwd", "ftp://example.com/a", "gopher://h/x",
                          "dict://h:11211/stat", "concat:a|b", "/etc/passwd"})
    EXPECT_EQ(check_url(bad, p), "scheme not allowed") << bad;
  EXPECT_EQ(check_url("http://user:pw@example.com/", p), "invalid URL");
}

TEST(check_url_test, metadata_and_link_local_are_refused_by_default) {
  network_policy p;
  for (const char* bad :
       {"http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/latest/",
        "http://metadata.google.internal/computeMetadata/v1/", "http://METADATA.google.internal./x",
        "http://metadata/x", "http://[fe80::1]:8080/x", "http://[::ffff:169.254.169.254]/",
        "http://100.100.100.200/latest/meta-data/"})
    EXPECT_TRUE(check_url(bad, p)) << bad;
  EXPECT_EQ(check_url("http://169.254.169.254/", p), "address not allowed");
  EXPECT_EQ(check_url("http://metadata.google.internal/", p), "host not allowed");
  // Loopback and private literals pass unless the operator denies them.
  EXPECT_EQ(check_url("http://127.0.0.1:8080/x", p), std::nullopt);
  EXPECT_EQ(check_url("http://[::1]:8080/x", p), std::nullopt);
  EXPECT_EQ(check_url("http://10.0.0.5/x", p), std::nullopt);
}

TEST(check_url_test, deny_private_networks_refuses_private_literals) {
  network_policy p;
  p.deny_private_networks = true;
  for (const char* bad :
       {"http://127.0.0.1:8080/x", "http://[::1]/x", "http://10.0.0.5/x", "http://172.20.1.1/x",
        "http://192.168.0.1/x", "http://100.64.1.1/x", "http://[fd12::1]/x", "http://0.0.0.0/x",
        "http://[::]/x", "http://[::ffff:192.168.0.1]/x", "http://[::ffff:127.0.0.1]/x"})
    EXPECT_EQ(check_url(bad, p), "address not allowed") << bad;
  EXPECT_EQ(check_url("http://8.8.8.8/x", p), std::nullopt);
  // Host names pass here; their resolved addresses are checked when connecting.
  EXPECT_EQ(check_url("http://localhost:8080/x", p), std::nullopt);
}

TEST(check_url_test, allow_hosts_limits_host_names) {
  network_policy p;
  p.allow_hosts = {"capcut-mate.example.com", "*.cdn.example.net", "127.0.0.1"};
  EXPECT_EQ(check_url("https://capcut-mate.example.com/x", p), std::nullopt);
  EXPECT_EQ(check_url("https://CAPCUT-MATE.example.com./x", p), std::nullopt);
  EXPECT_EQ(check_url("https://a.cdn.example.net/x", p), std::nullopt);
  EXPECT_EQ(check_url("https://a.b.cdn.example.net/x", p), std::nullopt);
  EXPECT_EQ(check_url("http://127.0.0.1:9/x", p), std::nullopt);
  for (const char* bad :
       {"https://cdn.example.net/x", "https://evilcdn.example.net/x", "https://example.com/x",
        "https://capcut-mate.example.com.evil.org/x", "http://localhost/x", "http://[::1]/x"})
    EXPECT_EQ(check_url(bad, p), "host not allowed") << bad;
  // The allowlist never opens what is always refused.
  p.allow_hosts = {"169.254.169.254", "metadata.google.internal"};
  EXPECT_EQ(check_url("http://169.254.169.254/", p), "address not allowed");
  EXPECT_EQ(check_url("http://metadata.google.internal/", p), "host not allowed");
}

TEST(parse_host_list_test, normalises_and_refuses_junk) {
  auto hosts = parse_host_list(" A.com, b.COM. ,*.cdn.net,[::1]");
  ASSERT_TRUE(hosts);
  EXPECT_EQ(*hosts, (std::vector<std::string>{"a.com", "b.com", "*.cdn.net", "::1"}));
  for (const char* bad : {"", "a.com,", ",a.com", "a.com,,b.com", "a b.com", "a.com/x", "*.",
                          "http://a.com", "a.*.com"})
    EXPECT_FALSE(parse_host_list(bad)) << bad;
}

} // namespace
} // namespace cutqueue::fetch
