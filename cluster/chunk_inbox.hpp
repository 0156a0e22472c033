// The coordinator's side of chunk uploads: the finished chunks of a long export that a worker
// node runs on its own slot (render/chunked_render.hpp). Each arrives over the internal HTTP
// route, is checked against the record the worker sends with it (size and SHA-256), lands in
// the task's chunk folder and is recorded in the coordinator's ledger — so if that node is
// lost, the next attempt, here or on another node, renders only what is missing. A worker
// running a later attempt lists the records and downloads the files it needs in pieces.
// Authorisation (the attempt's token) is the upload registry's job, not this one's.
#pragma once

#include "cluster/auth.hpp"
#include "http/upload_target.hpp"
#include "render/chunk_services.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace cutqueue::cluster {

class chunk_inbox {
public:
  /// `chunk_root`: <data>/chunks, the folder local chunked renders use too.
  chunk_inbox(std::string chunk_root, std::shared_ptr<render::chunk_ledger> ledger);
  ~chunk_inbox();

  http::upload_answer put(const std::string& task_id, const std::string& unit, uint64_t offset,
                          std::string_view data);
  /// `name`: the file's name ("v0003.ts"); `record`: the ledger value the worker computed.
  http::upload_answer commit(const std::string& task_id, const std::string& unit,
                             const std::string& name, uint64_t size, const std::string& sha256,
                             const std::string& record);
  /// {"chunks": {"v0003": {"record": "...", "file": "v0003.ts", "size": N}, ...}}: only units
  /// whose file is here.
  http::upload_answer list(const std::string& task_id);
  /// Up to `length` bytes of a unit's file from `offset` (octet-stream body).
  http::upload_answer read(const std::string& task_id, const std::string& unit, uint64_t offset,
                           uint64_t length);
  /// The task ended: its records and files go.
  void drop(const std::string& task_id);

private:
  struct part {
    uint64_t received = 0;
    std::unique_ptr<sha256_stream> hash = std::make_unique<sha256_stream>();
  };
  std::string folder_of(const std::string& task_id) const;
  std::optional<std::string> file_of(const std::string& task_id, const std::string& unit) const;

  std::string root_;
  std::shared_ptr<render::chunk_ledger> ledger_;
  std::mutex mu_;
  std::map<std::pair<std::string, std::string>, part> parts_; ///< (task, unit) being uploaded
};

/// "v0003" / "a0003": what a unit may be called (it names files).
bool valid_unit_name(const std::string& unit);

} // namespace cutqueue::cluster
