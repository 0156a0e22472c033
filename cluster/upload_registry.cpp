#include "cluster/upload_registry.hpp"

#include "common/files.hpp"
#include "common/log.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <unistd.h>

namespace cutqueue::cluster {

namespace fs = std::filesystem;

namespace {

http::upload_answer answer(int status, const std::string& detail) {
  return {status, "{\"detail\":\"" + detail + "\"}"};
}

http::upload_answer received(int status, uint64_t n) {
  return {status, "{\"received\":" + std::to_string(n) + "}"};
}

/// The export's own naming (<draft>-<task>.mp4): a plain name, nothing a path could hide in.
bool acceptable_name(const std::string& name, const std::string& task_id) {
  if (name.empty() || name.size() > 255 || name.front() == '.' ||
      name.find('/') != std::string::npos || name.find('\0') != std::string::npos)
    return false;
  if (name.size() < 4 || name.compare(name.size() - 4, 4, ".mp4") != 0)
    return false;
  return name.find(task_id) != std::string::npos;
}

} // namespace

upload_registry::upload_registry(std::string output_dir, std::shared_ptr<chunk_inbox> chunks)
    : output_dir_(std::move(output_dir)), chunks_(std::move(chunks)) {}

upload_registry::~upload_registry() {
  for (auto& [id, e] : entries_)
    drop_part(e);
}

void upload_registry::drop_part(entry& e) {
  std::error_code ec;
  if (!e.published)
    fs::remove(e.part_path, ec);
}

void upload_registry::open(const std::string& task_id, const std::string& token) {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto i = entries_.find(task_id); i != entries_.end()) {
    drop_part(i->second);
    entries_.erase(i);
  }
  entry e;
  e.token = token;
  e.part_path = output_dir_ + "/." + task_id + ".upload.mp4.part";
  std::error_code ec;
  fs::remove(e.part_path, ec);
  entries_.emplace(task_id, std::move(e));
}

void upload_registry::revoke(const std::string& task_id, const std::string& token) {
  std::lock_guard<std::mutex> lock(mu_);
  auto i = entries_.find(task_id);
  if (i == entries_.end() || i->second.token != token)
    return;
  drop_part(i->second);
  entries_.erase(i);
}

std::optional<std::string> upload_registry::committed(const std::string& task_id,
                                                      const std::string& token) {
  std::lock_guard<std::mutex> lock(mu_);
  auto e = find(task_id, token);
  return e ? e->published : std::nullopt;
}

upload_registry::entry* upload_registry::find(const std::string& task_id,
                                              const std::string& token) {
  auto i = entries_.find(task_id);
  if (i == entries_.end() || !equal_constant_time(i->second.token, token))
    return nullptr;
  return &i->second;
}

http::upload_answer upload_registry::put_chunk(const std::string& task_id, const std::string& token,
                                               uint64_t offset, std::string_view data) {
  std::lock_guard<std::mutex> lock(mu_);
  auto e = find(task_id, token);
  if (!e)
    return answer(403, "Unknown or superseded upload");
  if (e->published)
    return answer(409, "Upload already committed");
  if (offset != e->received)
    return received(409, e->received);
  auto* f = std::fopen(e->part_path.c_str(), offset == 0 ? "wb" : "ab");
  if (!f)
    return answer(500, "Cannot open upload file");
  bool ok = std::fwrite(data.data(), 1, data.size(), f) == data.size();
  ok = std::fclose(f) == 0 && ok;
  if (!ok) {
    // Partial bytes may be on disk: start this upload over rather than guess.
    log::error("upload of task ", task_id, ": cannot write ", e->part_path, ": ",
               std::strerror(errno));
    e->received = 0;
    e->hash->reset();
    return answer(500, "Cannot write upload file");
  }
  e->received += data.size();
  e->hash->update(data);
  return received(200, e->received);
}

http::upload_answer upload_registry::commit(const std::string& task_id, const std::string& token,
                                            const std::string& name, uint64_t size,
                                            const std::string& sha256) {
  std::lock_guard<std::mutex> lock(mu_);
  auto e = find(task_id, token);
  if (!e)
    return answer(403, "Unknown or superseded upload");
  if (e->published)
    return *e->published == name ? received(200, e->received)
                                 : answer(409, "Upload already committed");
  if (!acceptable_name(name, task_id))
    return answer(400, "Invalid file name");
  if (size != e->received)
    return received(409, e->received);
  auto digest = e->hash->finish();
  if (!equal_constant_time(digest, sha256)) {
    log::warn("upload of task ", task_id, ": SHA-256 mismatch; the worker starts over");
    e->received = 0;
    std::error_code ec;
    fs::remove(e->part_path, ec);
    return answer(422, "Checksum mismatch");
  }
  auto final_path = output_dir_ + "/" + name;
  if (!fsync_path(e->part_path, false))
    return answer(500, "Cannot sync upload file");
  std::error_code ec;
  fs::rename(e->part_path, final_path, ec);
  if (ec)
    return answer(500, "Cannot publish upload");
  fsync_path(output_dir_, true); // the rename itself must survive a crash
  e->published = name;
  return received(200, e->received);
}

std::optional<http::upload_answer> upload_registry::refused_unit(const std::string& task_id,
                                                                 const std::string& token) {
  if (!chunks_)
    return answer(404, "Chunks are not kept here");
  std::lock_guard<std::mutex> lock(mu_);
  if (!find(task_id, token))
    return answer(403, "Unknown or superseded upload");
  return std::nullopt;
}

// The chunk calls check the token, then let go of the lock: a chunk's bytes are written and
// synced by the inbox, which has its own. A token revoked meanwhile changes nothing that
// matters: a chunk is valid for every attempt of the same draft (its record says which job).

http::upload_answer upload_registry::put_unit(const std::string& task_id, const std::string& token,
                                              const std::string& unit, uint64_t offset,
                                              std::string_view data) {
  if (auto no = refused_unit(task_id, token))
    return *no;
  return chunks_->put(task_id, unit, offset, data);
}

http::upload_answer upload_registry::commit_unit(const std::string& task_id,
                                                 const std::string& token, const std::string& unit,
                                                 const std::string& name, uint64_t size,
                                                 const std::string& sha256,
                                                 const std::string& record) {
  if (auto no = refused_unit(task_id, token))
    return *no;
  return chunks_->commit(task_id, unit, name, size, sha256, record);
}

http::upload_answer upload_registry::list_units(const std::string& task_id,
                                                const std::string& token) {
  if (auto no = refused_unit(task_id, token))
    return *no;
  return chunks_->list(task_id);
}

http::upload_answer upload_registry::read_unit(const std::string& task_id, const std::string& token,
                                               const std::string& unit, uint64_t offset,
                                               uint64_t length) {
  if (auto no = refused_unit(task_id, token))
    return *no;
  return chunks_->read(task_id, unit, offset, length);
}

void upload_registry::task_ended(const std::string& task_id) {
  if (chunks_)
    chunks_->drop(task_id);
}

} // namespace cutqueue::cluster
