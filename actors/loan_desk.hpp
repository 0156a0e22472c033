// Idle export slots lent to long exports for more of their chunks at once. The supervisor
// offers the slots no queued task needs and takes them back the moment one does: offered slots
// nobody borrowed come back at once, borrowed ones when the chunk they render ends. So a task
// waits for a lent slot at most one chunk's render time — the FIFO guarantee.
// A local slot is lent as capacity: the chunk renders on a thread of the borrowing export
// (blocking work, never on CAF's scheduler) while the slot actor stays parked. A worker node's
// slot renders the chunk on its node, which fetches the draft itself and uploads the file.
#pragma once

#include "actors/export_slot.hpp"
#include "render/chunk_services.hpp"

#include <atomic>
#include <cstddef>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace cutqueue {

class loan_desk final : public render::slot_lender {
public:
  /// `returned` runs (on the borrower's thread) each time a slot comes back: a null handle for
  /// a local one. Remote chunks arrive in `output_dir` (the upload route's folder) and are moved
  /// to where the export wants them. Called once by the supervisor before anything is offered.
  void attach(caf::actor_system& sys, std::string output_dir,
              std::function<void(const export_slot_actor&)> returned);

  // -- supervisor side ---------------------------------------------------------------------
  void offer_local(size_t n);
  void offer_remote(const export_slot_actor& slot, const std::string& node);
  /// Takes back every offered slot nobody borrowed: returns the number of local ones and
  /// appends the remote ones to `remote`.
  size_t reclaim(std::vector<export_slot_actor>& remote);
  /// A queued task waits for a slot: borrowers give theirs back after their chunk.
  void set_wanted(bool wanted);
  size_t lent_local() const;
  bool lent(const caf::actor_addr& remote_slot) const;

  // -- export side -------------------------------------------------------------------------
  std::unique_ptr<render::lent_slot> borrow(bool remote_ok) override;
  bool wanted() override;

  /// A lent slot's way back (its destructor).
  void give_back(const export_slot_actor& slot);
  caf::actor_system* system() const { return sys_; }
  const std::string& output_dir() const { return output_dir_; }

private:
  mutable std::mutex mu_;
  caf::actor_system* sys_ = nullptr;
  std::string output_dir_;
  std::function<void(const export_slot_actor&)> returned_;
  size_t offered_local_ = 0, lent_local_ = 0;
  std::vector<std::pair<export_slot_actor, std::string>> offered_remote_;
  std::set<caf::actor_addr> lent_remote_;
  std::atomic<bool> wanted_{false};
};

} // namespace cutqueue
