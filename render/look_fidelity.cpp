#include "render/look_fidelity.hpp"

namespace cutqueue::render {

const char* fidelity_name(fidelity how) {
  switch (how) {
  case fidelity::exact:
    return "exact";
  case fidelity::family:
    return "family";
  case fidelity::fallback:
    break;
  }
  return "fallback";
}

} // namespace cutqueue::render
