#include "render/look_direction.hpp"

#include "render/look_tables.hpp"

namespace cutqueue::render {

direction direction_in_name(std::string_view name) {
  for (std::size_t i = 0; i < looks::direction_word_count; ++i) {
    // UTF-8 is self-synchronising: a byte search finds whole characters only.
    if (name.find(looks::direction_words[i].word) != std::string_view::npos)
      return looks::direction_words[i].dir;
  }
  return direction::none;
}

direction_vector vector_of(direction d) {
  constexpr double diagonal = 0.70710678118654752440; // 1/sqrt(2): corners are unit vectors too
  switch (d) {
  case direction::left:
    return {-1.0, 0.0};
  case direction::right:
    return {1.0, 0.0};
  case direction::up:
    return {0.0, 1.0};
  case direction::down:
    return {0.0, -1.0};
  case direction::up_left:
    return {-diagonal, diagonal};
  case direction::up_right:
    return {diagonal, diagonal};
  case direction::down_left:
    return {-diagonal, -diagonal};
  case direction::down_right:
    return {diagonal, -diagonal};
  case direction::none:
    break;
  }
  return {};
}

const char* direction_name(direction d) {
  switch (d) {
  case direction::left:
    return "left";
  case direction::right:
    return "right";
  case direction::up:
    return "up";
  case direction::down:
    return "down";
  case direction::up_left:
    return "up_left";
  case direction::up_right:
    return "up_right";
  case direction::down_left:
    return "down_left";
  case direction::down_right:
    return "down_right";
  case direction::none:
    break;
  }
  return "none";
}

} // namespace cutqueue::render
