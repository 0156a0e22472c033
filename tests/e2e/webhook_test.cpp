// Completion webhooks through the real binary and a local receiver: the final status signed
// with HMAC-SHA256, the default callback, retries while the receiver is down or failing, a
// restart in between (the delivery is stored with the task), and the SSRF guard.
#include "tests/e2e/e2e_support.hpp"
#include "tests/support/webhook_receiver.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <ctime>
#include <memory>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace cutqueue::testing {
namespace {

using nlohmann::json;

constexpr const char* draft_id = "20261129000000webhook1";

/// The expected signature, computed here with OpenSSL directly.
std::string hmac_hex(const std::string& key, const std::string& body) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), mac, &len);
  std::string out;
  char b[3];
  for (unsigned i = 0; i < len; ++i) {
    std::snprintf(b, sizeof b, "%02x", mac[i]);
    out += b;
  }
  return out;
}

http_response submit_with_callback(const cutqueue_server& srv, const std::string& url,
                                   const std::string& callback) {
  return post_json(srv.api("gen_video"),
                   json{{"draft_url", url}, {"callback_url", callback}}.dump());
}

class WebhookE2e : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    drafts_ = new temp_dir{"cutqueue-drafts"};
    ASSERT_TRUE(write_color_draft(drafts_->path(), draft_id, {{"yellow", 1.0, 500}}));
  }
  static void TearDownTestSuite() {
    delete drafts_;
    drafts_ = nullptr;
  }
  static temp_dir* drafts_;
  temp_dir data{"cutqueue-webhook"};
  fixture_server drafts{{drafts_->path()}};
  // Made after the server it serves: a child forked while this process listens briefly holds
  // the listening socket too (until exec), and the test support could take its port for the
  // server's. A test that needs the URL first reserves the port, stops, and starts again.
  std::unique_ptr<webhook_receiver> hook;
};

temp_dir* WebhookE2e::drafts_ = nullptr;

TEST_F(WebhookE2e, FinalStatusIsPostedAndSigned) {
  cutqueue_server srv{data.path(), {"--webhook-secret", "s3cret-key"}};
  hook = std::make_unique<webhook_receiver>();
  auto url = drafts.draft_url(draft_id);
  ASSERT_EQ(submit_with_callback(srv, url, hook->url()).status, 200);
  auto done = wait_terminal(srv, url);
  ASSERT_EQ(done["status"], "completed");
  ASSERT_TRUE(wait_until([&] { return !hook->requests().empty(); }, 20s));
  auto r = hook->requests().front();
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/hook");
  EXPECT_EQ(r.headers["content-type"], "application/json");
  EXPECT_EQ(json::parse(r.body), done);
  EXPECT_EQ(r.headers["x-cutqueue-signature"], "sha256=" + hmac_hex("s3cret-key", r.body));
  auto ts = std::stoll(r.headers["x-cutqueue-timestamp"]);
  EXPECT_LE(std::llabs(ts - static_cast<long long>(std::time(nullptr))), 60);
  EXPECT_EQ(r.headers["x-cutqueue-task"].size(), 32u);
  EXPECT_EQ(srv.log_text().find("s3cret-key"), std::string::npos) << "the secret was logged";
  EXPECT_EQ(hook->requests().size(), 1u);
}

TEST_F(WebhookE2e, DefaultCallbackCarriesFailuresWithoutASignatureWhenNoSecret) {
  hook = std::make_unique<webhook_receiver>();
  hook->stop();
  cutqueue_server srv{data.path(), {"--default-callback-url", hook->url()}};
  hook->start();
  auto url = drafts.draft_url("20261129000000nosuchd1");
  ASSERT_EQ(submit(srv, url).status, 200);
  ASSERT_EQ(wait_terminal(srv, url)["status"], "failed");
  ASSERT_TRUE(wait_until([&] { return !hook->requests().empty(); }, 20s));
  auto r = hook->requests().front();
  auto body = json::parse(r.body);
  EXPECT_EQ(body["status"], "failed");
  EXPECT_EQ(body["error_message"], "Draft does not exist");
  EXPECT_EQ(r.headers.count("x-cutqueue-signature"), 0u);
}

TEST_F(WebhookE2e, InvalidCallbackUrlIsRefused) {
  cutqueue_server srv{data.path()};
  auto url = drafts.draft_url(draft_id);
  for (json bad : {json("ftp://h/x"), json("not a url"), json(7), json("")}) {
    auto r =
        post_json(srv.api("gen_video"), json{{"draft_url", url}, {"callback_url", bad}}.dump());
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(detail(r), "Invalid callback_url format") << bad;
  }
  EXPECT_EQ(query(srv, url).status, 404);
}

TEST_F(WebhookE2e, FailingReceiverIsRetriedUntilItAccepts) {
  cutqueue_server srv{data.path()};
  hook = std::make_unique<webhook_receiver>();
  hook->answer_with(500);
  auto url = drafts.draft_url(draft_id);
  ASSERT_EQ(submit_with_callback(srv, url, hook->url()).status, 200);
  ASSERT_EQ(wait_terminal(srv, url)["status"], "completed");
  ASSERT_TRUE(wait_until([&] { return hook->requests().size() >= 2; }, 20s));
  hook->answer_with(200);
  ASSERT_TRUE(wait_until(
      [&] { return srv.log_text().find("webhook delivered") != std::string::npos; }, 30s));
  auto n = hook->requests().size();
  EXPECT_GE(n, 3u);
  EXPECT_NE(srv.log_text().find("webhook attempt 1 failed (HTTP 500)"), std::string::npos);
}

TEST_F(WebhookE2e, ReceiverDownAcrossARestartStillGetsItOnce) {
  cutqueue_server srv{data.path()};
  hook = std::make_unique<webhook_receiver>();
  int port = hook->port();
  hook->stop();
  auto url = drafts.draft_url(draft_id);
  ASSERT_EQ(submit_with_callback(srv, url, hook->url()).status, 200);
  auto done = wait_terminal(srv, url);
  ASSERT_EQ(done["status"], "completed");
  ASSERT_TRUE(wait_until(
      [&] { return srv.log_text().find("webhook attempt 2 failed") != std::string::npos; }, 20s));
  srv.process().signal(SIGKILL);
  ASSERT_TRUE(srv.process().wait(10s));
  srv.restart();
  // The sender reads the store on its own thread, right after the server turned ready.
  EXPECT_TRUE(wait_until(
      [&] { return srv.log_text().find("1 pending webhook(s) to deliver") != std::string::npos; },
      10s));
  hook->start();
  ASSERT_EQ(hook->port(), port);
  ASSERT_TRUE(wait_until([&] { return !hook->requests().empty(); }, 30s));
  EXPECT_EQ(json::parse(hook->requests().front().body), done);
  // Delivered is stored too: the next start has nothing left to send.
  ASSERT_TRUE(wait_until(
      [&] { return srv.log_text().find("webhook delivered") != std::string::npos; }, 10s));
  srv.process().signal(SIGTERM);
  ASSERT_TRUE(srv.process().wait(15s));
  auto before = srv.log_text();
  srv.restart();
  auto after = srv.log_text().substr(before.size());
  EXPECT_EQ(after.find("pending webhook"), std::string::npos) << after;
  EXPECT_EQ(hook->requests().size(), 1u);
}

TEST_F(WebhookE2e, CallbacksGoThroughTheSsrfGuard) {
  cutqueue_server srv{data.path(), {"--deny-private-networks"}};
  hook = std::make_unique<webhook_receiver>();
  auto url = drafts.draft_url(draft_id);
  ASSERT_EQ(submit_with_callback(srv, url, hook->url()).status, 200);
  ASSERT_EQ(wait_terminal(srv, url)["status"], "failed"); // its draft is on loopback too
  ASSERT_TRUE(wait_until(
      [&] { return srv.log_text().find("webhook abandoned") != std::string::npos; }, 20s));
  EXPECT_NE(srv.log_text().find("address not allowed"), std::string::npos);
  EXPECT_TRUE(hook->requests().empty());
}

} // namespace
} // namespace cutqueue::testing
