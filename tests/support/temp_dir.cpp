// temp_dir and wait_until.
#include "tests/support/support.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <thread>

namespace cutqueue::testing {

temp_dir::temp_dir(const std::string& prefix) {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern =
      std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/" + prefix + "-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp(" << pattern << ") failed";
    return;
  }
  path_ = pattern;
}

temp_dir::~temp_dir() {
  if (path_.empty())
    return;
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

bool wait_until(const std::function<bool()>& pred, std::chrono::milliseconds deadline,
                std::chrono::milliseconds poll) {
  auto until = std::chrono::steady_clock::now() + deadline;
  while (true) {
    if (pred())
      return true;
    if (std::chrono::steady_clock::now() >= until)
      return pred();
    std::this_thread::sleep_for(poll);
  }
}

} // namespace cutqueue::testing
