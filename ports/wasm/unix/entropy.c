// Entropy for `random`'s seed (core/entropy.c): the kernel's.
#include <sys/random.h>

#include "core/port_hooks.h"

void mpw_fill_random(uint8_t *buf, int len) {
    // Requests of up to 256 bytes are never short once the pool is set up
    // (getrandom(2)); a failing call leaves buf as it was.
    (void)getrandom(buf, (size_t)len, 0);
}
