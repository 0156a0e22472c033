#include "tests/e2e/scratch_mount.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>
#include <vector>

namespace cutqueue::testing {

bool root_or_skip() {
  if (::geteuid() == 0)
    return true;
  const char* why = "storage-fault tests mount filesystems and need root";
  if (std::getenv("CI") != nullptr)
    ADD_FAILURE() << why << " (CI runs as root: this setup is broken)";
  else
    // GTEST_SKIP returns from the enclosing function, hence the lambda.
    [&] { GTEST_SKIP() << why << "; skipped"; }();
  return false;
}

tmpfs_mount::tmpfs_mount(const std::string& size) {
  if (dir_.path().empty()) {
    error_ = "no temp folder";
    return;
  }
  std::string opts = "size=" + size + ",mode=0755";
  if (::mount("tmpfs", dir_.path().c_str(), "tmpfs", 0, opts.c_str()) == 0)
    mounted_ = true;
  else
    error_ =
        std::string("mount -t tmpfs -o ") + opts + " " + dir_.path() + ": " + std::strerror(errno);
}

tmpfs_mount::~tmpfs_mount() {
  // Lazy: a process that still holds a file open (a server the test failed to stop) must not
  // keep the mount, or temp_dir, from going away.
  if (mounted_)
    ::umount2(dir_.path().c_str(), MNT_DETACH);
}

bool tmpfs_mount::remount_read_only() {
  if (::mount("tmpfs", dir_.path().c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, nullptr) == 0)
    return true;
  error_ = std::string("remount read-only: ") + std::strerror(errno);
  return false;
}

std::string tmpfs_mount::fill(const std::string& name) {
  std::string file = sub(name);
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    ADD_FAILURE() << "cannot create " << file << ": " << std::strerror(errno);
    return file;
  }
  std::vector<char> block(64 * 1024, 'f');
  while (::write(fd, block.data(), block.size()) > 0) {
  }
  // Then byte by byte, so not even a partial page is left.
  while (::write(fd, block.data(), 1) > 0) {
  }
  ::close(fd);
  return file;
}

read_only_bind::read_only_bind(std::string dir) : dir_(std::move(dir)) {
  // A bind mount takes the source's flags; read-only needs a second, remounting call.
  if (::mount(dir_.c_str(), dir_.c_str(), nullptr, MS_BIND, nullptr) != 0) {
    error_ = "bind mount " + dir_ + ": " + std::strerror(errno);
    return;
  }
  mounted_ = true;
  if (::mount(nullptr, dir_.c_str(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr) != 0)
    error_ = "remount " + dir_ + " read-only: " + std::strerror(errno);
}

read_only_bind::~read_only_bind() {
  if (mounted_)
    ::umount2(dir_.c_str(), MNT_DETACH);
}

} // namespace cutqueue::testing
