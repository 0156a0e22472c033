// What a chunked render (render/chunked_render.hpp) needs from the rest of the service: a place
// to record finished chunks durably, and export slots it may borrow while nobody else needs
// them. Interfaces only: actors/ implements them, tests fake them.
#pragma once

#include "common/cancel_token.hpp"

#include <functional>
#include <map>
#include <memory>
#include <string>

namespace cutqueue::render {

/// Durable records of a task's finished chunks, by unit name ("a0003" sound, "v0003" picture).
class chunk_ledger {
public:
  virtual ~chunk_ledger() = default;
  /// Every record of the task. False when they cannot be read (the chunks then render again).
  virtual bool load(const std::string& task_id, std::map<std::string, std::string>& out) = 0;
  /// True once the record is durable (synced). `file` is the unit's finished file: a ledger
  /// kept on another node takes a copy of it there.
  virtual bool record(const std::string& task_id, const std::string& unit, const std::string& value,
                      const std::string& file) = 0;
  /// Brings a recorded unit's file to `file` when it is not on this node (a ledger kept on
  /// another node). False when it cannot: the unit renders again.
  virtual bool fetch(const std::string& /*task_id*/, const std::string& /*unit*/,
                     const std::string& /*file*/) {
    return false;
  }
  /// Drops every record of the task (it ended).
  virtual void forget(const std::string& task_id) = 0;
};

/// What a worker node is asked to render for an export that borrowed one of its slots.
struct remote_unit {
  std::string draft_url, task_id;
  std::string unit; ///< "v0003" (picture), "a0003" (sound)
  double chunk_seconds = 0;
  std::string x264_preset;
};

/// An export slot lent to a chunked export; destroying it gives it back.
class lent_slot {
public:
  virtual ~lent_slot() = default;
  /// "local", or the name of the worker node the slot is on.
  virtual std::string node() const = 0;
  /// A local slot is capacity: the export renders on it itself, on a thread of its own.
  virtual bool remote() const = 0;
  /// A worker node's slot renders the unit (fetching the draft and its media itself) and its
  /// file arrives at `file`. False with `error` when it did not: the unit renders elsewhere.
  /// `progress` gets the fraction of the unit rendered so far (0..1), from any thread.
  virtual bool render(const remote_unit& what, const std::string& file, const cancel_token& cancel,
                      const std::function<void(double)>& progress, std::string& error) = 0;
};

/// Export slots left idle because no task is queued, which a chunked export may use for more
/// of its chunks at once. A borrowed slot goes back as soon as a queued task wants it, at the
/// latest when the chunk it is rendering ends: that is the FIFO guarantee.
class slot_lender {
public:
  virtual ~slot_lender() = default;
  /// One more slot for this export, or null. `remote_ok`: a worker node's slot will do.
  virtual std::unique_ptr<lent_slot> borrow(bool remote_ok) = 0;
  /// A queued task is waiting for a slot.
  virtual bool wanted() = 0;
};

} // namespace cutqueue::render
