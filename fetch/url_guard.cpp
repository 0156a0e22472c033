#include "fetch/url_guard.hpp"

#include "common/text.hpp"
#include "common/url.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <cctype>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>

namespace cutqueue::fetch {

namespace {

/// Host names that reach a cloud instance's metadata service whatever they resolve to (GCE
/// also answers the bare "metadata" through the resolver's search domain).
constexpr std::string_view metadata_hosts[] = {"metadata.google.internal", "metadata.goog",
                                               "metadata"};

address_class classify_v4(const uint8_t* b) {
  const uint8_t a0 = b[0], a1 = b[1], a2 = b[2], a3 = b[3];
  if (a0 == 169 && a1 == 254 && a2 == 169 && a3 == 254)
    return address_class::cloud_metadata;
  if (a0 == 100 && a1 == 100 && a2 == 100 && a3 == 200)
    return address_class::cloud_metadata;
  if (a0 == 169 && a1 == 254)
    return address_class::link_local;
  if (a0 == 0)
    return address_class::unspecified;
  if (a0 == 127)
    return address_class::loopback;
  if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168))
    return address_class::private_network;
  if (a0 == 100 && (a1 & 0xc0) == 64)
    return address_class::shared_cgnat;
  if (a0 >= 224) // 224/4 multicast, 240/4 reserved, 255.255.255.255 broadcast
    return address_class::not_unicast;
  return address_class::public_unicast;
}

bool all_zero(const uint8_t* b, size_t n) {
  return std::all_of(b, b + n, [](uint8_t x) { return x == 0; });
}

address_class classify_v6(const std::array<uint8_t, 16>& b) {
  static constexpr uint8_t ec2_metadata[16] = {0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0,    0,
                                               0,    0,    0,    0,    0, 0, 0x02, 0x54};
  if (std::memcmp(b.data(), ec2_metadata, 16) == 0)
    return address_class::cloud_metadata;
  if (all_zero(b.data(), 15))
    return b[15] == 0   ? address_class::unspecified
           : b[15] == 1 ? address_class::loopback
                        : classify_v4(b.data() + 12);
  // The forms that carry an IPv4 address: the kernel (mapped, compatible) or a NAT64 gateway
  // delivers them to that IPv4 address, so they are exactly as dangerous.
  const bool mapped = all_zero(b.data(), 10) && b[10] == 0xff && b[11] == 0xff;
  const bool compatible = all_zero(b.data(), 12);
  static constexpr uint8_t nat64[12] = {0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  if (mapped || compatible || std::memcmp(b.data(), nat64, 12) == 0)
    return classify_v4(b.data() + 12);
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
    return address_class::link_local;
  if ((b[0] & 0xfe) == 0xfc || (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0))
    return address_class::unique_local;
  if (b[0] == 0xff)
    return address_class::not_unicast;
  return address_class::public_unicast;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/// Lower case, brackets and one trailing dot removed: "Example.COM." and "example.com" are
/// the same host for the allowlist.
std::string normal_host(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  if (!host.empty() && host.back() == '.')
    host.remove_suffix(1);
  return lower(host);
}

bool host_listed(const std::string& host, const std::vector<std::string>& allow) {
  for (const auto& entry : allow) {
    if (entry.rfind("*.", 0) == 0) {
      std::string_view suffix(entry);
      suffix.remove_prefix(1); // ".example.com"
      if (host.size() > suffix.size() &&
          std::string_view(host).substr(host.size() - suffix.size()) == suffix)
        return true;
    } else if (host == entry) {
      return true;
    }
  }
  return false;
}

} // namespace

std::optional<ip_address> parse_ip_literal(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']')
    text = text.substr(1, text.size() - 2);
  if (text.empty() || text.size() > 64)
    return std::nullopt;
  const std::string s(text);
  ip_address out;
  if (inet_pton(AF_INET, s.c_str(), out.bytes.data()) == 1)
    return out;
  out.v6 = true;
  if (inet_pton(AF_INET6, s.c_str(), out.bytes.data()) == 1)
    return out;
  return std::nullopt;
}

std::optional<ip_address> address_of(const sockaddr* addr, size_t len) {
  if (addr == nullptr || len < sizeof(sa_family_t))
    return std::nullopt;
  ip_address out;
  if (addr->sa_family == AF_INET && len >= sizeof(sockaddr_in)) {
    sockaddr_in in{};
    std::memcpy(&in, addr, sizeof in);
    std::memcpy(out.bytes.data(), &in.sin_addr, 4);
    return out;
  }
  if (addr->sa_family == AF_INET6 && len >= sizeof(sockaddr_in6)) {
    sockaddr_in6 in6{};
    std::memcpy(&in6, addr, sizeof in6);
    out.v6 = true;
    std::memcpy(out.bytes.data(), &in6.sin6_addr, 16);
    return out;
  }
  return std::nullopt;
}

std::string to_string(const ip_address& a) {
  char buf[INET6_ADDRSTRLEN] = {0};
  inet_ntop(a.v6 ? AF_INET6 : AF_INET, a.bytes.data(), buf, sizeof buf);
  return buf;
}

address_class classify_address(const ip_address& a) {
  return a.v6 ? classify_v6(a.bytes) : classify_v4(a.bytes.data());
}

const char* describe(address_class c) {
  switch (c) {
  case address_class::public_unicast:
    return "public";
  case address_class::loopback:
    return "loopback";
  case address_class::private_network:
    return "private network";
  case address_class::shared_cgnat:
    return "carrier-grade NAT";
  case address_class::unique_local:
    return "unique-local";
  case address_class::unspecified:
    return "unspecified";
  case address_class::link_local:
    return "link-local";
  case address_class::cloud_metadata:
    return "cloud metadata";
  case address_class::not_unicast:
    return "not unicast";
  }
  return "unknown";
}

bool address_allowed(address_class c, const network_policy& policy) {
  switch (c) {
  case address_class::public_unicast:
    return true;
  case address_class::link_local:
  case address_class::cloud_metadata:
  case address_class::not_unicast:
    return false;
  case address_class::loopback:
  case address_class::private_network:
  case address_class::shared_cgnat:
  case address_class::unique_local:
  case address_class::unspecified:
    return !policy.deny_private_networks;
  }
  return false;
}

std::optional<std::string> check_url(std::string_view text, const network_policy& policy) {
  auto parts = url::parse(text);
  if (!parts) {
    auto sep = text.find("://");
    auto scheme = lower(text.substr(0, sep == std::string_view::npos ? 0 : sep));
    if (scheme != "http" && scheme != "https")
      return std::string("scheme not allowed");
    return std::string("invalid URL");
  }
  const std::string host = normal_host(parts->host);
  for (auto name : metadata_hosts)
    if (host == name)
      return std::string("host not allowed");
  if (!policy.allow_hosts.empty() && !host_listed(host, policy.allow_hosts))
    return std::string("host not allowed");
  if (auto literal = parse_ip_literal(host))
    if (!address_allowed(classify_address(*literal), policy))
      return std::string("address not allowed");
  return std::nullopt;
}

std::optional<std::vector<std::string>> parse_host_list(std::string_view text) {
  std::vector<std::string> out;
  while (true) {
    auto comma = text.find(',');
    auto entry = cutqueue::text::trim(text.substr(0, comma));
    auto host = normal_host(entry);
    if (host.empty() || host == "*.")
      return std::nullopt;
    const bool wildcard = host.rfind("*.", 0) == 0;
    for (size_t i = wildcard ? 2 : 0; i < host.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(host[i]);
      if (!std::isalnum(c) && c != '.' && c != '-' && c != '_' && c != ':')
        return std::nullopt;
    }
    out.push_back(host);
    if (comma == std::string_view::npos)
      return out;
    text.remove_prefix(comma + 1);
  }
}

} // namespace cutqueue::fetch
