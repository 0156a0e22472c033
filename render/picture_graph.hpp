// The picture of a draft as a filter graph: the bottom layers that fill the canvas one after
// another are concatenated (cheap), everything above is overlaid in render order.
#pragma once

#include "render/inputs.hpp"
#include "render/layer_chain.hpp"
#include "render/layer_plan.hpp"

#include <vector>

namespace cutqueue::render {

/// The input each layer reads and its mask picture's input (SIZE_MAX: none).
struct picture_inputs {
  std::vector<size_t> layer, mask;
};

/// Registers what every layer reads. Mask pictures are rasterised into `files`; a mask that
/// cannot be drawn is named in `notes` and the picture shows unmasked.
picture_inputs register_pictures(const picture_plan& plan, const material_sources& local,
                                 input_table& inputs, const std::string& work_dir,
                                 std::vector<graph_file>& files,
                                 std::vector<draft::unsupported_feature>& notes);

/// Emits the picture as [vout].
void emit_picture(chain_context& ctx, const picture_inputs& in);

} // namespace cutqueue::render
