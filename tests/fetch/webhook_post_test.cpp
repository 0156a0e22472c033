// The webhook signature against RFC 4231's HMAC-SHA256 test vector, and the guard refusing a
// callback before any connection.
#include "fetch/webhook_post.hpp"

#include <gtest/gtest.h>

namespace cutqueue::fetch {
namespace {

TEST(WebhookPost, SignatureIsHmacSha256InHex) {
  EXPECT_EQ(webhook_signature("Jefe", "what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(WebhookPost, GuardRefusesMetadataAndPrivateAddresses) {
  webhook_request req;
  req.url = "http://169.254.169.254/latest/meta-data";
  req.body = "{}";
  auto out = post_webhook(req);
  EXPECT_FALSE(out.delivered);
  EXPECT_TRUE(out.refused) << out.reason;
  req.url = "http://127.0.0.1:9/hook";
  req.network.deny_private_networks = true;
  out = post_webhook(req);
  EXPECT_TRUE(out.refused) << out.reason;
  req.url = "file:///etc/passwd";
  EXPECT_TRUE(post_webhook(req).refused);
}

} // namespace
} // namespace cutqueue::fetch
