// FFmpeg runs in its own process group so that a stop can kill it with everything it started;
// the price is that a kill -9 of cutqueue leaves it running, still encoding into a work folder
// nobody will read. The next start finds such leftovers by their arguments and kills them.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace cutqueue::app {

/// Kills (SIGKILL) every process other than this one that runs `program` (compared by file
/// name, e.g. "ffmpeg") with an argument inside one of `roots` (e.g. <data-dir>/work/), and waits
/// up to two seconds for them to be gone. Anything else reading those folders (tail, rsync, an
/// editor) is left alone. Returns how many were killed; each is logged.
size_t kill_orphaned_children(const std::string& program, const std::vector<std::string>& roots);

} // namespace cutqueue::app
