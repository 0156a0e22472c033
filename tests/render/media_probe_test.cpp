#include "render/media_probe.hpp"
#include "tests/render/render_test_util.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace cutqueue::render {
namespace {
using namespace test;

TEST(MediaProbe, ReadsSizeDurationAndAudioOfAClip) {
  scratch_dir dir;
  auto clip = make_clip(dir.path(), "a.mp4", "red", 320, 240, 2.0, 440);
  ASSERT_FALSE(clip.empty());
  probe_info info;
  auto r = probe_media(clip, info);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_TRUE(info.has_video);
  EXPECT_TRUE(info.has_audio);
  EXPECT_EQ(info.width, 320);
  EXPECT_EQ(info.height, 240);
  EXPECT_EQ(info.audio_channels, 1);
  EXPECT_NEAR(info.duration, 2.0, 0.1);
}

TEST(MediaProbe, RotationMetadataSwapsTheSize) {
  scratch_dir dir;
  auto clip = make_clip(dir.path(), "a.mp4", "red", 320, 240, 1.0, 0);
  ASSERT_FALSE(clip.empty());
  auto rotated = dir / "rotated.mp4";
  ASSERT_TRUE(ffmpeg({"-i", clip, "-c", "copy", "-metadata:s:v:0", "rotate=90", rotated}));
  probe_info info;
  ASSERT_TRUE(probe_media(rotated, info).ok);
  EXPECT_EQ(info.width, 240);
  EXPECT_EQ(info.height, 320);
  EXPECT_FALSE(info.has_audio);
}

TEST(MediaProbe, StillImageAndCoverArtAreTold) {
  scratch_dir dir;
  auto png = dir / "logo.png";
  ASSERT_TRUE(ffmpeg({"-f", "lavfi", "-i", "color=c=blue:s=64x48", "-frames:v", "1", png}));
  probe_info info;
  ASSERT_TRUE(probe_media(png, info).ok);
  EXPECT_TRUE(info.has_video);
  EXPECT_EQ(info.width, 64);
  EXPECT_EQ(info.height, 48);
  EXPECT_FALSE(info.has_alpha);
  auto clear = dir / "clear.png";
  ASSERT_TRUE(ffmpeg(
      {"-f", "lavfi", "-i", "color=c=blue@0.0:s=64x48,format=rgba", "-frames:v", "1", clear}));
  ASSERT_TRUE(probe_media(clear, info).ok);
  EXPECT_TRUE(info.has_alpha);
  // An mp3 with a picture attached is sound only.
  auto mp3 = dir / "song.mp3";
  ASSERT_TRUE(
      ffmpeg({"-f", "lavfi", "-i", "sine=duration=1", "-i", png, "-map", "0", "-map", "1", "-c:a",
              "libmp3lame", "-c:v", "png", "-disposition:v", "attached_pic", "-ac", "2", mp3}));
  ASSERT_TRUE(probe_media(mp3, info).ok);
  EXPECT_FALSE(info.has_video);
  EXPECT_TRUE(info.has_audio);
  EXPECT_EQ(info.audio_channels, 2);
}

TEST(MediaProbe, NonMediaAndOtherProtocolsAreRefusedWithAReason) {
  scratch_dir dir;
  write_text(dir / "notes.txt", "not a video at all\n");
  probe_info info;
  auto r = probe_media(dir / "notes.txt", info);
  EXPECT_FALSE(r.ok);
  EXPECT_FALSE(r.error.empty());
  // Only local files: a path naming another protocol is not followed.
  r = probe_media("concat:" + (dir / "notes.txt") + "|" + (dir / "notes.txt"), info);
  EXPECT_FALSE(r.ok);
  r = probe_media(dir / "missing.mp4", info);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("No such file"), std::string::npos) << r.error;
}

TEST(MediaProbe, GivesUpAtItsDeadlineOnAFileThatNeverEnds) {
  // A FIFO fed one byte every 10 ms: each read returns, but the header never completes, so
  // only the deadline ends the probe (libavformat asks the interrupt callback between reads).
  scratch_dir dir;
  const std::string fifo = dir / "endless.mp4";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // The probe closes its end while the writer may still write: EPIPE, not a dead test.
  std::signal(SIGPIPE, SIG_IGN);
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    int fd = ::open(fifo.c_str(), O_WRONLY); // waits for the probe to open it
    if (fd < 0)
      return;
    while (!stop) {
      if (::write(fd, "\0", 1) != 1)
        break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::close(fd);
  });
  probe_info info;
  auto started = std::chrono::steady_clock::now();
  auto r = probe_media(fifo, info, std::chrono::milliseconds(300));
  auto took = std::chrono::steady_clock::now() - started;
  stop = true;
  // Releases a writer still waiting in open() if the probe never opened the FIFO.
  ::close(::open(fifo.c_str(), O_RDONLY | O_NONBLOCK));
  writer.join();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "probing timed out");
  EXPECT_LT(took, std::chrono::seconds(10));
}

} // namespace
} // namespace cutqueue::render
