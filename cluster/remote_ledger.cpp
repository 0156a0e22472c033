#include "cluster/remote_ledger.hpp"

#include "cluster/cluster_http.hpp"
#include "common/files.hpp"
#include "common/log.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

namespace cutqueue::cluster {

namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

constexpr int max_failures = 5;          ///< transport errors in a row before a call gives up
constexpr uint64_t max_piece = 4u << 20; ///< the coordinator's limit for one read

class remote_ledger final : public render::chunk_ledger {
public:
  remote_ledger(upload_target_info t, const cancel_token& cancel, std::function<void()> keepalive)
      : t_(std::move(t)), cancel_(cancel), keepalive_(std::move(keepalive)) {}

  bool load(const std::string& task_id, std::map<std::string, std::string>& out) override {
    auto r = request("GET", chunks_url(task_id), {});
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    if (r.status != 200 || !j.is_object() || !j.contains("chunks") || !j["chunks"].is_object()) {
      log::warn("chunks: cannot list the coordinator's chunks of task ", task_id, ": ",
                detail_of(r));
      return false;
    }
    std::lock_guard<std::mutex> lk(mu_);
    for (const auto& [unit, c] : j["chunks"].items()) {
      if (!c.is_object() || !c.contains("record") || !c["record"].is_string() ||
          !c.contains("size") || !c["size"].is_number_unsigned())
        continue;
      out[unit] = c["record"].get<std::string>();
      sizes_[unit] = c["size"].get<uint64_t>();
    }
    log::info("chunks: the coordinator holds ", out.size(), " finished chunk(s) of task ", task_id);
    return true;
  }

  bool record(const std::string& task_id, const std::string& unit, const std::string& value,
              const std::string& file) override {
    upload_target_info t = t_;
    t.task_id = task_id;
    auto up = upload_unit(t, unit, file, value, cancel_, keepalive_);
    if (!up.ok)
      log::warn("chunks: cannot send ", unit, " of task ", task_id,
                " to the coordinator: ", up.error);
    return up.ok;
  }

  bool fetch(const std::string& task_id, const std::string& unit,
             const std::string& file) override {
    uint64_t size = 0;
    {
      std::lock_guard<std::mutex> lk(mu_);
      auto it = sizes_.find(unit);
      if (it == sizes_.end())
        return false;
      size = it->second;
    }
    const std::string part = file + ".fetch";
    std::ofstream out(part, std::ios::binary | std::ios::trunc);
    uint64_t offset = 0;
    const uint64_t piece = std::clamp<uint64_t>(t_.chunk, 64 * 1024, max_piece);
    while (offset < size && out) {
      if (cancel_.cancelled())
        break;
      auto r = request("GET",
                       chunks_url(task_id) + "/" + unit + "?offset=" + std::to_string(offset) +
                           "&length=" + std::to_string(std::min(piece, size - offset)),
                       {});
      if (r.status != 200 || r.body.empty() || r.body.size() > size - offset) {
        log::warn("chunks: cannot fetch ", unit, " of task ", task_id, ": ", detail_of(r));
        break;
      }
      out.write(r.body.data(), static_cast<std::streamsize>(r.body.size()));
      offset += r.body.size();
      keepalive_();
    }
    out.close();
    std::error_code ec;
    if (offset != size || !out || !fsync_path(part, false)) {
      fs::remove(part, ec);
      return false;
    }
    fs::rename(part, file, ec);
    if (ec) {
      fs::remove(part, ec);
      return false;
    }
    log::info("chunks: fetched ", unit, " of task ", task_id, " from the coordinator (", size,
              " bytes)");
    return true;
  }

  /// The coordinator drops a task's chunks when it ends; nothing is kept here.
  void forget(const std::string&) override {}

private:
  std::string chunks_url(const std::string& task_id) const {
    return t_.base_url + "/internal/cluster/chunks/" + task_id;
  }

  /// Retries transport errors and 5xx answers a few times, with backoff.
  http_reply request(const std::string& method, const std::string& url, const std::string& body) {
    http_reply r;
    for (int failures = 0;; ++failures) {
      r = cluster_request(method, url, t_.token, body);
      if ((r.status != 0 && r.status < 500) || failures + 1 >= max_failures || cancel_.cancelled())
        return r;
      std::this_thread::sleep_for(std::min(250ms * (1 << std::min(failures, 4)), 4000ms));
    }
  }

  upload_target_info t_;
  const cancel_token& cancel_;
  std::function<void()> keepalive_;
  std::mutex mu_;
  std::map<std::string, uint64_t> sizes_;
};

} // namespace

std::shared_ptr<render::chunk_ledger> make_remote_ledger(upload_target_info target,
                                                         const cancel_token& cancel,
                                                         std::function<void()> keepalive) {
  return std::make_shared<remote_ledger>(std::move(target), cancel, std::move(keepalive));
}

} // namespace cutqueue::cluster
