// A worker node's half of result uploads: sends a finished MP4 to the coordinator's internal
// upload route in chunks (one HTTP request each, so neither side buffers a whole video and BASP
// stays free for heartbeats), resumes where the coordinator says it stopped after any error,
// then commits with the file's size and SHA-256.
#pragma once

#include "common/cancel_token.hpp"

#include <cstdint>
#include <functional>
#include <string>

namespace cutqueue::cluster {

struct upload_target_info {
  std::string base_url; ///< the coordinator's HTTP service, e.g. http://10.0.0.1:30000
  std::string task_id;
  std::string token; ///< this attempt's; refused once the attempt was given up
  uint64_t chunk = 1 << 20;
};

struct upload_outcome {
  bool ok = false;
  std::string error;
};

/// Blocking. `on_chunk` runs after every accepted chunk (the caller reports progress with it,
/// which keeps the attempt's lease alive). Gives up when cancelled, when the coordinator
/// refuses the token, or after repeated transport errors.
upload_outcome upload_result(const upload_target_info& target, const std::string& file,
                             const std::string& name, const cancel_token& cancel,
                             const std::function<void()>& on_chunk);

/// The same for one finished chunk of the attempt's own long export: the coordinator keeps the
/// file and records `record` (render/chunk_services.hpp) once size and SHA-256 match.
upload_outcome upload_unit(const upload_target_info& target, const std::string& unit,
                           const std::string& file, const std::string& record,
                           const cancel_token& cancel, const std::function<void()>& on_chunk);

} // namespace cutqueue::cluster
