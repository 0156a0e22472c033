// The sound of a draft: every sounding segment trimmed, retimed with its pitch kept, turned up
// or down (volume and volume keyframes), placed at its start and summed without normalising.
#pragma once

#include "draft/model.hpp"
#include "render/inputs.hpp"
#include "render/look_chains.hpp"
#include "render/media_probe.hpp"

#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace cutqueue::render {

struct sound_use {
  const draft::segment* seg = nullptr;
  size_t input = 0;
};

/// The sounding segments whose material has sound, with their inputs registered in `inputs`.
std::vector<sound_use> register_sounds(const draft::document& d, const material_sources& local,
                                       input_table& inputs,
                                       const std::function<bool(const draft::segment&)>& keep = {});

/// Emits the mix as [aout], exactly the draft's duration long. A segment with an audio look
/// (render/audio_looks.hpp) sounds on past its end by the look's tail (an echo dies away).
/// With a window [from_sample, to_sample) (to_sample >= 0) only those samples of the mix are
/// emitted, exactly (a chunk of a long draft's sound): each sound still plays from its own
/// start, and is cut to the window.
void emit_sound(std::ostream& g, const draft::document& d, std::vector<sound_use> sounds,
                input_table& inputs, const std::map<const draft::segment*, audio_look>& looks = {},
                int64_t from_sample = 0, int64_t to_sample = -1);

/// The sample of the output sound at `us` microseconds.
int64_t sample_at(int64_t us);

/// How long after its end a segment sounds on (its audio look's tail), microseconds.
int64_t sound_tail_us(const std::map<const draft::segment*, audio_look>& looks,
                      const draft::segment* s);

constexpr int output_sample_rate = 48000;

} // namespace cutqueue::render
