// Seeds for `random` from the platform's entropy source (mpw_fill_random,
// core/port_hooks.h: the kernel's natively, the Web Crypto API's in WebAssembly).
#include <stdint.h>

#include "core/port_hooks.h"

uint32_t mpw_random_seed(void) {
    uint32_t seed = 0;
    mpw_fill_random((uint8_t *)&seed, sizeof(seed));
    return seed;
}
