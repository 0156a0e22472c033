#include "actors/export_slot.hpp"

#include "actors/supervisor_config.hpp"
#include "actors/task_actor.hpp"

namespace cutqueue {

namespace {

exporting::export_result run_here(export_slot_actor::pointer self, const supervisor_config* cfg,
                                  exporting::export_request req, const cancel_handle& cancel) {
  auto requester = caf::actor_cast<task_actor>(self->current_sender());
  int last = -1;
  auto on_progress = [&](int percent) {
    // The pipeline may report the same value many times; forward only changes.
    if (percent != last && requester) {
      last = percent;
      self->send(requester, progress_atom::value, static_cast<int32_t>(percent));
    }
  };
  if (cfg->exporter)
    return cfg->exporter(req, on_progress, *cancel.token);
  return exporting::run_export(req, cfg->pipeline, on_progress, *cancel.token);
}

export_slot_actor::behavior_type export_slot(export_slot_actor::pointer self,
                                             const supervisor_config* cfg) {
  return {
      [=](run_atom, const std::string& draft_url, const std::string& task_id,
          const cancel_handle& cancel) {
        return run_here(self, cfg, {draft_url, task_id, std::nullopt}, cancel);
      },
      [=](run_atom, const std::string& draft_url, const std::string& task_id,
          const cancel_handle& cancel, const exporting::chunk_request& chunk) {
        return run_here(self, cfg, {draft_url, task_id, chunk}, cancel);
      },
  };
}

} // namespace

export_slot_actor spawn_export_slot(caf::actor_system& sys, const supervisor_config& cfg) {
  return sys.spawn<caf::detached>(export_slot, &cfg);
}

} // namespace cutqueue
