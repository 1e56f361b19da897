// JavaScript Promise Integration (the jspi feature; README "Variants").
//
// The engine suspends the wasm stack itself: a call to an import wrapped in
// WebAssembly.Suspending that returns a Promise suspends every wasm frame up to
// the export that JavaScript called through WebAssembly.promising, which returns a
// Promise meanwhile. emscripten 3.1.6 knows nothing of it: jspi_pre.js
// instantiates the module, wraps event_loop.c's waiting imports (library_jspi.js)
// and makes mpw_jspi_run below the one promising export, through which main.c's
// program and REPL entry points run.
//
// A run may suspend only where the engine can: in the run mpw_jspi_run started,
// with no JavaScript frame above it (a callback JavaScript made into Python must
// return at once; a suspension there would trap) and not in a synchronous entry
// (Module.mpjs's runPython, called without a Promise to return). Elsewhere the
// waits degrade to default's blocking ones (event_loop.c).
//
// Garbage collection: the suspended frames' wasm locals live in the engine's
// suspended stack, not in linear memory, so no scan can see them. A suspended run
// keeps counting in mpw_run_depth, and collections only ever run with the depth at
// 0 (back in JavaScript) or, at a top-level re-entry, at 1 (vm_reentry.c,
// gccollect.c): Python that JavaScript runs during a suspension (callbacks,
// runPython) is at depth 2 or more, so its requests only grow the heap and wait
// for the suspended run's next top-level re-entry or its end, where its
// references are in memory again.
#include <emscripten.h>

#include "py/runtime.h"

#include "emscripten/event_loop.h"
#include "emscripten/modjs.h"
#include "emscripten/mpjs.h"

// main.c's entry points, run through mpw_jspi_run.
int mp_js_exec_str(const char *code, const char *source_name);
int mp_js_exec_str_allowing_await(const char *code, const char *source_name);
int mp_js_exec_file(const char *path);
int mp_js_exec_module(const char *name);
int mp_js_repl_process_char(int c);
void mp_js_exit(void);

// jspi_pre.js names them by these numbers.
enum {
    JSPI_EXEC_STR, JSPI_EXEC_FILE, JSPI_EXEC_MODULE, JSPI_REPL_PROCESS_CHAR, JSPI_EXIT,
    JSPI_EXEC_STR_ALLOWING_AWAIT,
};

// The mpw_run_depth of the run that may suspend (0: none).
static int suspendable_depth;

// The promising export: runs one of main.c's entry points as a run that may suspend.
EMSCRIPTEN_KEEPALIVE int mpw_jspi_run(int entry, uintptr_t a, uintptr_t b) {
    int outer = suspendable_depth;
    suspendable_depth = mpw_run_depth + 1;
    int status = 0;
    switch (entry) {
        case JSPI_EXEC_STR:
            status = mp_js_exec_str((const char *)a, (const char *)b);
            break;
        case JSPI_EXEC_STR_ALLOWING_AWAIT:
            status = mp_js_exec_str_allowing_await((const char *)a, (const char *)b);
            break;
        case JSPI_EXEC_FILE:
            status = mp_js_exec_file((const char *)a);
            break;
        case JSPI_EXEC_MODULE:
            status = mp_js_exec_module((const char *)a);
            break;
        case JSPI_REPL_PROCESS_CHAR:
            status = mp_js_repl_process_char((int)a);
            break;
        case JSPI_EXIT:
            mp_js_exit();
            break;
        default:
            status = -1;  // (jspi_pre.js names only the entries above)
            break;
    }
    suspendable_depth = outer;
    return status;
}

bool mpw_jspi_can_suspend(void) {
    return suspendable_depth != 0 && mpw_run_depth == suspendable_depth && mpw_callback_depth == 0;
}

// ---- asyncio.run's port hook (mpjs_await.c, mpjs.h): waiting for a JS promise, suspended ----

// library_jspi.js, a Suspending import: resolves when the thenable of the handle (0: none)
// settles or timeout_ms (-1: no limit) is up; 1 when Ctrl-C came meanwhile.
int mpw_jspi_wait_settled(int handle, int timeout_ms);

// Replaces mpjs_await.c's weak default (which cannot suspend, so asyncio.run blocks): returns
// false where this code cannot suspend (a callback, a synchronous runPython), as that one does.
bool mpjs_wait_settled(int handle, int timeout_ms) {
    if (!mpw_jspi_can_suspend()) {
        return false;
    }
    if (mpw_jspi_wait_settled(handle, timeout_ms)) {
        mp_sched_keyboard_interrupt();
    }
    return true;
}

// ---- the `jspi` module: awaiting a JavaScript promise from synchronous code ----
//
// jspi.await_sync(awaitable) suspends the run until the promise (or any value:
// Promise.resolve's rules) settles, and returns its value or raises what it was
// rejected with (as the js module raises what JavaScript throws). It goes through
// the js module only: js.Promise.resolve(awaitable).then(settled, failed), where
// the two are callables of ours that JavaScript calls back (as callbacks, during
// the suspension) and that wake the wait.

// library_jspi.js: wakes a wait in mpw_jspi_wait (a no-op when none waits).
void mpw_jspi_wake(void);
int mpw_jspi_wait(int ms);

// The shared outcome: [settled, value, rejected].
typedef struct _jspi_settler_t {
    mp_obj_base_t base;
    mp_obj_t outcome;
    bool rejected;
} jspi_settler_t;

static mp_obj_t jspi_settler_call(mp_obj_t self_in, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    (void)n_kw;
    jspi_settler_t *self = MP_OBJ_TO_PTR(self_in);
    mp_obj_t *outcome = ((mp_obj_list_t *)MP_OBJ_TO_PTR(self->outcome))->items;
    if (outcome[0] == mp_const_false) {
        outcome[0] = mp_const_true;
        outcome[1] = n_args > 0 ? args[0] : mp_const_none;
        outcome[2] = mp_obj_new_bool(self->rejected);
    }
    mpw_jspi_wake();
    return mp_const_none;
}

static MP_DEFINE_CONST_OBJ_TYPE(jspi_settler_type, MP_QSTR_settler, MP_TYPE_FLAG_NONE, call, jspi_settler_call);

static mp_obj_t new_settler(mp_obj_t outcome, bool rejected) {
    jspi_settler_t *settler = mp_obj_malloc(jspi_settler_t, &jspi_settler_type);
    settler->outcome = outcome;
    settler->rejected = rejected;
    return MP_OBJ_FROM_PTR(settler);
}

// Longest wait between two looks at Ctrl-C (a promise may never settle).
#define AWAIT_POLL_MS (50)

static mp_obj_t jspi_await_sync(mp_obj_t awaitable) {
    if (!mpw_jspi_can_suspend()) {
        mp_raise_msg(&mp_type_RuntimeError,
            MP_ERROR_TEXT("jspi.await_sync: this code cannot suspend (a callback JavaScript called, or a "
                "synchronous runPython); use await in runPythonAsync or a task"));
    }
    mp_obj_t js = mp_import_name(MP_QSTR_js, mp_const_none, MP_OBJ_NEW_SMALL_INT(0));
    mp_obj_t promise_class = mp_load_attr(js, MP_QSTR_Promise);
    mp_obj_t promise = mp_call_function_1(mp_load_attr(promise_class, MP_QSTR_resolve), awaitable);
    mp_obj_t initial[3] = {mp_const_false, mp_const_none, mp_const_false};
    mp_obj_t outcome = mp_obj_new_list(3, initial);
    mp_call_function_2(mp_load_attr(promise, MP_QSTR_then), new_settler(outcome, false), new_settler(outcome, true));
    mp_obj_t *state = ((mp_obj_list_t *)MP_OBJ_TO_PTR(outcome))->items;
    while (state[0] == mp_const_false) {
        if (mpw_jspi_wait(-AWAIT_POLL_MS)) {
            mp_sched_keyboard_interrupt();
        }
        mp_handle_pending(true);
    }
    if (state[2] == mp_const_true) {
        // Thrown back through JavaScript, so the js module raises it as it raises any
        // JavaScript exception (a PythonError becomes its Python exception again).
        static const char rethrow_source[] = "(reason) => { throw reason; }";
        mp_obj_t rethrow = mp_call_function_1(mp_load_attr(js, MP_QSTR_eval),
            mp_obj_new_str(rethrow_source, sizeof(rethrow_source) - 1));
        mp_call_function_1(rethrow, state[1]);
    }
    return state[1];
}
static MP_DEFINE_CONST_FUN_OBJ_1(jspi_await_sync_obj, jspi_await_sync);

static mp_obj_t jspi_can_suspend(void) {
    return mp_obj_new_bool(mpw_jspi_can_suspend());
}
static MP_DEFINE_CONST_FUN_OBJ_0(jspi_can_suspend_obj, jspi_can_suspend);

static const mp_rom_map_elem_t jspi_module_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_jspi) },
    { MP_ROM_QSTR(MP_QSTR_await_sync), MP_ROM_PTR(&jspi_await_sync_obj) },
    { MP_ROM_QSTR(MP_QSTR_can_suspend), MP_ROM_PTR(&jspi_can_suspend_obj) },
};
static MP_DEFINE_CONST_DICT(jspi_module_globals, jspi_module_globals_table);

const mp_obj_module_t mp_module_jspi = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&jspi_module_globals,
};

MP_REGISTER_MODULE(MP_QSTR_jspi, mp_module_jspi);
