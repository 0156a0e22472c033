// The result of a media measurement: a value, or the reason there is none. Analysis helpers return
// this instead of a neutral number so that a failed FFmpeg run or an empty window can never read
// as "silence" or "black" and let a check pass vacuously.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

namespace cutqueue::testing {

/// Converts to any measured<T> as its failure.
struct analysis_error {
  std::string why;
};

template <typename T>
class measured {
public:
  measured(T value) : value_(std::move(value)) {}
  measured(analysis_error e) : error_(std::move(e.why)) {}

  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }
  /// The value; throws (and so fails the calling test) when there is none, never a default.
  const T& operator*() const {
    if (!value_)
      throw std::logic_error("measurement used without a value: " + error_);
    return *value_;
  }
  const T* operator->() const { return &**this; }
  /// Why there is no value ("" when there is one).
  const std::string& error() const { return error_; }

private:
  std::optional<T> value_;
  std::string error_;
};

} // namespace cutqueue::testing
