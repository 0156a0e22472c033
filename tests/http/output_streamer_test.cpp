// The output streamer on socket pairs: bodies go out from its own thread with sendfile while the
// caller returns at once, a client that stops reading holds only its own socket (and is closed
// after the stall timeout), and stop() gives up what is in flight.
#include "http/output_streamer.hpp"
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <fcntl.h>
#include <fstream>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace cutqueue::http {
namespace {

using namespace std::chrono_literals;
using testing::wait_until;

/// A connected pair: the server end non-blocking, like Pistache's sockets.
struct socket_pair {
  unique_fd server, client;
  socket_pair() {
    int fds[2];
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
    server.reset(fds[0]);
    client.reset(fds[1]);
    ::fcntl(server.get(), F_SETFL, ::fcntl(server.get(), F_GETFL) | O_NONBLOCK);
  }
  /// Reads until end of stream (or `limit` bytes).
  std::string read_all(size_t limit = SIZE_MAX) {
    std::string out;
    char buf[65536];
    while (out.size() < limit) {
      auto n = ::read(client.get(), buf, sizeof buf);
      if (n <= 0)
        break;
      out.append(buf, static_cast<size_t>(n));
    }
    return out;
  }
};

struct outcome {
  std::atomic<int> calls{0};
  std::atomic<bool> ok{false};
  std::atomic<bool> on_caller_thread{false};
};

class OutputStreamer : public ::testing::Test {
protected:
  void SetUp() override {
    content.resize(16 << 20);
    for (size_t i = 0; i < content.size(); ++i)
      content[i] = static_cast<char>('a' + i % 23);
    std::ofstream(dir.path() + "/body.bin", std::ios::binary) << content;
  }

  output_streamer::body body_for(socket_pair& pair, outcome& out, uint64_t offset = 0,
                                 uint64_t length = 0, bool close = true) {
    output_streamer::body b;
    b.socket.reset(::fcntl(pair.server.get(), F_DUPFD_CLOEXEC, 0));
    b.file.reset(::open((dir.path() + "/body.bin").c_str(), O_RDONLY | O_CLOEXEC));
    b.offset = offset;
    b.length = length ? length : content.size() - offset;
    auto caller = std::this_thread::get_id();
    b.done = [&out, caller, close](bool ok) {
      out.ok = ok;
      out.on_caller_thread = std::this_thread::get_id() == caller;
      ++out.calls;
      return close;
    };
    pair.server.reset(); // the streamer's descriptor is the only one left
    return b;
  }

  testing::temp_dir dir{"cutqueue-streamer"};
  std::string content;
};

TEST_F(OutputStreamer, SendsABodyFromItsOwnThreadWhileTheCallerReturnsAtOnce) {
  output_streamer streamer(10s);
  socket_pair pair;
  outcome out;
  streamer.send(body_for(pair, out, 1000));
  // 16 MiB cannot fit a socket buffer: send() returned although nobody has read yet.
  EXPECT_EQ(out.calls, 0);
  auto got = pair.read_all();
  ASSERT_TRUE(wait_until([&] { return out.calls == 1; }, 10s));
  EXPECT_TRUE(out.ok);
  EXPECT_FALSE(out.on_caller_thread);
  EXPECT_TRUE(got == content.substr(1000)) << got.size() << " bytes";
  EXPECT_EQ(streamer.active(), 0u);
}

TEST_F(OutputStreamer, AClientThatStopsReadingHoldsOnlyItsOwnSocket) {
  output_streamer streamer(600ms);
  socket_pair stuck, reader;
  outcome stuck_out, reader_out;
  streamer.send(body_for(stuck, stuck_out));
  streamer.send(body_for(reader, reader_out, 0, 4 << 20));
  ASSERT_TRUE(wait_until([&] { return streamer.active() == 2; }, 5s));
  // The other download completes while the first one waits on its full socket ...
  auto got = reader.read_all();
  EXPECT_EQ(got.size(), 4u << 20);
  ASSERT_TRUE(wait_until([&] { return reader_out.calls == 1; }, 10s));
  EXPECT_TRUE(reader_out.ok);
  // ... which is given up once it made no progress for the stall timeout, and closed.
  ASSERT_TRUE(wait_until([&] { return stuck_out.calls == 1; }, 10s));
  EXPECT_FALSE(stuck_out.ok);
  auto partial = stuck.read_all();
  EXPECT_LT(partial.size(), content.size()) << "the end of stream comes early, never silently";
}

TEST_F(OutputStreamer, StopGivesUpWhatIsInFlight) {
  socket_pair pair;
  outcome out;
  {
    output_streamer streamer(10s);
    streamer.send(body_for(pair, out));
    ASSERT_TRUE(wait_until([&] { return streamer.active() == 1; }, 5s));
    streamer.stop();
    EXPECT_EQ(out.calls, 1);
    EXPECT_FALSE(out.ok);
    std::atomic<bool> ran{false};
    streamer.post([&] { ran = true; });
    EXPECT_FALSE(ran) << "nothing runs after stop()";
  }
  EXPECT_LT(pair.read_all().size(), content.size());
}

TEST_F(OutputStreamer, APostedTaskRunsOnTheStreamerThread) {
  output_streamer streamer(10s);
  std::atomic<bool> elsewhere{false}, ran{false};
  auto caller = std::this_thread::get_id();
  streamer.post([&] {
    elsewhere = std::this_thread::get_id() != caller;
    ran = true;
  });
  ASSERT_TRUE(wait_until([&] { return ran.load(); }, 5s));
  EXPECT_TRUE(elsewhere);
}

} // namespace
} // namespace cutqueue::http
