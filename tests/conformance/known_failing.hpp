// The two lists that decide how strictly the renderer is held to the fixtures today. Both are
// meant to change as render/ learns features: remove a draft from known_failing_drafts when its
// feature lands, add a soft row to required_soft_rows once the renderer draws that resource.
#pragma once

#include <string>
#include <vector>

namespace cutqueue::conformance {

struct known_failing_draft {
  std::string draft;
  std::string missing; ///< the renderer feature whose absence makes its hard rows fail
};

/// Drafts whose hard rows are allowed to fail, because the renderer lacks their feature. Their
/// failing rows are still printed ("KNOWN"). The list can only shrink: a listed draft that
/// passes every hard row fails the suite until its entry is removed, and an export that does
/// not complete, or a row the suite cannot interpret, fails regardless of the list.
/// CUTQUEUE_CONFORMANCE_IGNORE_KNOWN=1 in the environment judges the listed drafts in full.
inline const std::vector<known_failing_draft> known_failing_drafts = {
    {"keyframes", "keyframes (position, scale, alpha and volume over time)"},
    {"masks", "masks (圆形 circle, 矩形 rectangle, inverted)"},
    {"animations_text", "rich text: keyword styles (the green, larger 'KEY' of 'STYLE KEY')"},
    {"caption_params", "text letter_spacing and vertical typesetting"},
};

struct required_soft_row {
  std::string draft;
  std::string meaning_prefix; ///< the start of the row's meaning text
};

/// Soft rows that are judged like hard ones: Jianying resources the renderer now draws. A name
/// that matches no soft row of the draft's EXPECTED.md is a failure.
inline const std::vector<required_soft_row> required_soft_rows = {};

} // namespace cutqueue::conformance
