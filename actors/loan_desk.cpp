#include "actors/loan_desk.hpp"

#include "common/log.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <optional>

namespace cutqueue {

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

/// Bound on one remote chunk: the remote slot's own lease gives up far sooner on a node that
/// stops reporting progress; this only keeps a lost answer from pinning the export forever.
constexpr auto remote_chunk_timeout = std::chrono::seconds(3 * 3600);

class local_loan final : public render::lent_slot {
public:
  explicit local_loan(loan_desk& desk) : desk_(desk) {}
  ~local_loan() override { desk_.give_back({}); }
  std::string node() const override { return "local"; }
  bool remote() const override { return false; }
  bool render(const render::remote_unit&, const std::string&, const cancel_token&,
              const std::function<void(double)>&, std::string& error) override {
    error = "a local slot renders on the export's own thread";
    return false;
  }

private:
  loan_desk& desk_;
};

class remote_loan final : public render::lent_slot {
public:
  remote_loan(loan_desk& desk, export_slot_actor slot, std::string node)
      : desk_(desk), slot_(std::move(slot)), node_(std::move(node)) {}
  ~remote_loan() override { desk_.give_back(slot_); }
  std::string node() const override { return node_; }
  bool remote() const override { return true; }

  bool render(const render::remote_unit& what, const std::string& file, const cancel_token& cancel,
              const std::function<void(double)>& progress, std::string& error) override {
    // The remote slot watches a shared token; the export's own is passed on as it is cancelled.
    auto token = std::make_shared<cancel_token>();
    // A small actor of its own asks the slot: the slot sends the node's progress to whoever
    // asked, which a blocking request could not read before its answer.
    struct call {
      std::mutex mu;
      std::condition_variable answered;
      bool done = false;
      std::optional<exporting::export_result> result;
      std::string error;
      std::function<void(double)> progress;
    };
    auto c = std::make_shared<call>();
    c->progress = progress;
    desk_.system()->spawn([c, slot = slot_, what, token](caf::event_based_actor* self) {
      auto finish = [c, self](std::optional<exporting::export_result> r, std::string err) {
        {
          std::lock_guard<std::mutex> lk(c->mu);
          c->result = std::move(r);
          c->error = std::move(err);
          c->done = true;
        }
        c->answered.notify_all();
        self->quit();
      };
      self->request(slot, remote_chunk_timeout, run_atom::value, what.draft_url, what.task_id,
                    cancel_handle{token},
                    exporting::chunk_request{what.unit, what.chunk_seconds, what.x264_preset})
          .then([finish](exporting::export_result& r) { finish(std::move(r), {}); },
                [finish, self](caf::error& err) {
                  finish(std::nullopt, self->system().render(err));
                });
      return caf::behavior{
          [c](progress_atom, int32_t percent) {
            // The node's phases: 0-30 fetching the draft and media, 30-95 rendering the chunk.
            // Under the lock: once render() returned, its caller's callback is gone.
            std::lock_guard<std::mutex> lk(c->mu);
            if (c->progress)
              c->progress(std::clamp((percent - 30) / 65.0, 0.0, 1.0));
          },
      };
    });
    exporting::export_result res;
    bool replied = false;
    {
      std::unique_lock<std::mutex> lk(c->mu);
      while (!c->done) {
        if (cancel.cancelled())
          token->cancel(cancel.reason()); // the slot stops the node and answers
        c->answered.wait_for(lk, 100ms);
      }
      c->progress = nullptr; // the caller's callback may die once this returns
      if (c->result) {
        res = std::move(*c->result);
        replied = true;
      } else {
        error = c->error;
      }
    }
    if (!replied)
      return false;
    if (!res.ok) {
      error = res.cancelled ? "cancelled" : res.error_message;
      return false;
    }
    const fs::path arrived = fs::path(desk_.output_dir()) / res.output_file;
    std::error_code ec;
    fs::rename(arrived, file, ec);
    if (ec) { // another file system: copy, then drop the upload
      fs::copy_file(arrived, file, fs::copy_options::overwrite_existing, ec);
      std::error_code ignored;
      fs::remove(arrived, ignored);
    }
    if (ec)
      error = "cannot move the uploaded chunk: " + ec.message();
    return !ec;
  }

private:
  loan_desk& desk_;
  export_slot_actor slot_;
  std::string node_;
};

} // namespace

void loan_desk::attach(caf::actor_system& sys, std::string output_dir,
                       std::function<void(const export_slot_actor&)> returned) {
  std::lock_guard<std::mutex> lk(mu_);
  sys_ = &sys;
  output_dir_ = std::move(output_dir);
  returned_ = std::move(returned);
}

void loan_desk::offer_local(size_t n) {
  std::lock_guard<std::mutex> lk(mu_);
  offered_local_ += n;
}

void loan_desk::offer_remote(const export_slot_actor& slot, const std::string& node) {
  std::lock_guard<std::mutex> lk(mu_);
  offered_remote_.emplace_back(slot, node);
}

size_t loan_desk::reclaim(std::vector<export_slot_actor>& remote) {
  std::lock_guard<std::mutex> lk(mu_);
  for (auto& [slot, node] : offered_remote_)
    remote.push_back(slot);
  offered_remote_.clear();
  const size_t n = offered_local_;
  offered_local_ = 0;
  return n;
}

void loan_desk::set_wanted(bool wanted) {
  wanted_ = wanted;
}

size_t loan_desk::lent_local() const {
  std::lock_guard<std::mutex> lk(mu_);
  return lent_local_;
}

bool loan_desk::lent(const caf::actor_addr& remote_slot) const {
  std::lock_guard<std::mutex> lk(mu_);
  return lent_remote_.count(remote_slot) > 0;
}

std::unique_ptr<render::lent_slot> loan_desk::borrow(bool remote_ok) {
  std::lock_guard<std::mutex> lk(mu_);
  if (wanted_)
    return nullptr;
  // The coordinator's own slots first: no upload, and the draft's media are here already.
  if (offered_local_ > 0) {
    --offered_local_;
    ++lent_local_;
    return std::make_unique<local_loan>(*this);
  }
  if (!remote_ok || offered_remote_.empty() || !sys_)
    return nullptr;
  auto [slot, node] = offered_remote_.back();
  offered_remote_.pop_back();
  lent_remote_.insert(slot.address());
  return std::make_unique<remote_loan>(*this, slot, node);
}

bool loan_desk::wanted() {
  return wanted_;
}

void loan_desk::give_back(const export_slot_actor& slot) {
  std::function<void(const export_slot_actor&)> returned;
  {
    std::lock_guard<std::mutex> lk(mu_);
    if (!slot && lent_local_ > 0)
      --lent_local_;
    if (slot)
      lent_remote_.erase(slot.address());
    returned = returned_;
  }
  if (returned)
    returned(slot);
}

} // namespace cutqueue
