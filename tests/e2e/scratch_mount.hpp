// Filesystems the storage-fault tests can break on purpose: a small tmpfs to fill up or remount
// read-only, and read-only bind mounts. Mounting needs root (CAP_SYS_ADMIN); see
// root_or_skip() for how a test without it is reported.
#pragma once

#include "tests/support/support.hpp"

#include <string>

namespace cutqueue::testing {

/// True when this process may mount. Otherwise the calling test fails when the environment
/// variable CI is set (CI runs as root, so a skip there would hide a broken setup) and is marked
/// skipped elsewhere. Use as `if (!root_or_skip()) return;`.
bool root_or_skip();

/// A tmpfs of `size` (mount's syntax: "48m", "512k") on a fresh temp folder, unmounted on
/// destruction. Declare it before any server using it, so the server is gone by then.
class tmpfs_mount {
public:
  explicit tmpfs_mount(const std::string& size);
  ~tmpfs_mount();
  tmpfs_mount(const tmpfs_mount&) = delete;
  tmpfs_mount& operator=(const tmpfs_mount&) = delete;

  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }
  const std::string& path() const { return dir_.path(); }
  std::string sub(const std::string& name) const { return dir_.path() + "/" + name; }
  /// Remounts the whole filesystem read-only (false and errno's text in error() on failure).
  bool remount_read_only();
  /// Writes the file `name` until the filesystem refuses, so no byte is left; returns its path.
  std::string fill(const std::string& name = "filler");

private:
  temp_dir dir_{"cutqueue-tmpfs"}; // outlives the mount: members die after the destructor body
  bool mounted_ = false;
  std::string error_;
};

/// A read-only bind mount of `dir` onto itself, undone on destruction: makes one folder (the
/// store) read-only while its parent stays writable.
class read_only_bind {
public:
  explicit read_only_bind(std::string dir);
  ~read_only_bind();
  read_only_bind(const read_only_bind&) = delete;
  read_only_bind& operator=(const read_only_bind&) = delete;
  /// True once `dir` is bound and read-only.
  bool ok() const { return mounted_ && error_.empty(); }
  const std::string& error() const { return error_; }

private:
  std::string dir_;
  bool mounted_ = false;
  std::string error_;
};

} // namespace cutqueue::testing
