// What the actors need to know of the configuration; filled once by app/ from flags.
#pragma once

#include "export/export_pipeline.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace cutqueue {

/// Completion webhooks (actors/webhook_sender.hpp).
struct webhook_config {
  std::string default_callback_url; ///< for gen_video requests without callback_url; "" = none
  std::string secret;               ///< HMAC-SHA256 key of X-Cutqueue-Signature; "" = unsigned
  std::chrono::seconds give_up{24 * 3600}; ///< no more tries this long after the task ended
  std::chrono::milliseconds first_retry{1000};
  std::chrono::milliseconds max_retry{10 * 60 * 1000};
};

class loan_desk;

struct supervisor_config {
  size_t max_concurrent_exports = 2; ///< local export slots
  size_t max_queued = 10000;         ///< pending tasks beyond this are refused (503)
  uint32_t max_attempts = 3;         ///< processing attempts before an interrupted task fails
  std::chrono::seconds export_timeout{1800};
  std::chrono::seconds retention{7 * 24 * 3600};
  std::chrono::seconds sweep_interval{3600};
  std::string public_url;              ///< prefix of video_url, e.g. http://127.0.0.1:30000
  size_t terminal_cache_size = 65536;  ///< finished records kept in memory for status queries
  exporting::pipeline_config pipeline; ///< output_dir lives here
  webhook_config webhooks;
  /// Idle local slots lent to long exports' chunks; the same desk must be pipeline.lender.
  /// Null: exports render their chunks one at a time.
  std::shared_ptr<loan_desk> loans;

  /// The blocking export an export slot runs. Empty: exporting::run_export with `pipeline`.
  /// Tests put a fake here to drive the actors without FFmpeg.
  using export_fn = std::function<exporting::export_result(
      const exporting::export_request&, const exporting::progress_fn&, const cancel_token&)>;
  export_fn exporter;
};

} // namespace cutqueue
