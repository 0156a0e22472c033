// Where the internal upload route (worker nodes sending finished MP4s) hands its requests. The
// HTTP layer only frames them; the cluster code behind this interface authorises each one by
// its per-attempt token and owns the files.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cutqueue::http {

struct upload_answer {
  int status = 500;
  std::string body; ///< JSON
};

class upload_target {
public:
  virtual ~upload_target() = default;
  /// Appends `data` at `offset` of the task's upload; a wrong offset is answered 409 with the
  /// number of bytes held, which is where the sender resumes.
  virtual upload_answer put_chunk(const std::string& task_id, const std::string& token,
                                  uint64_t offset, std::string_view data) = 0;
  /// Checks size and SHA-256 and publishes the upload under `name` in the output folder.
  virtual upload_answer commit(const std::string& task_id, const std::string& token,
                               const std::string& name, uint64_t size,
                               const std::string& sha256) = 0;
};

} // namespace cutqueue::http
