#include "cluster/chunk_inbox.hpp"

#include "common/files.hpp"
#include "common/log.hpp"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace cutqueue::cluster {

namespace fs = std::filesystem;

namespace {

http::upload_answer answer(int status, const std::string& detail) {
  return {status, nlohmann::json{{"detail", detail}}.dump()};
}

http::upload_answer received(int status, uint64_t n) {
  return {status, "{\"received\":" + std::to_string(n) + "}"};
}

bool plain_id(const std::string& s) {
  if (s.empty() || s.size() > 64)
    return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '-'))
      return false;
  return true;
}

/// "<unit>.<ext>", the ext short lower-case letters and digits: what a chunked render names
/// its files.
bool valid_file_name(const std::string& name, const std::string& unit) {
  if (name.size() < unit.size() + 2 || name.size() > unit.size() + 5 ||
      name.compare(0, unit.size() + 1, unit + ".") != 0)
    return false;
  for (size_t i = unit.size() + 1; i < name.size(); ++i)
    if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9')))
      return false;
  return true;
}

/// The checksum and size a record names ("v1 <fingerprint> <sha256> <bytes>").
bool record_names(const std::string& record, const std::string& sha256, uint64_t size) {
  std::istringstream in(record);
  std::string version, fp, sha;
  uint64_t bytes = 0;
  return static_cast<bool>(in >> version >> fp >> sha >> bytes) && sha == sha256 && bytes == size;
}

} // namespace

bool valid_unit_name(const std::string& unit) {
  if (unit.size() != 5 || (unit[0] != 'v' && unit[0] != 'a'))
    return false;
  for (size_t i = 1; i < unit.size(); ++i)
    if (unit[i] < '0' || unit[i] > '9')
      return false;
  return true;
}

chunk_inbox::chunk_inbox(std::string chunk_root, std::shared_ptr<render::chunk_ledger> ledger)
    : root_(std::move(chunk_root)), ledger_(std::move(ledger)) {}

chunk_inbox::~chunk_inbox() = default;

std::string chunk_inbox::folder_of(const std::string& task_id) const {
  return (fs::path(root_) / task_id).string();
}

std::optional<std::string> chunk_inbox::file_of(const std::string& task_id,
                                                const std::string& unit) const {
  std::error_code ec;
  for (auto& e : fs::directory_iterator(folder_of(task_id), ec)) {
    auto name = e.path().filename().string();
    if (valid_file_name(name, unit))
      return e.path().string();
  }
  return std::nullopt;
}

http::upload_answer chunk_inbox::put(const std::string& task_id, const std::string& unit,
                                     uint64_t offset, std::string_view data) {
  if (!plain_id(task_id) || !valid_unit_name(unit))
    return answer(400, "Invalid task or chunk name");
  std::lock_guard<std::mutex> lock(mu_);
  auto& p = parts_[{task_id, unit}];
  if (offset != p.received)
    return received(409, p.received);
  std::error_code ec;
  fs::create_directories(folder_of(task_id), ec);
  const std::string path = folder_of(task_id) + "/." + unit + ".upload.part";
  auto* f = std::fopen(path.c_str(), offset == 0 ? "wb" : "ab");
  if (!f)
    return answer(500, "Cannot open chunk file");
  bool ok = std::fwrite(data.data(), 1, data.size(), f) == data.size();
  ok = std::fclose(f) == 0 && ok;
  if (!ok) {
    log::error("chunk upload ", unit, " of task ", task_id, ": cannot write ", path, ": ",
               std::strerror(errno));
    parts_.erase({task_id, unit});
    return answer(500, "Cannot write chunk file");
  }
  p.received += data.size();
  p.hash->update(data);
  return received(200, p.received);
}

http::upload_answer chunk_inbox::commit(const std::string& task_id, const std::string& unit,
                                        const std::string& name, uint64_t size,
                                        const std::string& sha256, const std::string& record) {
  if (!plain_id(task_id) || !valid_unit_name(unit))
    return answer(400, "Invalid task or chunk name");
  if (!valid_file_name(name, unit))
    return answer(400, "Invalid file name");
  if (!record_names(record, sha256, size))
    return answer(400, "The record does not name this file");
  std::lock_guard<std::mutex> lock(mu_);
  auto it = parts_.find({task_id, unit});
  const uint64_t have = it == parts_.end() ? 0 : it->second.received;
  if (it == parts_.end() || size != have)
    return received(409, have);
  const std::string part = folder_of(task_id) + "/." + unit + ".upload.part";
  const auto digest = it->second.hash->finish();
  parts_.erase(it);
  std::error_code ec;
  if (!equal_constant_time(digest, sha256)) {
    log::warn("chunk upload ", unit, " of task ", task_id, ": SHA-256 mismatch; sent again");
    fs::remove(part, ec);
    return answer(422, "Checksum mismatch");
  }
  if (!fsync_path(part, false))
    return answer(500, "Cannot sync chunk file");
  // Another extension of the same unit (an older layout) must not be listed instead.
  while (auto old = file_of(task_id, unit))
    if (!fs::remove(*old, ec))
      break;
  const std::string final_path = folder_of(task_id) + "/" + name;
  fs::rename(part, final_path, ec);
  if (ec)
    return answer(500, "Cannot keep chunk file");
  fsync_path(folder_of(task_id), true);
  if (!ledger_ || !ledger_->record(task_id, unit, record, final_path))
    return answer(500, "Cannot record chunk");
  log::info("chunks: ", unit, " of task ", task_id, " arrived from a worker node (", size,
            " bytes) and is recorded");
  return received(200, size);
}

http::upload_answer chunk_inbox::list(const std::string& task_id) {
  if (!plain_id(task_id))
    return answer(400, "Invalid task name");
  std::map<std::string, std::string> records;
  if (!ledger_ || !ledger_->load(task_id, records))
    return answer(500, "Cannot read the chunk records");
  // One pass over the folder, not one per record: a long export has hundreds of chunks.
  auto chunks = nlohmann::json::object();
  std::error_code ec;
  for (auto& e : fs::directory_iterator(folder_of(task_id), ec)) {
    const std::string name = e.path().filename().string();
    const std::string unit = name.substr(0, name.find('.'));
    auto it = records.find(unit);
    std::error_code size_ec;
    const auto size = e.file_size(size_ec);
    if (it == records.end() || !valid_file_name(name, unit) || size_ec)
      continue;
    chunks[unit] = {{"record", it->second}, {"file", name}, {"size", static_cast<uint64_t>(size)}};
  }
  return {200, nlohmann::json{{"chunks", chunks}}.dump()};
}

http::upload_answer chunk_inbox::read(const std::string& task_id, const std::string& unit,
                                      uint64_t offset, uint64_t length) {
  if (!plain_id(task_id) || !valid_unit_name(unit))
    return answer(400, "Invalid task or chunk name");
  auto file = file_of(task_id, unit);
  if (!file)
    return answer(404, "No such chunk");
  std::ifstream in(*file, std::ios::binary);
  in.seekg(0, std::ios::end);
  const auto size = static_cast<uint64_t>(in.tellg());
  if (!in || offset > size)
    return answer(416, "Offset beyond the chunk");
  std::string body(std::min(length, size - offset), '\0');
  in.seekg(static_cast<std::streamoff>(offset));
  in.read(body.data(), static_cast<std::streamsize>(body.size()));
  if (static_cast<uint64_t>(in.gcount()) != body.size())
    return answer(500, "Cannot read chunk file");
  return {200, std::move(body), true};
}

void chunk_inbox::drop(const std::string& task_id) {
  if (!plain_id(task_id))
    return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = parts_.begin(); it != parts_.end();)
      it = it->first.first == task_id ? parts_.erase(it) : std::next(it);
  }
  // Called from a remote slot, on CAF's shared scheduler: a long export's folder can hold
  // gigabytes, so it is renamed aside here (one metadata operation) and removed on a thread
  // of its own. One cut short by an exit is a folder of no live task, removed at the next start.
  std::error_code ec;
  const std::string folder = folder_of(task_id);
  const std::string aside = folder + ".dropped-" + random_hex().substr(0, 8);
  fs::rename(folder, aside, ec);
  if (!ec)
    std::thread([aside] {
      std::error_code ignored;
      fs::remove_all(aside, ignored);
    }).detach();
  if (ledger_)
    ledger_->forget(task_id); // asynchronous: the store's committer writes it
}

} // namespace cutqueue::cluster
