// Seeds for `random` from the platform's entropy source: the kernel's
// (getrandom) natively, the Web Crypto API's crypto.getRandomValues in
// WebAssembly (browsers and node both have it as a global).
#include <stdint.h>

#ifdef __EMSCRIPTEN__

#include <emscripten.h>

EM_JS(void, mpw_fill_random, (uint8_t *buf, int len), {
    crypto.getRandomValues(HEAPU8.subarray(buf, buf + len));
});

#else

#include <sys/random.h>

static void mpw_fill_random(uint8_t *buf, int len) {
    // Requests of up to 256 bytes are never short once the pool is set up
    // (getrandom(2)); a failing call leaves buf as it was.
    (void)getrandom(buf, (size_t)len, 0);
}

#endif

uint32_t mpw_random_seed(void) {
    uint32_t seed = 0;
    mpw_fill_random((uint8_t *)&seed, sizeof(seed));
    return seed;
}
