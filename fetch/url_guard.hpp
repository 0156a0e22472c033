// The SSRF guard: which URLs and which peer addresses cutqueue may fetch from. Drafts name
// arbitrary URLs (get_draft, its file list, http(s) material paths, redirects), so without it a
// client could make cutqueue read cloud metadata or internal services and see the result as a
// rendered video or an error text. Pure functions, unit-tested with address literals; the
// downloader applies them to every URL and to the address of every socket it opens.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sockaddr;

namespace cutqueue::fetch {

/// What downloads may reach. Link-local and cloud metadata addresses are refused whatever this
/// says; the rest is the operator's choice (`--deny-private-networks`, `--allow-hosts`).
struct network_policy {
  /// Also refuse loopback, RFC 1918, CGNAT, IPv6 unique-local and unspecified addresses.
  bool deny_private_networks = false;
  /// Lower-case host names; when non-empty, only these may be fetched ("*.example.com" matches
  /// every subdomain of example.com, not example.com itself).
  std::vector<std::string> allow_hosts;
};

/// An IPv4 or IPv6 address in network byte order (IPv4 uses the first 4 bytes).
struct ip_address {
  bool v6 = false;
  std::array<uint8_t, 16> bytes{};
};

enum class address_class {
  public_unicast,
  loopback,        ///< 127.0.0.0/8, ::1
  private_network, ///< 10/8, 172.16/12, 192.168/16
  shared_cgnat,    ///< 100.64.0.0/10
  unique_local,    ///< fc00::/7 (and the deprecated site-local fec0::/10)
  unspecified,     ///< 0.0.0.0/8, :: (Linux connects these to the local host)
  link_local,      ///< 169.254.0.0/16, fe80::/10
  cloud_metadata,  ///< 169.254.169.254, fd00:ec2::254, 100.100.100.200 (Alibaba Cloud)
  not_unicast,     ///< multicast, broadcast, reserved 240/4: never a web server
};

/// Parses an address literal ("10.0.0.1", "::ffff:10.0.0.1", "[fe80::1]"); nullopt otherwise.
/// Only the dotted-quad IPv4 form: other spellings ("0x7f.1") are caught at connect time.
std::optional<ip_address> parse_ip_literal(std::string_view text);

/// The address of an AF_INET / AF_INET6 socket address of `len` bytes; nullopt for other
/// families and for a length too short for the family.
std::optional<ip_address> address_of(const sockaddr* addr, size_t len);

/// Text form of `a` ("127.0.0.1", "::1") for log lines.
std::string to_string(const ip_address& a);

/// The class of `a`. IPv6 forms that carry an IPv4 address (IPv4-mapped ::ffff:0:0/96,
/// IPv4-compatible ::/96, NAT64 64:ff9b::/96) are classified by that IPv4 address.
address_class classify_address(const ip_address& a);

/// "loopback", "link-local", ... for log lines.
const char* describe(address_class c);

/// True when `policy` lets a download connect to an address of class `c`.
bool address_allowed(address_class c, const network_policy& policy);

/// Why `url` must not be fetched before any connection is made, or nullopt when it may be:
/// "scheme not allowed" (not http/https or unparsable), "host not allowed" (not in
/// allow_hosts, or a metadata host name such as metadata.google.internal), "address not
/// allowed" (an address literal refused by address_allowed). Host names that pass must still
/// have each resolved address checked with address_allowed when connecting.
std::optional<std::string> check_url(std::string_view url, const network_policy& policy);

/// Parses "a.com, B.com,*.cdn.net" into lower-case host names without trailing dots; nullopt
/// when an entry is empty or holds characters no host name has.
std::optional<std::vector<std::string>> parse_host_list(std::string_view text);

} // namespace cutqueue::fetch
