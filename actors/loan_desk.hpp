// Idle local export slots lent to long exports for more of their chunks at once. The
// supervisor offers the slots no queued task needs and takes them back the moment one does:
// offered slots nobody borrowed come back at once, borrowed ones when the chunk they render
// ends. So a task waits for a lent slot at most one chunk's render time — the FIFO guarantee.
// Lent capacity is a number, not a slot actor: the chunk runs on a thread of the borrowing
// export (blocking work, never on CAF's scheduler) while the lent slot actor stays parked.
#pragma once

#include "render/chunk_services.hpp"

#include <atomic>
#include <cstddef>
#include <functional>
#include <mutex>

namespace cutqueue {

class loan_desk final : public render::slot_lender {
public:
  /// `returned` runs (on the borrower's thread) each time a borrowed slot comes back; the
  /// supervisor sends itself a message from it. Set once, before any borrowing.
  void on_return(std::function<void()> returned);

  // -- supervisor side ---------------------------------------------------------------------
  /// Puts `n` more idle slots up for loan.
  void offer(size_t n);
  /// Takes back every offered slot nobody borrowed; returns how many.
  size_t reclaim();
  /// A queued task waits for a slot: borrowers give theirs back after their chunk.
  void set_wanted(bool wanted);
  /// Slots borrowed now.
  size_t lent() const;

  // -- export side -------------------------------------------------------------------------
  bool borrow() override;
  bool wanted() override;
  void give_back() override;

private:
  mutable std::mutex mu_;
  size_t offered_ = 0;
  size_t lent_ = 0;
  std::atomic<bool> wanted_{false};
  std::function<void()> returned_;
};

} // namespace cutqueue
