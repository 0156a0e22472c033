#include "cluster/upload_client.hpp"

#include "cluster/auth.hpp"
#include "cluster/cluster_http.hpp"
#include "common/log.hpp"
#include "common/url.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

namespace cutqueue::cluster {

namespace {

using namespace std::chrono_literals;

constexpr int max_failures = 8; ///< consecutive transport errors before giving up
} // namespace

namespace {

/// Sends `file` in pieces to `base` (PUT ?offset=), resuming where the coordinator says, then
/// commits it (POST base/commit?size&sha256&name, with `commit_body`).
upload_outcome send_file(const upload_target_info& t, const std::string& base,
                         const std::string& file, const std::string& name,
                         const std::string& commit_body, const cancel_token& cancel,
                         const std::function<void()>& on_chunk) {
  auto fail = [](std::string why) { return upload_outcome{false, std::move(why)}; };
  auto digest = sha256_file(file);
  std::ifstream in(file, std::ios::binary | std::ios::ate);
  if (digest.empty() || !in)
    return fail("cannot read " + file);
  const uint64_t size = static_cast<uint64_t>(in.tellg());
  std::vector<char> buf(std::max<uint64_t>(1, t.chunk));
  uint64_t offset = 0;
  int failures = 0;
  bool restarted = false;
  auto transient = [&](const http_reply& r) {
    if (++failures > max_failures)
      return false;
    log::warn("upload of task ", t.task_id, ": ", detail_of(r), "; retrying");
    std::this_thread::sleep_for(std::min(250ms * (1 << std::min(failures, 4)), 4000ms));
    return true;
  };
  for (;;) {
    while (offset < size) {
      if (cancel.cancelled())
        return fail("cancelled");
      auto n = std::min<uint64_t>(buf.size(), size - offset);
      in.seekg(static_cast<std::streamoff>(offset));
      in.read(buf.data(), static_cast<std::streamsize>(n));
      if (static_cast<uint64_t>(in.gcount()) != n)
        return fail("cannot read " + file);
      auto r = cluster_request("PUT", base + "?offset=" + std::to_string(offset), t.token,
                               std::string(buf.data(), n));
      if (r.status == 200 || r.status == 409) {
        auto got = received_of(r.body);
        if (!got || *got > size)
          return fail("unexpected answer: " + detail_of(r));
        offset = *got; // 409: the coordinator holds a different amount; resume from there
        failures = 0;
        on_chunk();
        continue;
      }
      if (r.status == 0 || r.status >= 500) {
        if (!transient(r))
          return fail(detail_of(r));
        continue;
      }
      return fail(detail_of(r)); // 403: superseded attempt; 4xx: a bug
    }
    auto r = cluster_request("POST",
                             base + "/commit?size=" + std::to_string(size) + "&sha256=" + digest +
                                 "&name=" + url::percent_encode(name, true),
                             t.token, commit_body);
    if (r.status == 200)
      return {true, {}};
    if (r.status == 409 && received_of(r.body)) {
      offset = *received_of(r.body);
      continue;
    }
    if (r.status == 422 && !restarted) {
      restarted = true; // damaged on the way: send it once more from the start
      offset = 0;
      continue;
    }
    if ((r.status == 0 || r.status >= 500) && transient(r))
      continue;
    return fail(detail_of(r));
  }
}

} // namespace

upload_outcome upload_result(const upload_target_info& t, const std::string& file,
                             const std::string& name, const cancel_token& cancel,
                             const std::function<void()>& on_chunk) {
  return send_file(t, t.base_url + "/internal/cluster/uploads/" + t.task_id, file, name, {}, cancel,
                   on_chunk);
}

upload_outcome upload_unit(const upload_target_info& t, const std::string& unit,
                           const std::string& file, const std::string& record,
                           const cancel_token& cancel, const std::function<void()>& on_chunk) {
  return send_file(t, t.base_url + "/internal/cluster/chunks/" + t.task_id + "/" + unit, file,
                   std::filesystem::path(file).filename().string(), record, cancel, on_chunk);
}

} // namespace cutqueue::cluster
