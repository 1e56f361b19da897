// Cooperation with the JavaScript event loop, for asyncify and jspi builds:
// sleeping, waiting for input and periodic yielding all suspend the wasm stack
// and let JS timers, input events and Ctrl-C run meanwhile. Without them (and
// where a run cannot suspend) these degrade to blocking waits.
#include <emscripten.h>

#include "py/mphal.h"
#include "py/runtime.h"

#include "emscripten/event_loop.h"
#include "emscripten/modjs.h"

#if MPW_ASYNCIFY

// Yield at most this often (ms) from running Python code, so that the page
// stays responsive and Ctrl-C can be delivered; checked every N branches.
#define YIELD_INTERVAL_MS (40.0)
#define BRANCHES_PER_CLOCK_CHECK (20000)

int mpw_yield_countdown = BRANCHES_PER_CLOCK_CHECK;

// Ctrl-C from JavaScript, taken once the stack is rewound (library_asyncify.js).
int mpw_js_take_interrupt(void);

static void after_suspension(void) {
    if (mpw_js_take_interrupt()) {
        mp_sched_keyboard_interrupt();
    }
}
static double last_yield_ms;

// Code that JavaScript called synchronously (a callback) must return before
// JavaScript goes on, and finalisers run by a collection inside a suspension
// must not suspend again: there sleeping blocks, yields are skipped and
// input() sees the end of input.
static bool can_suspend(void) {
    return mpw_callback_depth == 0 && !mpw_gc_in_progress;
}

// Suspends the wasm stack for `ms` (0: just let queued JS events run); when
// asked, collects garbage meanwhile. The code after the first `await` runs
// once the stack has been unwound into Asyncify.currData, whose save area
// (after its 12-byte header, up to the pointer in its first word) then holds
// every live wasm local of the suspended frames.
EM_ASYNC_JS(void, mpw_js_suspend, (int ms, int collect), {
    await null;
    if (collect) {
        var data = Asyncify.currData;
        Module._mpw_gc_collect_suspended(data + 12, HEAPU32[data >> 2]);
    }
    if (ms > 0) {
        await new Promise(function (resolve) { setTimeout(resolve, ms); });
    } else {
        await Module.mpwNextTurn();
    }
});

static void suspend(int ms) {
    int collect = mpw_gc_wanted;
    if (collect) {
        mpw_gc_note_suspension();
    }
    mpw_js_suspend(ms, collect);
    last_yield_ms = emscripten_get_now();
    after_suspension();
}

void mpw_yield_if_due(void) {
    mpw_yield_countdown = BRANCHES_PER_CLOCK_CHECK;
    if (can_suspend() && (mpw_gc_wanted || emscripten_get_now() - last_yield_ms >= YIELD_INTERVAL_MS)) {
        suspend(0);
    }
}

// Returns early where the code cannot suspend: the caller's clock loop then
// waits by spinning.
void mpw_event_loop_sleep_ms(mp_uint_t ms) {
    if (can_suspend()) {
        suspend(ms);
    }
}

EM_ASYNC_JS(int, mpw_js_read_char, (void), {
    if (typeof Module.mpwReadChar !== "function") {
        return -1;
    }
    return await Module.mpwReadChar();
});

int mpw_event_loop_read_char(void) {
    if (!can_suspend()) {
        return -1;
    }
    if (mpw_gc_wanted) {
        suspend(0);
    }
    return mpw_js_read_char();
}

#endif

#if MPW_JSPI

// Running code yields at most this often (ms), at the VM's re-entry points
// (every 4096 branches, vm_reentry.c): JS timers then fire within about this
// long of their due time, and Ctrl-C is seen.
#define YIELD_INTERVAL_MS (20.0)

// library_jspi.js; jspi_pre.js wraps both in WebAssembly.Suspending. The wait
// returns 1 when Ctrl-C (Module.mpwInterruptPending) came meanwhile.
int mpw_jspi_wait(int ms);
int mpw_jspi_read_char(void);

static double last_yield_ms;

static void suspend(int ms) {
    if (mpw_jspi_wait(ms)) {
        mp_sched_keyboard_interrupt();
    }
    last_yield_ms = emscripten_get_now();
}

void mpw_yield_if_due(void) {
    if (mpw_jspi_can_suspend() && emscripten_get_now() - last_yield_ms >= YIELD_INTERVAL_MS) {
        suspend(0);
    }
}

// Returns early where the run cannot suspend: the caller's clock loop then
// waits by spinning, as in default builds.
void mpw_event_loop_sleep_ms(mp_uint_t ms) {
    if (mpw_jspi_can_suspend()) {
        suspend((int)ms);
    }
}

// -1 (end of input) where the run cannot suspend: core/input.c has read what stdin had
// (keys typed ahead, or a worker's blocking stdin) before it asks here.
int mpw_event_loop_read_char(void) {
    if (!mpw_jspi_can_suspend()) {
        return -1;
    }
    return mpw_jspi_read_char();
}

#endif
