// How faithfully a look stands in for a Jianying transition or animation, whose real look is a
// proprietary resource the draft names only by name and resource id.
#pragma once

namespace cutqueue::render {

/// How a look was chosen, most faithful first.
enum class fidelity {
  exact,  ///< a standard look we reproduce (叠化 = cross-fade, 向左滑动 = slide to the left)
  family, ///< a close relative picked by a keyword of the name (画笔擦除 -> a wipe)
  fallback, ///< nothing matched: the kind's neutral stand-in
};

/// "exact", "family" or "fallback", for logs and reports.
const char* fidelity_name(fidelity how);

} // namespace cutqueue::render
