// The loan desk's remote loans: a worker node's slot lent to a chunked export renders one chunk,
// its progress reaches the export while it renders, and its file lands where the export wants it.
#include "actors/loan_desk.hpp"
#include "common/files.hpp"
#include "tests/support/support.hpp"

#include <caf/all.hpp>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <vector>

namespace cutqueue {
namespace {

/// A worker node's slot as the supervisor sees it: reports two progress steps of the node's
/// pipeline (30 = media fetched, 62 = half the chunk rendered), then "uploads" the chunk.
export_slot_actor::behavior_type fake_remote_slot(export_slot_actor::pointer self,
                                                  std::string output_dir) {
  return {
      [](run_atom, const std::string&, const std::string&,
         const cancel_handle&) -> exporting::export_result { return {}; },
      [self, output_dir](run_atom, const std::string&, const std::string& task_id,
                         const cancel_handle&,
                         const exporting::chunk_request& c) -> exporting::export_result {
        auto asker = caf::actor_cast<caf::actor>(self->current_sender());
        caf::anon_send(asker, progress_atom::value, int32_t{30});
        caf::anon_send(asker, progress_atom::value, int32_t{62});
        write_file(output_dir + "/" + task_id + ".mp4", "chunk " + c.unit);
        return {true, false, task_id + ".mp4", ""};
      },
  };
}

TEST(LoanDesk, ARemoteLoanReportsTheChunksProgressAndDeliversItsFile) {
  testing::temp_dir dir{"cqloan"};
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  loan_desk desk;
  std::vector<export_slot_actor> returned;
  std::mutex mu;
  desk.attach(sys, dir.path(), [&](const export_slot_actor& s) {
    std::lock_guard<std::mutex> lk(mu);
    returned.push_back(s);
  });
  auto slot = sys.spawn(fake_remote_slot, dir.path());
  desk.offer_remote(slot, "w1");
  auto loan = desk.borrow(true);
  ASSERT_TRUE(loan);
  EXPECT_TRUE(loan->remote());
  EXPECT_EQ(loan->node(), "w1");

  std::vector<double> seen;
  std::string error;
  cancel_token cancel;
  const std::string target = dir.path() + "/v0003.ts";
  ASSERT_TRUE(loan->render(
      {"http://d/get_draft?draft_id=x", "t1-v0003", "v0003", 1, "veryfast"}, target, cancel,
      [&](double f) {
        std::lock_guard<std::mutex> lk(mu);
        seen.push_back(f);
      },
      error))
      << error;
  {
    std::lock_guard<std::mutex> lk(mu);
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_DOUBLE_EQ(seen[0], 0.0) << "fetching the media is not rendering";
    EXPECT_NEAR(seen[1], 32.0 / 65.0, 1e-9);
  }
  std::ifstream in(target);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(text, "chunk v0003");
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/t1-v0003.mp4")) << "moved, not copied";

  loan.reset();
  std::lock_guard<std::mutex> lk(mu);
  ASSERT_EQ(returned.size(), 1u);
  EXPECT_EQ(returned[0], slot);
  caf::anon_send_exit(slot, caf::exit_reason::user_shutdown);
}

} // namespace
} // namespace cutqueue
