// What a chunked render (render/chunked_render.hpp) needs from the rest of the service: a place
// to record finished chunks durably, and export slots it may borrow while nobody else needs
// them. Interfaces only: storage/ and actors/ implement them, tests fake them.
#pragma once

#include <map>
#include <string>

namespace cutqueue::render {

/// Durable records of a task's finished chunks, by unit name ("sound", "v0003").
class chunk_ledger {
public:
  virtual ~chunk_ledger() = default;
  /// Every record of the task. False when they cannot be read (the chunks then render again).
  virtual bool load(const std::string& task_id, std::map<std::string, std::string>& out) = 0;
  /// True once the record is durable (synced).
  virtual bool record(const std::string& task_id, const std::string& unit,
                      const std::string& value) = 0;
  /// Drops every record of the task (it ended).
  virtual void forget(const std::string& task_id) = 0;
};

/// Export slots left idle because no task is queued, which a chunked export may use for more
/// of its chunks at once. A borrowed slot goes back as soon as a queued task wants it, at the
/// latest when the chunk it is rendering ends: that is the FIFO guarantee.
class slot_lender {
public:
  virtual ~slot_lender() = default;
  /// True: one more slot is this export's until give_back().
  virtual bool borrow() = 0;
  /// A queued task is waiting for a slot.
  virtual bool wanted() = 0;
  virtual void give_back() = 0;
};

} // namespace cutqueue::render
