#include "draft/parse_materials.hpp"

#include "draft/json_read.hpp"

#include <algorithm>

namespace cutqueue::draft {

namespace {

using namespace json_read;

mask_material parse_mask(const json& m) {
  mask_material k;
  k.id = str(m, "id");
  k.name = str(m, "name");
  k.resource_type = str(m, "resource_type");
  k.resource_id = id_str(m, "resource_id");
  const json* c = member(m, "config");
  const json& cfg = c ? *c : m;
  k.center_x = std::clamp(num(cfg, "centerX", 0.0), -100.0, 100.0);
  k.center_y = std::clamp(num(cfg, "centerY", 0.0), -100.0, 100.0);
  k.width = std::clamp(num(cfg, "width", 1.0), 0.0, 100.0);
  k.height = std::clamp(num(cfg, "height", 1.0), 0.0, 100.0);
  k.aspect_ratio = std::clamp(num(cfg, "aspectRatio", 1.0), 0.0, 1000.0);
  k.rotation = std::clamp(num(cfg, "rotation", 0.0), -1e6, 1e6);
  k.feather = std::clamp(num(cfg, "feather", 0.0), 0.0, 1.0);
  k.round_corner = std::clamp(num(cfg, "roundCorner", 0.0), 0.0, 1.0);
  k.invert = boolean(cfg, "invert", false);
  return k;
}

transition_material parse_transition(const json& m) {
  transition_material t;
  t.id = str(m, "id");
  t.name = str(m, "name");
  t.resource_id = id_str(m, "resource_id");
  t.effect_id = id_str(m, "effect_id");
  t.duration = time_us(m, "duration");
  t.is_overlap = boolean(m, "is_overlap", true);
  return t;
}

animation_material parse_animations(const json& m) {
  animation_material a;
  a.id = str(m, "id");
  if (auto* list = member(m, "animations"); list && list->is_array())
    for (const auto& e : *list) {
      if (!e.is_object())
        continue;
      animation x;
      x.name = str(e, "name");
      x.type = str(e, "type");
      x.resource_id = id_str(e, "resource_id");
      x.material_type = str(e, "material_type");
      x.start = time_us(e, "start");
      x.duration = time_us(e, "duration");
      a.animations.push_back(std::move(x));
    }
  return a;
}

void parse_params(const json* list, resource_material& r) {
  if (!list || !list->is_array())
    return;
  for (const auto& p : *list) {
    std::string name = str(p, "name");
    if (!name.empty())
      r.params[name] = num(p, "value", num(p, "default_value", 0.0));
  }
}

resource_material parse_resource(const char* list, const json& m) {
  resource_material r;
  r.id = str(m, "id");
  r.list = list;
  r.type = str(m, "type");
  r.name = str(m, "name");
  r.resource_id = id_str(m, "resource_id");
  if (r.resource_id.empty())
    r.resource_id = id_str(m, "sticker_id");
  if (r.resource_id.empty())
    r.resource_id = id_str(m, "effect_id");
  r.value = std::clamp(num(m, "value", 1.0), 0.0, 1.0);
  parse_params(member(m, "adjust_params"), r);
  parse_params(member(m, "audio_adjust_params"), r);
  return r;
}

/// Lists whose entries are Jianying resources a draft names by id.
const char* const resource_lists[] = {"effects", "video_effects", "stickers", "audio_effects",
                                      "filters"};

} // namespace

const std::vector<const char*>& unmodelled_material_lists() {
  static const std::vector<const char*> lists = {"text_templates",
                                                 "audio_fades",
                                                 "chromas",
                                                 "flowers",
                                                 "plugin_effects",
                                                 "handwrites",
                                                 "digital_humans",
                                                 "smart_crops",
                                                 "color_curves",
                                                 "hsl",
                                                 "primary_color_wheels",
                                                 "log_color_wheels",
                                                 "manual_deformations",
                                                 "smart_relights",
                                                 "vocal_separations",
                                                 "realtime_denoises",
                                                 "canvases_with_images",
                                                 "beats"};
  return lists;
}

bool keyframe_property_of(const std::string& p, keyframe_property& out) {
  static const std::pair<const char*, keyframe_property> names[] = {
      {"KFTypePositionX", keyframe_property::position_x},
      {"KFTypePositionY", keyframe_property::position_y},
      {"KFTypeScaleX", keyframe_property::scale_x},
      {"KFTypeScaleY", keyframe_property::scale_y},
      {"UNIFORM_SCALE", keyframe_property::uniform_scale},
      {"KFTypeUniformScale", keyframe_property::uniform_scale},
      {"KFTypeRotation", keyframe_property::rotation},
      {"KFTypeAlpha", keyframe_property::alpha},
      {"KFTypeSaturation", keyframe_property::saturation},
      {"KFTypeContrast", keyframe_property::contrast},
      {"KFTypeBrightness", keyframe_property::brightness},
      {"KFTypeVolume", keyframe_property::volume},
  };
  for (const auto& [name, prop] : names)
    if (p == name) {
      out = prop;
      return true;
    }
  return false;
}

void parse_effect_materials(const json& mats, document& d) {
  if (auto* masks = member(mats, "masks"); masks && masks->is_array())
    for (const auto& m : *masks)
      if (auto k = parse_mask(m); !k.id.empty())
        d.masks[k.id] = std::move(k);
  if (auto* list = member(mats, "transitions"); list && list->is_array())
    for (const auto& m : *list)
      if (auto t = parse_transition(m); !t.id.empty())
        d.transitions[t.id] = std::move(t);
  if (auto* list = member(mats, "material_animations"); list && list->is_array())
    for (const auto& m : *list)
      if (auto a = parse_animations(m); !a.id.empty())
        d.animations[a.id] = std::move(a);
  for (const char* name : resource_lists)
    if (auto* list = member(mats, name); list && list->is_array())
      for (const auto& m : *list)
        if (auto r = parse_resource(name, m); !r.id.empty())
          d.resources[r.id] = std::move(r);
}

} // namespace cutqueue::draft
