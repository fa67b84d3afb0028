#pragma once

#include <cstdio>
#include <cstdlib>

// A property a fuzz target checks on every input; a violation is a crash libFuzzer keeps.
#define FUZZ_CHECK(condition)                                                                 \
  do {                                                                                        \
    if (!(condition)) {                                                                       \
      std::fprintf(stderr, "%s:%d: property violated: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                           \
    }                                                                                         \
  } while (false)
