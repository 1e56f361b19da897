/*
 * The port hook with which asyncio.run (_mpjs_asyncio.run_until_complete)
 * waits for JavaScript: mpjs_wait_settled, declared in mpjs.h, and
 * jsffi._wait_settled, through which Python calls it.
 *
 * Variants that can suspend the wasm stack implement the hook: asyncify here;
 * another variant (jspi) defines its own mpjs_wait_settled, which replaces the
 * weak default of the variants that cannot (there asyncio.run keeps blocking).
 */
#include <emscripten.h>

#include "py/mphal.h"
#include "py/runtime.h"

#include "emscripten/event_loop.h"
#include "emscripten/modjs.h"
#include "emscripten/mpjs.h"

#if MPW_ASYNCIFY

// Ctrl-C from JavaScript, taken once the stack is rewound (library_asyncify.js).
int mpw_js_take_interrupt(void);

// Resolves when the thenable settles (either way) or the time is up.
EM_ASYNC_JS(void, mpjs_js_wait_settled, (int handle, int timeout_ms), {
    await MPJS.settledOrTimeout(handle, timeout_ms);
});

bool mpjs_wait_settled(int handle, int timeout_ms) {
    // As event_loop.c's suspensions: not in a callback JS called synchronously
    // (nor in Module.mpjs's calls, which count as such), not inside a collection.
    if (mpw_callback_depth != 0 || mpw_gc_in_progress) {
        return false;
    }
    mpjs_js_wait_settled(handle, timeout_ms);
    if (mpw_js_take_interrupt()) {
        mp_sched_keyboard_interrupt();
    }
    return true;
}

#else

MP_WEAK bool mpjs_wait_settled(int handle, int timeout_ms) {
    (void)handle;
    (void)timeout_ms;
    return false;
}

#endif

// jsffi._wait_settled(thenable or None, timeout_ms): whether it waited (see mpjs_wait_settled).
static mp_obj_t jsffi_wait_settled(mp_obj_t thenable, mp_obj_t timeout_in) {
    if (thenable != mp_const_none && !mp_obj_is_type(thenable, &mpjs_type_JsProxy)) {
        mp_raise_TypeError(MP_ERROR_TEXT("_wait_settled needs a JsProxy or None"));
    }
    int handle = thenable == mp_const_none ? 0 : mpjs_proxy_handle(thenable);
    return mp_obj_new_bool(mpjs_wait_settled(handle, mp_obj_get_int(timeout_in)));
}
MP_DEFINE_CONST_FUN_OBJ_2(mpjs_jsffi_wait_settled_obj, jsffi_wait_settled);
