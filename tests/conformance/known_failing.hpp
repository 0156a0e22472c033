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
inline const std::vector<known_failing_draft> known_failing_drafts = {};

struct required_soft_row {
  std::string draft;
  std::string meaning_prefix; ///< the start of the row's meaning text
};

/// Soft rows that are judged like hard ones: Jianying resources the renderer now draws. A name
/// that matches no soft row of the draft's EXPECTED.md is a failure.
inline const std::vector<required_soft_row> required_soft_rows = {
    {"transitions", "叠化 (dissolve, 1 s) at the 3.0 s cut"},
    {"transitions", "闪黑 (flash black, 1 s) around the 6.0 s cut"},
    {"animations_text", "image 渐显 (fade in 1.0-2.0 s)"},
    {"animations_text", "image 渐隐 (fade out 4.0-5.0 s)"},
    {"animations_text", "FADE TEXT 渐显 (0.5-1.0 s)"},
    {"animations_text", "FADE TEXT 渐隐 (2.5-3.0 s)"},
    {"animations_text", "LOOP TEXT 闪烁 loop"},
    // Built-in looks (render/resource_looks.hpp) and the operator's resource folder, which the
    // session fills with a sticker picture for every sticker a fixture names.
    {"effects_filters", "冷蓝 filter"},
    {"effects_filters", "变黑白 effect"},
    {"effects_filters", "高清黑白 filter"},
    {"effects_filters", "caption HUAZI with 花字"},
    {"audio_mix", "回音 (echo)"},
    {"sticker", "sticker 7326810673609018675"},
};

} // namespace cutqueue::conformance
