// Filter and effect tracks as looks over the picture below them.
#include "render/feature_audit.hpp"
#include "render/ffmpeg_text.hpp"
#include "render/layer_plan.hpp"
#include "render/look_chains.hpp"
#include "render/resource_looks.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace cutqueue::render {

bool still_sticker(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  for (auto& c : ext)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // Animated WebP files arrive here decoded, as .rgba frames (render/webp_animation.hpp).
  return ext == ".png" || ext == ".webp";
}

bool plan_look(const draft::document& d, const draft::segment& s, const look_sources& sources,
               const picture_plan& plan, look_layer& out, draft::unsupported_feature& note) {
  note = {};
  note.where = "segment " + s.id;
  auto res = d.resources.find(s.material_id);
  if (res == d.resources.end()) {
    note.feature = "filter or effect without a material";
    return false;
  }
  const draft::resource_material& r = res->second;
  const bool filter = r.type == "filter";
  note.feature = resource_feature(r);
  out = look_layer{};
  out.seg = &s;
  out.f0 = plan.clock.frame_at(s.target.start);
  out.f1 = std::min(plan.clock.frame_at(s.target.end()), plan.frames);
  if (out.f1 <= out.f0) {
    note = {}; // shorter than a frame or past the end: nothing to draw, nothing missing
    return false;
  }
  // Jianying mixes a filter with the picture by its intensity; effects have no such value.
  out.intensity = filter ? std::clamp(r.value, 0.0, 1.0) : 1.0;
  if (auto lut = sources.luts.find(s.material_id); filter && lut != sources.luts.end()) {
    out.chain = "lut3d=file=" + escape_filter_value(lut->second) + ":interp=tetrahedral";
    note.how = draft::drawn::exactly;
    note.detail = "filters/" + std::filesystem::path(lut->second).filename().string();
    return true;
  }
  resource_look look = resource_look_for(
      filter ? resource_kind::filter : resource_kind::scene_effect, r.resource_id, r.name);
  if (!filter && look.family.empty())
    look = resource_look_for(resource_kind::character_effect, r.resource_id, r.name);
  if (look.family.empty()) {
    note.how = draft::drawn::not_at_all;
    return false;
  }
  const double t0 = plan.clock.seconds(out.f0), t1 = plan.clock.seconds(out.f1);
  out.chain =
      video_look_chain(look.family, look_params(look, r.params), plan.width, plan.height, t0, t1);
  if (out.chain.empty()) {
    note.how = draft::drawn::not_at_all;
    return false;
  }
  note.how = draft::drawn::approximately;
  note.detail = look_detail(look);
  return true;
}

} // namespace cutqueue::render
