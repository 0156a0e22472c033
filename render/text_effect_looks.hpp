// 花字 (Jianying text effects) as caption styles. A draft names a 花字 only by resource id
// (`styles[].effectStyle.id`); its real look is a Jianying resource. capcut-mate's 花字 names
// spell their colours (白字橘色发光花字: white characters, orange glow), so a known id gives a name
// and the name gives fill, outline and glow colours the caption rasteriser can draw.
#pragma once

#include "draft/model.hpp"
#include "render/look_fidelity.hpp"

#include <string>

namespace cutqueue::render {

/// The colours a 花字 draws with; each part only when `has_*` is set.
struct text_effect_style {
  bool has_fill = false; ///< false: the caption keeps its own text colour
  draft::rgba fill;
  bool has_outline = false;
  draft::rgba outline;
  bool has_glow = false; ///< a soft blurred halo around the characters
  draft::rgba glow;
  std::string name; ///< the 花字 name the colours were read from; "" for the default
  /// family: colours read from the name; fallback: nothing readable, the default style
  fidelity how = fidelity::fallback;
};

/// The 花字 name of a resource id that capcut-mate writes, "" when unknown. Known: the id of its
/// 白字橘色发光花字 (7371372494336396570) and the fallback list of its get_text_effects
/// (7296357486490144036..041: 白字橘色发光, 黄字/粉字/绿字/蓝字/紫字白色发光).
std::string text_effect_name(const std::string& resource_id);

/// Reads a 花字 name: "X字" gives the fill, "Y色发光" / "Y发光" / "Y光" the glow, "Y色描边" /
/// "Y描边" / "Y边" the outline; colour words 白 黑 红 橙 橘 黄 绿 青 蓝 紫 粉 金 银 棕.
/// Parts the name does not mention are absent.
text_effect_style text_effect_style_from_name(const std::string& name);

/// The style of a 花字: the name of a known `resource_id` (which wins), else `name`, read by
/// text_effect_style_from_name. When neither yields a colour: white fill with a soft
/// semi-transparent black glow, the most common 花字 shape (and readable on any picture).
text_effect_style text_effect_look(const std::string& resource_id, const std::string& name);

/// Gives a caption style the 花字's colours: its fill; its outline as a border; its glow as a
/// border in the glow colour under a soft halo of it (Jianying's glow is an outer glow; a solid
/// ring keeps it visible on busy pictures). Returns how it was drawn, for the task's log.
std::string apply_text_effect(draft::text_style& style, const text_effect_style& fx);

} // namespace cutqueue::render
