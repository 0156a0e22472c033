// Where the internal upload routes (worker nodes sending finished MP4s and chunks) hand their
// requests. The
// HTTP layer only frames them; the cluster code behind this interface authorises each one by
// its per-attempt token and owns the files.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cutqueue::http {

struct upload_answer {
  int status = 500;
  std::string body;   ///< JSON, unless `bytes`
  bool bytes = false; ///< the body is a piece of a file (application/octet-stream)
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

  // Finished chunks of a long export a worker node renders on its own slot (the coordinator
  // keeps them so that a later attempt on any node renders only what is missing). Authorised
  // by the same per-attempt token.
  virtual upload_answer put_unit(const std::string& task_id, const std::string& token,
                                 const std::string& unit, uint64_t offset,
                                 std::string_view data) = 0;
  virtual upload_answer commit_unit(const std::string& task_id, const std::string& token,
                                    const std::string& unit, const std::string& name, uint64_t size,
                                    const std::string& sha256, const std::string& record) = 0;
  /// The task's recorded chunks (JSON).
  virtual upload_answer list_units(const std::string& task_id, const std::string& token) = 0;
  /// A piece of one recorded chunk's file (bytes).
  virtual upload_answer read_unit(const std::string& task_id, const std::string& token,
                                  const std::string& unit, uint64_t offset, uint64_t length) = 0;
};

} // namespace cutqueue::http
