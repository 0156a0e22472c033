// Finds the request boundaries of one HTTP/1.1 connection as its bytes arrive, to refuse an
// oversized request as soon as its head says so. Pistache 0.0.5 only refuses a request once
// it has buffered the whole of it, then parses the rest of the upload as further requests;
// this framer runs in front of it (http/guarded_handler) and never buffers a body.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace cutqueue::http {

class request_framer {
public:
  enum class verdict {
    pass,           ///< every byte so far belongs to acceptable requests
    body_too_large, ///< Content-Length or the chunked body so far exceeds max_body
    head_too_large, ///< no end of the head within max_head bytes
    malformed,      ///< the framing cannot be followed (bad Content-Length or chunk size)
  };

  request_framer(size_t max_body, size_t max_head);

  /// Feeds the next bytes of the connection. Once a verdict other than `pass` is returned the
  /// framer stays there: the connection must be answered and closed.
  verdict feed(std::string_view bytes);

  /// Like feed(), but stops right after the end of the first request that ends within `bytes`
  /// and sets `consumed` to the bytes framed (all of them when no request ended). Lets the
  /// caller hand requests on one at a time and look at the connection between them.
  verdict feed_one(std::string_view bytes, size_t& consumed);

  /// True when a request ended within the bytes of the last feed() or feed_one() (for
  /// feed_one: it stopped because of that end, not because the bytes ran out).
  bool request_ended() const { return request_ended_; }

  /// Bytes of the refused request's body still announced by its Content-Length (for lingering
  /// close: how much the client is still expected to send).
  uint64_t announced_remaining() const { return body_left_; }

  /// Where, in the bytes of the last feed(), the request being framed began (0 when it began
  /// in an earlier feed). After a refusal the bytes before it are earlier, acceptable requests.
  size_t request_offset() const { return request_offset_; }

private:
  enum class state { head, body, chunk_size, chunk_data, chunk_data_end, trailer, refused };

  /// The state machine over `in`, which it advances; with `stop_at_end` it returns as soon as
  /// a request has ended.
  verdict run(std::string_view& in, bool stop_at_end);
  verdict on_head_complete();
  verdict refuse(verdict v);
  /// Consumes a CRLF-terminated line of the current line state into line_; true once the line
  /// is complete. A line too long for its state refuses the request as malformed.
  bool take_line(std::string_view& in);
  /// Acts on the complete line_ of the chunk_size, chunk_data_end or trailer state.
  verdict on_line();

  size_t max_body_;
  size_t max_head_;
  state state_ = state::head;
  verdict refused_ = verdict::pass;
  std::string head_; ///< the head seen so far (bounded by max_head_)
  std::string line_; ///< a chunk-size or trailer line being collected
  uint64_t body_left_ = 0;
  uint64_t chunked_total_ = 0;
  size_t request_offset_ = 0;
  bool request_ended_ = false; ///< a request ended in the current run()
};

} // namespace cutqueue::http
