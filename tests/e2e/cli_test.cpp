// The command-line client against a real server: submit --wait with plain lines (a pipe) and
// with a live bar in a real terminal (tmux: send-keys, capture-pane), Ctrl-C that stops waiting
// without cancelling, status [--json], cancel, active, and API keys.
#include "tests/e2e/e2e_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace cutqueue::testing {
namespace {

using nlohmann::json;

constexpr const char* draft_id = "20261129000000cli00001";

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    out.push_back(line);
  return out;
}

std::string file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class CliE2e : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    drafts_ = new temp_dir{"cutqueue-drafts"};
    ASSERT_TRUE(write_color_draft(drafts_->path(), draft_id, {{"blue", 1.0, 550}}));
  }
  static void TearDownTestSuite() {
    delete drafts_;
    drafts_ = nullptr;
  }

  /// `cutqueue <args...> --server <srv>`
  std::vector<std::string> cli(std::vector<std::string> args) {
    args.insert(args.begin(), CUTQUEUE_BINARY);
    args.push_back("--server");
    args.push_back(srv.base_url());
    return args;
  }

  static temp_dir* drafts_;
  temp_dir data{"cutqueue-cli"};
  temp_dir scratch{"cutqueue-cli-out"};
  fixture_server drafts{{drafts_->path()}};
  // capcut-mate's envelope by default: the client asks for the plain style itself.
  cutqueue_server srv{data.path(), {"--response-style", "capcut-mate"}};
};

temp_dir* CliE2e::drafts_ = nullptr;

TEST_F(CliE2e, SubmitWaitPrintsPlainLinesThenTheVideoUrl) {
  auto url = drafts.draft_url(draft_id);
  auto r = run(cli({"submit", url, "--wait"}), 120s);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto lines = lines_of(r.out);
  ASSERT_GE(lines.size(), 2u) << r.out;
  auto st = status_json(srv, url); // capcut-mate style: the fields sit beside code/message
  EXPECT_EQ(lines.back(), st["video_url"].get<std::string>());
  EXPECT_EQ(lines[lines.size() - 2].rfind("completed 100% (elapsed ", 0), 0u) << r.out;
  // No terminal: no carriage returns or escape sequences, one line per change.
  EXPECT_EQ(r.out.find('\r'), std::string::npos);
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
  EXPECT_FALSE(download(lines.back(), scratch.path()).empty());
}

TEST_F(CliE2e, FailedTaskExitsOneWithItsError) {
  auto url = drafts.draft_url("20261129000000nosuchdr");
  auto log = scratch.path() + "/out.log";
  child_process p(cli({"submit", url, "--wait"}), {}, log);
  auto code = p.wait(60s);
  ASSERT_TRUE(code);
  EXPECT_EQ(*code, 1);
  EXPECT_NE(file_text(log).find("task failed: Draft does not exist"), std::string::npos)
      << file_text(log);
}

TEST_F(CliE2e, StatusCancelAndActive) {
  auto url = drafts.draft_url(draft_id, "delay_ms=3000");
  auto r = run(cli({"status", url}));
  EXPECT_EQ(r.exit_code, 1);
  r = run(cli({"submit", url}));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, "submitted: " + url + "\n");
  r = run(cli({"active"}));
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "1\n");
  r = run(cli({"status", url, "--json"}));
  ASSERT_EQ(r.exit_code, 0);
  auto j = json::parse(r.out);
  EXPECT_EQ(j["draft_url"], url);
  EXPECT_FALSE(j.contains("code")) << "the client asks for the plain style";
  r = run(cli({"status", url}));
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("status:        ", 0), 0u) << r.out;
  r = run(cli({"cancel", url}));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(status_json(srv, url)["error_message"], "Cancelled");
  r = run(cli({"cancel", url}));
  EXPECT_EQ(r.exit_code, 1);
  r = run(cli({"active"}));
  EXPECT_EQ(r.out, "0\n");
  // Usage errors are 2.
  EXPECT_EQ(run({CUTQUEUE_BINARY, "status"}).exit_code, 2);
  EXPECT_EQ(run({CUTQUEUE_BINARY, "submit", url, "--bogus"}).exit_code, 2);
}

TEST_F(CliE2e, CtrlCStopsWaitingWithoutCancelling) {
  auto url = drafts.draft_url(draft_id, "delay_ms=2500");
  child_process p(cli({"submit", url, "--wait"}), {}, {}, true);
  ASSERT_TRUE(p.read_stdout_line("processing", 30s));
  p.signal(SIGINT);
  auto code = p.wait(5s);
  ASSERT_TRUE(code);
  EXPECT_EQ(*code, 130);
  auto done = wait_terminal(srv, url);
  EXPECT_EQ(done["status"], "completed") << done.dump();
}

TEST(CliKeys, ClientSendsItsKey) {
  temp_dir data{"cutqueue-cli-keys"};
  cutqueue_server srv{data.path(), {"--api-key", "cli-key-1"}};
  auto base = std::vector<std::string>{CUTQUEUE_BINARY, "active", "--server", srv.base_url()};
  auto r = run(base);
  EXPECT_EQ(r.exit_code, 1);
  base.push_back("--api-key");
  base.push_back("cli-key-1");
  r = run(base);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "0\n");
}

// -- a real terminal ---------------------------------------------------------------------------

/// A tmux server of its own (-L), with one shell in a 160x12 window; killed on destruction.
class tmux_terminal {
public:
  explicit tmux_terminal(const std::string& name) : socket_("cutqueue-" + name) {
    ok_ = run({"tmux", "-L", socket_, "-f", "/dev/null", "new-session", "-d", "-s", "t", "-x",
               "160", "-y", "12", "sh"})
              .exit_code == 0;
  }
  ~tmux_terminal() { run({"tmux", "-L", socket_, "kill-server"}, 10s); }
  bool ok() const { return ok_; }
  void type(const std::string& keys) {
    run({"tmux", "-L", socket_, "send-keys", "-t", "t", keys, "Enter"});
  }
  void press(const std::string& key) { run({"tmux", "-L", socket_, "send-keys", "-t", "t", key}); }
  std::string screen() { return run({"tmux", "-L", socket_, "capture-pane", "-p", "-t", "t"}).out; }

private:
  std::string socket_;
  bool ok_ = false;
};

/// tmux is installed by scripts/install-deps.sh: missing in CI is a broken setup (failure),
/// elsewhere the test is skipped.
bool have_tmux() {
  if (run({"tmux", "-V"}).exit_code == 0)
    return true;
  if (std::getenv("CI"))
    ADD_FAILURE() << "tmux not installed (scripts/install-deps.sh installs it)";
  return false;
}

TEST_F(CliE2e, TerminalShowsALiveBarThatEndsWithTheVideoUrl) {
  if (!have_tmux())
    GTEST_SKIP() << "tmux not installed";
  tmux_terminal term("bar");
  ASSERT_TRUE(term.ok());
  auto url = drafts.draft_url(draft_id, "delay_ms=1500&q=bar");
  term.type(std::string(CUTQUEUE_BINARY) + " submit '" + url + "' --server " + srv.base_url() +
            " --wait; echo EXIT=$?");
  std::string screen;
  ASSERT_TRUE(wait_until(
      [&] {
        screen = term.screen();
        return screen.find("processing [") != std::string::npos;
      },
      30s, 50ms))
      << screen;
  EXPECT_NE(screen.find("elapsed "), std::string::npos) << screen;
  EXPECT_NE(screen.find("ETA "), std::string::npos) << screen;
  ASSERT_TRUE(wait_until(
      [&] {
        screen = term.screen();
        return screen.find("\nEXIT=") != std::string::npos;
      },
      60s, 100ms))
      << screen;
  EXPECT_NE(screen.find("\nEXIT=0"), std::string::npos) << screen;
  EXPECT_NE(screen.find("completed [##############################] 100%"), std::string::npos)
      << screen;
  EXPECT_NE(screen.find(status_json(srv, url)["video_url"].get<std::string>()), std::string::npos)
      << screen;
  // One line redrawn in place: no processing bar is left behind on the screen.
  EXPECT_EQ(screen.find("processing ["), std::string::npos) << screen;
}

TEST_F(CliE2e, CtrlCInATerminalStopsWaitingAndTheTaskGoesOn) {
  if (!have_tmux())
    GTEST_SKIP() << "tmux not installed";
  tmux_terminal term("ctrlc");
  ASSERT_TRUE(term.ok());
  auto url = drafts.draft_url(draft_id, "delay_ms=2500&q=ctrlc");
  term.type(std::string(CUTQUEUE_BINARY) + " submit '" + url + "' --server " + srv.base_url() +
            " --wait; echo EXIT=$?");
  std::string screen;
  ASSERT_TRUE(wait_until(
      [&] {
        screen = term.screen();
        return screen.find("processing [") != std::string::npos;
      },
      30s, 50ms))
      << screen;
  term.press("C-c");
  ASSERT_TRUE(wait_until(
      [&] {
        screen = term.screen();
        return screen.find("\nEXIT=") != std::string::npos;
      },
      10s, 50ms))
      << screen;
  EXPECT_NE(screen.find("\nEXIT=130"), std::string::npos) << screen;
  EXPECT_NE(screen.find("stopped waiting; the task goes on"), std::string::npos) << screen;
  EXPECT_EQ(wait_terminal(srv, url)["status"], "completed");
}

} // namespace
} // namespace cutqueue::testing
