// The coordinator's side of result uploads. A remote slot opens an entry per attempt with a
// fresh random token; the upload route appends chunks to a hidden part file in the output
// folder (hashing as they arrive) and the commit renames it into place once size and SHA-256
// match. Revoking the token (lost or superseded attempt) refuses everything that comes later
// for it, so a late upload can never replace a newer attempt's video.
#pragma once

#include "cluster/auth.hpp"
#include "cluster/chunk_inbox.hpp"
#include "http/upload_target.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <optional>

namespace cutqueue::cluster {

class upload_registry : public http::upload_target {
public:
  /// `chunks`: where chunks of long exports go; null = refused.
  explicit upload_registry(std::string output_dir, std::shared_ptr<chunk_inbox> chunks = nullptr);
  ~upload_registry() override;

  /// A new attempt of `task_id` may upload with `token`; an older entry is revoked.
  void open(const std::string& task_id, const std::string& token);
  /// Refuses further requests for this token and removes its part file.
  void revoke(const std::string& task_id, const std::string& token);
  /// The published file name once this token's upload was committed.
  std::optional<std::string> committed(const std::string& task_id, const std::string& token);

  http::upload_answer put_chunk(const std::string& task_id, const std::string& token,
                                uint64_t offset, std::string_view data) override;
  http::upload_answer commit(const std::string& task_id, const std::string& token,
                             const std::string& name, uint64_t size,
                             const std::string& sha256) override;

  http::upload_answer put_unit(const std::string& task_id, const std::string& token,
                               const std::string& unit, uint64_t offset,
                               std::string_view data) override;
  http::upload_answer commit_unit(const std::string& task_id, const std::string& token,
                                  const std::string& unit, const std::string& name, uint64_t size,
                                  const std::string& sha256, const std::string& record) override;
  http::upload_answer list_units(const std::string& task_id, const std::string& token) override;
  http::upload_answer read_unit(const std::string& task_id, const std::string& token,
                                const std::string& unit, uint64_t offset, uint64_t length) override;

  /// The task ended (completed or failed): its chunks are no longer needed.
  void task_ended(const std::string& task_id);

private:
  /// Why a chunk request is refused (no chunk inbox, or not the live attempt's token); none
  /// when it may go on.
  std::optional<http::upload_answer> refused_unit(const std::string& task_id,
                                                  const std::string& token);
  struct entry {
    std::string token;
    std::string part_path;
    uint64_t received = 0;
    std::unique_ptr<sha256_stream> hash = std::make_unique<sha256_stream>();
    std::optional<std::string> published;
  };
  entry* find(const std::string& task_id, const std::string& token);
  void drop_part(entry& e);

  std::string output_dir_;
  std::shared_ptr<chunk_inbox> chunks_;
  std::mutex mu_; ///< one upload's chunks are sequential; different tasks rarely collide
  std::map<std::string, entry> entries_;
};

} // namespace cutqueue::cluster
