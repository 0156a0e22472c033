#include "render/audio_graph.hpp"

#include "render/curve.hpp"
#include "render/keyframe_eval.hpp"

#include <algorithm>
#include <cmath>

namespace cutqueue::render {

namespace {

std::string secs(int64_t us) {
  return decimal(static_cast<double>(us) / 1e6, 6);
}

int64_t samples(int64_t us) {
  return static_cast<int64_t>(std::llround(static_cast<double>(us) * output_sample_rate / 1e6));
}

/// Source range of a segment, defaulting to "what the target needs at this speed".
draft::timerange source_of(const draft::segment& s) {
  if (s.has_source && s.source.duration > 0)
    return s.source;
  return {0, static_cast<int64_t>(std::llround(static_cast<double>(s.target.duration) * s.speed))};
}

/// FFmpeg 5.1's atempo takes 0.5..100 per instance, but fast stages misbehave: from about 65x
/// at 48 kHz it fails with ENOMEM, and from about 6x, mixed with the draft's silent base, the
/// whole graph stalls for good (FFmpeg idles, no frame comes out). Stages of 0.5..10x, each
/// followed by fixed 1024-sample frames, run at any speed (tested up to 600x and down to 0.1x).
std::string atempo_chain(double speed) {
  if (std::fabs(speed - 1.0) < 1e-6)
    return {};
  static const std::string rechunk = ",asetnsamples=n=1024:p=0";
  std::string out;
  double s = speed;
  while (s < 0.5) {
    out += ",atempo=0.5" + rechunk;
    s /= 0.5;
  }
  while (s > 10.0) {
    out += ",atempo=10" + rechunk;
    s /= 10.0;
  }
  out += ",atempo=" + decimal(s, 6) + rechunk;
  return out;
}

/// The segment's gain over its own time (seconds from its start, after retiming): volume
/// keyframes replace the static volume, linear between them.
curve gain_of(const draft::segment& s) {
  curve c;
  const auto* k = keyframes_of(s, draft::keyframe_property::volume);
  if (!k) {
    c.add(0, s.volume);
    return c;
  }
  for (const auto& p : k->points) {
    const double target_s = static_cast<double>(p.time_offset) / s.speed / 1e6;
    c.add(target_s, std::max(0.0, p.value));
  }
  return c;
}

} // namespace

int64_t sample_at(int64_t us) {
  return samples(us);
}

int64_t sound_tail_us(const std::map<const draft::segment*, audio_look>& looks,
                      const draft::segment* s) {
  auto it = looks.find(s);
  return it == looks.end() ? 0 : static_cast<int64_t>(std::llround(it->second.tail_s * 1e6));
}

std::vector<sound_use> register_sounds(const draft::document& d, const material_sources& local,
                                       input_table& inputs,
                                       const std::function<bool(const draft::segment&)>& keep) {
  std::vector<sound_use> out;
  for (const auto& ps : draft::sound_segments(d)) {
    const draft::segment& s = *ps.seg;
    if (keep && !keep(s))
      continue;
    const std::string& path = ps.on_track->type == draft::track_type::audio
                                  ? d.audios.at(s.material_id).path
                                  : d.videos.at(s.material_id).path;
    auto it = local.find(path);
    if (it == local.end() || !it->second.info.has_audio)
      continue; // a clip without sound, or a material that is missing (reported for the picture)
    const size_t in = inputs.add(&s, it->second.local_path, input_kind::media, it->second.info);
    const auto src = source_of(s);
    inputs.use_audio(in, src.start, src.end());
    out.push_back({&s, in});
  }
  return out;
}

void emit_sound(std::ostream& g, const draft::document& d, std::vector<sound_use> sounds,
                input_table& inputs, const std::map<const draft::segment*, audio_look>& looks,
                int64_t from_sample, int64_t to_sample) {
  auto tail_of = [&](const draft::segment* s) { return sound_tail_us(looks, s); };
  const int64_t from = std::max<int64_t>(0, from_sample);
  const int64_t to = to_sample >= 0 ? to_sample : samples(d.duration);
  // Non-overlapping sounds share a lane (concat with silent gaps) so the mixer sums a handful
  // of streams, not one full-length stream per segment: 300 segments stay cheap.
  std::stable_sort(sounds.begin(), sounds.end(), [](const sound_use& a, const sound_use& b) {
    return a.seg->target.start < b.seg->target.start;
  });
  std::vector<std::vector<const sound_use*>> lanes;
  std::vector<int64_t> lane_end;
  for (auto& su : sounds) {
    size_t lane = 0;
    while (lane < lanes.size() && lane_end[lane] > su.seg->target.start)
      ++lane;
    if (lane == lanes.size()) {
      lanes.emplace_back();
      lane_end.push_back(0);
    }
    lanes[lane].push_back(&su);
    lane_end[lane] = su.seg->target.end() + tail_of(su.seg);
  }
  g << "anullsrc=r=" << output_sample_rate << ":cl=stereo,atrim=end_sample=" << (to - from)
    << "[abase];\n";
  int piece = 0;
  std::vector<std::string> lane_labels;
  for (size_t l = 0; l < lanes.size(); ++l) {
    int64_t cursor = 0; // samples already emitted on this lane
    std::vector<std::string> parts;
    for (const sound_use* su : lanes[l]) {
      const draft::segment& s = *su->seg;
      const std::string tap = inputs.take_audio(su->input);
      const auto src = source_of(s);
      const int64_t rel = src.start - inputs.first_us(su->input);
      const int64_t begin = samples(s.target.start);
      const int64_t dry = samples(s.target.end()) - begin;
      if (dry <= 0)
        continue;
      const int64_t len = dry + samples(tail_of(&s));
      // The part of it inside the window, in window samples.
      const int64_t cut0 = std::max<int64_t>(0, from - begin);
      const int64_t cut1 = std::min<int64_t>(len, to - begin);
      if (cut1 <= cut0)
        continue;
      const std::string label = "[p" + std::to_string(piece++) + "]";
      g << tap << "atrim=start=" << secs(rel) << ":duration=" << secs(src.duration)
        << ",asetpts=PTS-STARTPTS";
      // Mono plays at full level on both speakers; the default up-mix would lose 3 dB.
      if (inputs.info(su->input).audio_channels == 1)
        g << ",pan=stereo|c0=c0|c1=c0";
      g << ",aresample=" << output_sample_rate << ",aformat=sample_fmts=fltp:channel_layouts=stereo"
        << atempo_chain(s.speed);
      const curve gain = gain_of(s);
      if (!gain.constant())
        g << ",asetpts=PTS-STARTPTS,volume=volume='" << gain.expression("t") << "':eval=frame";
      else if (std::fabs(gain.at(0) - 1.0) > 1e-6)
        g << ",volume=" << decimal(gain.at(0), 6);
      if (auto look = looks.find(&s); look != looks.end()) {
        // The look hears the segment as it plays (after speed and volume), then silence for
        // its tail, and is cut where the tail ends.
        g << ",apad=whole_len=" << dry << ",atrim=end_sample=" << dry << ",apad=whole_len=" << len
          << "," << look->second.filters << ",asetpts=PTS-STARTPTS";
      }
      g << ",apad=whole_len=" << len << ",atrim=end_sample=" << len;
      if (cut0 > 0 || cut1 < len)
        g << ",atrim=start_sample=" << cut0 << ":end_sample=" << cut1 << ",asetpts=PTS-STARTPTS";
      const int64_t at = begin + cut0 - from; // where it starts in the window
      if (at > cursor)
        g << ",adelay=delays=" << (at - cursor) << "S:all=1";
      g << label << ";\n";
      parts.push_back(label);
      cursor = at + (cut1 - cut0);
    }
    if (parts.empty())
      continue;
    if (parts.size() == 1) {
      lane_labels.push_back(parts[0]);
      continue;
    }
    const std::string lane_label = "[lane" + std::to_string(l) + "]";
    for (auto& p : parts)
      g << p;
    g << "concat=n=" << parts.size() << ":v=0:a=1" << lane_label << ";\n";
    lane_labels.push_back(lane_label);
  }
  if (lane_labels.empty()) {
    g << "[abase]anull[aout]\n";
    return;
  }
  // normalize=0: plain sum, so levels stay as the draft says (amix would otherwise divide by
  // the number of inputs). duration=first: the silent base fixes the exact length.
  g << "[abase]";
  for (auto& l : lane_labels)
    g << l;
  g << "amix=inputs=" << lane_labels.size() + 1
    << ":duration=first:dropout_transition=0:normalize=0[aout]\n";
}

} // namespace cutqueue::render
