// The invariant check shared by the fuzz targets: a violated invariant is a finding, so it must
// stop libFuzzer (and the replay driver) the same way a sanitizer report does, with the reason.
#pragma once

#include <cstdio>

#define FUZZ_CHECK(cond)                                                                           \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      std::fprintf(stderr, "fuzz invariant violated at %s:%d: %s\n", __FILE__, __LINE__, #cond);   \
      __builtin_trap();                                                                            \
    }                                                                                              \
  } while (false)
