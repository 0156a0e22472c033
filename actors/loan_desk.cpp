#include "actors/loan_desk.hpp"

namespace cutqueue {

void loan_desk::on_return(std::function<void()> returned) {
  std::lock_guard<std::mutex> lk(mu_);
  returned_ = std::move(returned);
}

void loan_desk::offer(size_t n) {
  std::lock_guard<std::mutex> lk(mu_);
  offered_ += n;
}

size_t loan_desk::reclaim() {
  std::lock_guard<std::mutex> lk(mu_);
  const size_t n = offered_;
  offered_ = 0;
  return n;
}

void loan_desk::set_wanted(bool wanted) {
  wanted_ = wanted;
}

size_t loan_desk::lent() const {
  std::lock_guard<std::mutex> lk(mu_);
  return lent_;
}

bool loan_desk::borrow() {
  std::lock_guard<std::mutex> lk(mu_);
  if (offered_ == 0 || wanted_)
    return false;
  --offered_;
  ++lent_;
  return true;
}

bool loan_desk::wanted() {
  return wanted_;
}

void loan_desk::give_back() {
  std::function<void()> returned;
  {
    std::lock_guard<std::mutex> lk(mu_);
    if (lent_ > 0)
      --lent_;
    returned = returned_;
  }
  if (returned)
    returned();
}

} // namespace cutqueue
