// Entropy for `random`'s seed (core/entropy.c): the Web Crypto API's
// crypto.getRandomValues (browsers and node both have it as a global).
#include <emscripten.h>

#include "core/port_hooks.h"

EM_JS(void, mpw_fill_random, (uint8_t *buf, int len), {
    crypto.getRandomValues(HEAPU8.subarray(buf, buf + len));
});
