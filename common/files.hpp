// Small file operations that must be done right every time: whole-file writes and the fsyncs
// that make a finished file (and its name) survive a crash.
#pragma once

#include <string>

namespace cutqueue {

/// Writes `content` as the whole file; false when it could not be written completely.
bool write_file(const std::string& path, const std::string& content);

/// fsync of a file, or of a folder (which makes a rename or a new name in it durable).
bool fsync_path(const std::string& path, bool directory);

} // namespace cutqueue
