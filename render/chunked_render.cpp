#include "render/chunked_render.hpp"

#include "common/content_fingerprint.hpp"
#include "common/files.hpp"
#include "common/log.hpp"
#include "common/service_metrics.hpp"
#include "common/sha256.hpp"
#include "render/curve.hpp"
#include "render/ffmpeg_runner.hpp"
#include "render/part_jobs.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

namespace cutqueue::render {

namespace fs = std::filesystem;

namespace {

/// Bumped whenever a chunk's bytes would change for the same job (encoder settings, layout).
constexpr const char* record_version = "v1";

/// `text` with every occurrence of `folder` replaced by a fixed word.
std::string without(std::string text, const std::string& folder) {
  if (folder.empty())
    return text;
  for (size_t at = text.find(folder); at != std::string::npos; at = text.find(folder, at + 1))
    text.replace(at, folder.size(), "<work>");
  return text;
}

/// What a job reads, hashed: its command (output file aside), its files and the content of
/// every input. A record with another fingerprint belongs to another draft or version. The
/// work folder's name is left out: an attempt may get another one.
std::string fingerprint_of(const ffmpeg_job& job, const std::string& work_dir,
                           std::map<std::string, std::string>& contents) {
  sha256_stream h;
  h.update(record_version);
  for (size_t i = 0; i + 1 < job.argv.size(); ++i) {
    h.update(without(job.argv[i], work_dir));
    h.update(std::string_view("\0", 1));
    if (job.argv[i].rfind("file:", 0) == 0) {
      const std::string path = job.argv[i].substr(5);
      auto it = contents.find(path);
      if (it == contents.end())
        it = contents.emplace(path, content_fingerprint(path).value_or("unreadable")).first;
      h.update(it->second);
    }
  }
  for (const auto& f : job.files) {
    h.update(without(f.path, work_dir));
    h.update(without(f.content, work_dir));
  }
  return h.finish();
}

std::string record_of(const chunk_plan::unit& u, const std::string& sha, uint64_t bytes) {
  return std::string(record_version) + " " + u.fingerprint + " " + sha + " " +
         std::to_string(bytes);
}

/// The checksum and size a record of this very job holds.
std::optional<std::pair<std::string, uint64_t>>
recorded_file(const chunk_plan::unit& u, const std::map<std::string, std::string>& records) {
  auto it = records.find(u.name);
  if (it == records.end())
    return std::nullopt;
  std::istringstream in(it->second);
  std::string version, fp, sha;
  uint64_t bytes = 0;
  if (!(in >> version >> fp >> sha >> bytes) || version != record_version || fp != u.fingerprint)
    return std::nullopt;
  return std::make_pair(sha, bytes);
}

bool file_matches(const std::string& file, const std::pair<std::string, uint64_t>& want) {
  std::error_code ec;
  if (fs::file_size(file, ec) != want.second || ec)
    return false;
  return sha256_file(file) == want.first;
}

/// Whether the unit's file is here, whole, from the same job — fetched from the ledger's node
/// when it is recorded but not on this one (an earlier attempt ran on another node).
bool finished_before(const chunk_plan::unit& u, const std::map<std::string, std::string>& records,
                     const render_settings& s) {
  auto want = recorded_file(u, records);
  if (!want)
    return false;
  if (file_matches(u.file, *want))
    return true;
  std::error_code ec;
  fs::remove(u.file, ec);
  if (!s.ledger->fetch(s.task_id, u.name, u.file))
    return false;
  if (file_matches(u.file, *want))
    return true;
  log::warn("render: chunk ", u.name, " fetched from the ledger does not match its record");
  fs::remove(u.file, ec);
  return false;
}

std::string task_suffix(const render_settings& s) {
  return s.task_id.empty() ? "" : " [task " + s.task_id + "]";
}

std::string span_of(const chunk_plan& plan, const chunk_plan::unit& u) {
  return "frames " + std::to_string(u.f0) + "-" + std::to_string(u.f1) + ", " +
         decimal(u.f0 / plan.fps, 2) + "-" + decimal(u.f1 / plan.fps, 2) + " s";
}

/// Shared by the threads rendering one draft's units.
struct run_state {
  std::mutex mu;
  std::condition_variable changed;
  std::vector<size_t> todo;
  size_t next = 0;
  std::map<size_t, double> running; ///< unit -> its fraction done
  double done_weight = 0, total_weight = 0;
  int helpers = 0;
  bool failed = false;
  bool remote_failed = false; ///< a worker node failed a unit: no more remote slots
  std::string error;
};

enum class unit_end { done, failed, cancelled, moved };

/// Renders one unit into its part file: here with FFmpeg, or on the worker node of `remote`.
unit_end produce(const chunk_plan& plan, size_t i, const render_settings& s, run_state& st,
                 const cancel_token& cancel, const std::function<void()>& tick, lent_slot* remote,
                 const std::string& part, std::string& error) {
  const chunk_plan::unit& u = plan.units[i];
  std::error_code ec;
  if (remote) {
    const remote_unit what{s.draft_url, s.task_id + "-" + u.name, u.name, s.chunk_seconds,
                           s.x264_preset};
    auto rendered = [&](double f) {
      std::lock_guard<std::mutex> lk(st.mu);
      if (auto it = st.running.find(i); it != st.running.end())
        it->second = std::clamp(f, it->second, 1.0); // a late report never takes it back
    };
    if (remote->render(what, part, cancel, rendered, error))
      return unit_end::done;
    fs::remove(part, ec);
    return cancel.cancelled() ? unit_end::cancelled : unit_end::moved;
  }
  fs::create_directories(fs::path(s.work_dir) / u.name, ec);
  for (const auto& f : u.job.files)
    if (!write_file(f.path, f.content)) {
      error = "Video rendering failed: cannot write " + f.path;
      return unit_end::failed;
    }
  const int64_t span_us =
      std::max<int64_t>(1, static_cast<int64_t>(std::llround((u.f1 - u.f0) * 1e6 / plan.fps)));
  const int64_t start_us =
      u.name[0] == 'a'
          ? 0
          : chunk_timestamp_base_us + static_cast<int64_t>(std::llround(u.f0 * 1e6 / plan.fps));
  auto run = run_ffmpeg(
      u.job.argv, cancel,
      [&](int64_t out_us) {
        {
          std::lock_guard<std::mutex> lk(st.mu);
          st.running[i] = std::clamp(static_cast<double>(out_us - start_us) / span_us, 0.0, 1.0);
        }
        if (tick)
          tick();
      },
      ffmpeg_watch{start_us + span_us});
  if (run.cancelled || cancel.cancelled()) {
    fs::remove(part, ec);
    return unit_end::cancelled;
  }
  if (!run.ok()) {
    log::error("render: chunk ", u.name, " failed on ", s.node, " (", run.exit_code,
               "): ", run.stderr_tail, task_suffix(s));
    fs::remove(part, ec);
    error = ffmpeg_failure_text(run);
    return unit_end::failed;
  }
  return unit_end::done;
}

/// Renders one unit and keeps it: synced, renamed into place, recorded.
unit_end render_unit(const chunk_plan& plan, size_t i, const render_settings& s, run_state& st,
                     const cancel_token& cancel, const std::function<void()>& tick,
                     lent_slot* remote) {
  const chunk_plan::unit& u = plan.units[i];
  const std::string node = remote ? remote->node() : s.node;
  const auto began = std::chrono::steady_clock::now();
  log::info("render: chunk ", u.name, " (", span_of(plan, u), ") started on ", node,
            task_suffix(s));
  metrics::chunk_started(s.metrics.get());
  auto fail = [&](const std::string& why) {
    metrics::chunk_finished(s.metrics.get(), "failed", 0);
    std::lock_guard<std::mutex> lk(st.mu);
    if (!st.failed) {
      st.failed = true;
      st.error = why;
    }
    return unit_end::failed;
  };
  const std::string part = u.file + ".part";
  std::string error;
  const unit_end end = produce(plan, i, s, st, cancel, tick, remote, part, error);
  if (end == unit_end::cancelled) {
    metrics::chunk_finished(s.metrics.get(), "cancelled", 0);
    return end;
  }
  if (end == unit_end::moved) {
    metrics::chunk_finished(s.metrics.get(), "moved", 0);
    log::warn("render: chunk ", u.name, " (", span_of(plan, u), ") failed on ", node, " (", error,
              "); it renders elsewhere", task_suffix(s));
    return end;
  }
  if (end == unit_end::failed)
    return fail(error);
  std::error_code ec;
  const uint64_t bytes = fs::file_size(part, ec);
  if (ec || bytes == 0 || !fsync_path(part, false))
    return fail("Encoding failed: chunk " + u.name + " has no output");
  fs::rename(part, u.file, ec);
  if (ec)
    return fail("Encoding failed: cannot keep chunk " + u.name + ": " + ec.message());
  fsync_path(s.chunk_dir, true);
  if (s.ledger && !s.task_id.empty() &&
      !s.ledger->record(s.task_id, u.name, record_of(u, sha256_file(u.file), bytes), u.file))
    log::warn("render: chunk ", u.name, " could not be recorded; a later attempt renders it again",
              task_suffix(s));
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  metrics::chunk_finished(s.metrics.get(), "rendered", secs);
  log::info("render: chunk ", u.name, " (", span_of(plan, u), ") done on ", node, " in ",
            decimal(secs, 1), " s", task_suffix(s));
  return unit_end::done;
}

/// Takes units until none is left, the render failed, or (for a borrowed slot) a queued task
/// wants the slot back. `between` runs before each unit, `tick` on each progress report of
/// FFmpeg; both only on the export's own thread. A unit a worker node failed goes back to the
/// queue for another slot, and that slot is given back.
void take_units(const chunk_plan& plan, const render_settings& s, run_state& st,
                const cancel_token& cancel, lent_slot* borrowed,
                const std::function<void()>& between, const std::function<void()>& tick) {
  lent_slot* remote = borrowed && borrowed->remote() ? borrowed : nullptr;
  for (;;) {
    if (between)
      between();
    size_t i = 0;
    {
      std::lock_guard<std::mutex> lk(st.mu);
      if (st.failed || cancel.cancelled() || st.next >= st.todo.size())
        return;
      i = st.todo[st.next++];
      st.running[i] = 0;
    }
    const unit_end end = render_unit(plan, i, s, st, cancel, tick, remote);
    {
      std::lock_guard<std::mutex> lk(st.mu);
      st.running.erase(i);
      if (end == unit_end::done)
        st.done_weight += plan.units[i].weight;
      if (end == unit_end::moved) {
        st.todo.push_back(i);
        st.remote_failed = true;
      }
    }
    st.changed.notify_all();
    if (end != unit_end::done || (borrowed && s.lender->wanted()))
      return;
  }
}

/// Appends the picture's chunks into one MPEG-TS stream.
bool append_chunks(const chunk_plan& plan, const std::string& out_path, std::string& error) {
  std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
  std::vector<char> buf(1 << 20);
  for (const auto& u : plan.units) {
    if (u.name[0] != 'v')
      continue;
    std::ifstream in(u.file, std::ios::binary);
    if (!in) {
      error = "Encoding failed: chunk " + u.name + " is missing";
      return false;
    }
    while (in) {
      in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
      out.write(buf.data(), in.gcount());
    }
  }
  if (!out.flush()) {
    error = "Encoding failed: cannot write " + out_path;
    return false;
  }
  return true;
}

} // namespace

bool wants_chunks(const draft::document& d, const render_settings& s) {
  return s.chunk_seconds > 0 && !s.chunk_dir.empty() &&
         static_cast<double>(d.duration) / 1e6 > s.chunk_seconds;
}

std::vector<std::pair<int64_t, int64_t>> chunk_bounds(int64_t frames, int64_t chunk_frames) {
  std::vector<std::pair<int64_t, int64_t>> out;
  chunk_frames = std::max<int64_t>(1, chunk_frames);
  for (int64_t f = 0; f < frames; f += chunk_frames)
    out.push_back({f, std::min(frames, f + chunk_frames)});
  if (out.size() > 1 && (out.back().second - out.back().first) * 4 < chunk_frames) {
    out[out.size() - 2].second = out.back().second;
    out.pop_back();
  }
  return out;
}

bool prepare_chunks(const draft::document& d, const material_sources& sources,
                    const graph_config& gc, const render_settings& s, chunk_plan& out,
                    std::string& error) {
  out = chunk_plan{};
  picture_plan whole;
  if (!plan_whole(d, sources, gc, whole, error))
    return false;
  out.fps = whole.clock.fps;
  out.notes = whole.notes;
  std::map<std::string, std::string> contents;
  auto add = [&](const std::string& name, int64_t f0, int64_t f1, double weight,
                 const std::string& ext) {
    chunk_plan::unit u;
    u.name = name;
    u.f0 = f0;
    u.f1 = f1;
    u.weight = weight;
    u.file = (fs::path(s.chunk_dir) / (name + ext)).string();
    graph_config c = gc;
    c.work_dir = (fs::path(s.work_dir) / name).string();
    c.output_path = u.file + ".part";
    // The sound's window ends where the draft's sound does, which may be between two frames.
    const int64_t to_us = f1 == whole.frames ? d.duration : whole.clock.micros(f1);
    const bool built =
        name[0] == 'a' ? build_sound_job(d, sources, c, whole.clock.micros(f0), to_us, u.job, error)
                       : build_chunk_job(whole, f0, f1, sources, c, u.job, error);
    if (!built)
      return false;
    for (auto& n : u.job.notes)
      out.notes.push_back(std::move(n));
    u.job.notes.clear();
    u.fingerprint = fingerprint_of(u.job, s.work_dir, contents);
    out.units.push_back(std::move(u));
    return true;
  };
  const auto frames = static_cast<int64_t>(std::llround(s.chunk_seconds * whole.clock.fps));
  const auto bounds = chunk_bounds(whole.frames, frames);
  auto name_of = [](char kind, size_t k) {
    const std::string n = std::to_string(k);
    return kind + std::string(n.size() < 4 ? 4 - n.size() : 0, '0') + n;
  };
  // The sound's windows first: they are cheap (a small share of the progress), and a slot that
  // frees up early takes a picture chunk next.
  for (size_t k = 0; k < bounds.size(); ++k)
    if (!add(name_of('a', k), bounds[k].first, bounds[k].second,
             0.05 * static_cast<double>(bounds[k].second - bounds[k].first), ".pcm"))
      return false;
  for (size_t k = 0; k < bounds.size(); ++k)
    if (!add(name_of('v', k), bounds[k].first, bounds[k].second,
             static_cast<double>(bounds[k].second - bounds[k].first), ".ts"))
      return false;
  return true;
}

render_outcome run_chunks(const chunk_plan& plan, const render_settings& s,
                          const std::function<void(double)>& progress, const cancel_token& cancel) {
  render_outcome res;
  std::error_code ec;
  fs::create_directories(s.chunk_dir, ec);
  if (ec) {
    res.error_message = "Video rendering failed: cannot create chunk folder: " + ec.message();
    return res;
  }
  std::map<std::string, std::string> records;
  if (s.ledger && !s.task_id.empty() && !s.ledger->load(s.task_id, records))
    log::warn("render: finished chunks could not be read; rendering all of them", task_suffix(s));
  run_state st;
  size_t reused = 0;
  for (size_t i = 0; i < plan.units.size(); ++i) {
    // Progress is of the units asked for: one chunk rendered for another node goes 0..1 itself.
    if (!s.only_units.empty() && std::find(s.only_units.begin(), s.only_units.end(),
                                           plan.units[i].name) == s.only_units.end())
      continue;
    st.total_weight += plan.units[i].weight;
    if (finished_before(plan.units[i], records, s)) {
      ++reused;
      st.done_weight += plan.units[i].weight;
      metrics::chunk_finished(s.metrics.get(), "reused", 0);
      log::info("render: chunk ", plan.units[i].name, " (", span_of(plan, plan.units[i]),
                ") kept from an earlier attempt", task_suffix(s));
    } else {
      st.todo.push_back(i);
    }
  }
  log::info("render: ", plan.units.size() - 1, " chunks of ", decimal(s.chunk_seconds, 1),
            " s (picture and sound); ", reused, " finished before, ", st.todo.size(), " to render",
            task_suffix(s));
  auto report = [&] {
    double w = 0;
    {
      std::lock_guard<std::mutex> lk(st.mu);
      w = st.done_weight;
      for (const auto& [i, f] : st.running)
        w += f * plan.units[i].weight;
    }
    if (progress)
      progress(st.total_weight > 0 ? w / st.total_weight : 1.0);
  };
  report();

  std::vector<std::thread> helpers;
  // Between its own units this thread borrows idle slots for the units nobody has taken yet.
  auto borrow_more = [&] {
    report();
    if (!s.lender)
      return;
    for (;;) {
      bool remote_ok = false;
      {
        std::lock_guard<std::mutex> lk(st.mu);
        const size_t left = st.todo.size() - st.next;
        if (st.failed || left <= 1 + static_cast<size_t>(st.helpers))
          return;
        remote_ok = !st.remote_failed && !s.draft_url.empty();
      }
      if (s.lender->wanted())
        return;
      std::shared_ptr<lent_slot> slot = s.lender->borrow(remote_ok);
      if (!slot)
        return;
      {
        std::lock_guard<std::mutex> lk(st.mu);
        ++st.helpers;
      }
      helpers.emplace_back([&, slot]() mutable {
        take_units(plan, s, st, cancel, slot.get(), {}, {});
        slot.reset(); // given back
        {
          std::lock_guard<std::mutex> lk(st.mu);
          --st.helpers;
        }
        st.changed.notify_all();
      });
    }
  };
  for (;;) {
    take_units(plan, s, st, cancel, nullptr, borrow_more, report);
    // The last units may still run on borrowed slots: keep reporting until they end, and take
    // back any unit a worker node failed meanwhile.
    std::unique_lock<std::mutex> lk(st.mu);
    while (st.helpers > 0 && st.next >= st.todo.size()) {
      st.changed.wait_for(lk, std::chrono::milliseconds(500));
      lk.unlock();
      report();
      lk.lock();
    }
    if (st.next >= st.todo.size() || st.failed || cancel.cancelled())
      break;
  }
  for (auto& t : helpers)
    t.join();
  if (cancel.cancelled()) {
    res.cancelled = true;
    return res;
  }
  if (st.failed) {
    res.error_message = st.error;
    return res;
  }
  report();
  if (!s.only_units.empty()) {
    if (s.unit_output.empty() || s.only_units.size() != 1) {
      res.error_message = "only some chunks were asked for";
      return res;
    }
    for (const auto& u : plan.units)
      if (u.name == s.only_units.front()) {
        fs::rename(u.file, s.unit_output, ec);
        if (ec) {
          res.error_message = "Encoding failed: cannot move chunk " + u.name + ": " + ec.message();
          return res;
        }
        res.ok = true;
        return res;
      }
    res.error_message = "Video rendering failed: the draft has no chunk " + s.only_units.front();
    return res;
  }
  const std::string video = (fs::path(s.work_dir) / "video.ts").string();
  if (!append_chunks(plan, video, res.error_message))
    return res;
  std::vector<std::string> sound;
  for (const auto& u : plan.units)
    if (u.name[0] == 'a')
      sound.push_back(u.file);
  auto run = run_ffmpeg(join_arguments(s.ffmpeg, video, sound, s.output_path), cancel, {});
  fs::remove(video, ec);
  if (run.cancelled || cancel.cancelled()) {
    res.cancelled = true;
    return res;
  }
  if (!run.ok()) {
    log::error("render: joining the chunks failed (", run.exit_code, "): ", run.stderr_tail,
               task_suffix(s));
    res.error_message = ffmpeg_failure_text(run);
    return res;
  }
  res.ok = true;
  return res;
}

} // namespace cutqueue::render
