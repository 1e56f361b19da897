// Cooperation with the JavaScript event loop, for asyncify builds: sleeping,
// waiting for input and periodic yielding all suspend the wasm stack and let
// JS timers, input events and Ctrl-C run meanwhile. Without asyncify these
// degrade to blocking waits.
#include <emscripten.h>

#include "py/mphal.h"
#include "py/runtime.h"

#include "wasm/event_loop.h"

#if MPW_ASYNCIFY

// Yield at most this often (ms) from running Python code, so that the page
// stays responsive and Ctrl-C can be delivered; checked every N branches.
#define YIELD_INTERVAL_MS (40.0)
#define BRANCHES_PER_CLOCK_CHECK (20000)

int mpw_yield_countdown = BRANCHES_PER_CLOCK_CHECK;

// Ctrl-C from JavaScript sets Module.mpwInterruptPending; it is taken here,
// once the stack is rewound (calling into the runtime while it is suspended
// would disturb asyncify's bookkeeping).
EM_JS(int, mpw_js_take_interrupt, (void), {
    var pending = Module.mpwInterruptPending ? 1 : 0;
    Module.mpwInterruptPending = false;
    return pending;
});

static void after_suspension(void) {
    if (mpw_js_take_interrupt()) {
        mp_sched_keyboard_interrupt();
    }
}
static double last_yield_ms;

void mpw_yield_if_due(void) {
    mpw_yield_countdown = BRANCHES_PER_CLOCK_CHECK;
    double now = emscripten_get_now();
    if (now - last_yield_ms >= YIELD_INTERVAL_MS) {
        emscripten_sleep(0);
        last_yield_ms = emscripten_get_now();
        after_suspension();
    }
}

void mpw_event_loop_sleep_ms(mp_uint_t ms) {
    emscripten_sleep(ms);
    last_yield_ms = emscripten_get_now();
    after_suspension();
}

EM_ASYNC_JS(int, mpw_js_read_char, (void), {
    if (typeof Module.mpwReadChar !== "function") {
        return -1;
    }
    return await Module.mpwReadChar();
});

int mpw_event_loop_read_char(void) {
    return mpw_js_read_char();
}

#endif
