// Entry points of the WebAssembly build, called from JavaScript (the node
// launcher and pythons.js). Statuses follow core/runtime.h.
#include <emscripten.h>
#include <stdlib.h>
#include <string.h>

#include "py/builtin.h"
#include "py/gc.h"
#include "py/runtime.h"

#include "core/repl.h"
#include "core/runtime.h"
#include "emscripten/modjs.h"
#include "emscripten/vm_reentry.h"

static bool initialised = false;

// The C-stack budget for Python recursion. The engine's own stack (about
// 1 MB in node and browsers) must outlast it: frames are larger at -O0.
#ifndef MPW_STACK_LIMIT
#define MPW_STACK_LIMIT (192 * 1024)
#endif
// The budget in browsers (pythons.js asks for it), whose engine stack (~1 MB)
// is smaller than the one the node launcher runs with (6 MB).
#ifndef MPW_BROWSER_STACK_LIMIT
#define MPW_BROWSER_STACK_LIMIT MPW_STACK_LIMIT
#endif

// stack_limit 0: the variant's MPW_STACK_LIMIT; -1: its MPW_BROWSER_STACK_LIMIT.
// pystack_words: the Python stack's size in words (loadMicroPython's pystack,
// as upstream); 0 (or left out by the caller): the variant's MPW_PYSTACK_SIZE.
// Variants without a Python stack (asyncify: frames on the C stack) ignore it.
EMSCRIPTEN_KEEPALIVE void mp_js_init(int heap_size, int stack_limit, int pystack_words) {
    if (stack_limit == -1) {
        stack_limit = MPW_BROWSER_STACK_LIMIT;
    } else if (stack_limit <= 0) {
        stack_limit = MPW_STACK_LIMIT;
    }
    if (initialised) {
        mpw_deinit();
    }
    mpw_init((size_t)heap_size, (size_t)stack_limit, pystack_words > 0 ? (size_t)pystack_words * sizeof(mp_obj_t) : 0);
    mpw_set_path(NULL, NULL);
    initialised = true;
    mpjs_runtime_started();
}

EMSCRIPTEN_KEEPALIVE void mp_js_argv_clear(void) {
    mp_obj_list_init(MP_OBJ_TO_PTR(mp_sys_argv), 0);
}

EMSCRIPTEN_KEEPALIVE void mp_js_argv_append(const char *arg) {
    mp_obj_list_append(mp_sys_argv, mp_obj_new_str(arg, strlen(arg)));
}

EMSCRIPTEN_KEEPALIVE void mp_js_path_set(const char *script_dir, const char *extra_path) {
    mpw_set_path(script_dir, extra_path);
}

// A run from JavaScript starts (see modjs.h).
static void enter_run(void) {
    mpw_run_depth += 1;
    if (mpw_run_depth == 1) {
        mpw_vm_note_run_start();
    }
}

EMSCRIPTEN_KEEPALIVE int mp_js_exec_str(const char *code, const char *source_name) {
    enter_run();
    int status = mpw_exec_str(code, strlen(code), source_name, MP_PARSE_FILE_INPUT);
    mpw_run_depth -= 1;
    mpjs_wake_asyncio();
    mpw_collect_at_top_level();
    return status;
}

EMSCRIPTEN_KEEPALIVE int mp_js_exec_file(const char *path) {
    enter_run();
    int status = mpw_exec_file(path);
    mpw_run_depth -= 1;
    mpjs_wake_asyncio();
    mpw_collect_at_top_level();
    return status;
}

// `micropython -m NAME` (see mpw_exec_module). The module's code does not run
// as a top-level frame (import's C frames hold references), so the GC waits
// until it is done, as in a function.
EMSCRIPTEN_KEEPALIVE int mp_js_exec_module(const char *name) {
    enter_run();
    int status = mpw_exec_module(name);
    mpw_run_depth -= 1;
    mpjs_wake_asyncio();
    mpw_collect_at_top_level();
    return status;
}

// The command line's -X emit=, -O, -v and -X compile-only (after mp_js_init):
// "" when applied, else what this build cannot do.
EMSCRIPTEN_KEEPALIVE const char *mp_js_set_code_options(const char *emit, int optimise, int verbose, int compile_only) {
    const char *unsupported = mpw_set_code_options(emit, (unsigned)optimise, (unsigned)verbose, compile_only != 0);
    return unsupported != NULL ? unsupported : "";
}

// What `micropython -v` prints at exit: memory and GC figures.
EMSCRIPTEN_KEEPALIVE void mp_js_mem_info(void) {
    #if MICROPY_PY_MICROPYTHON_MEM_INFO
    mp_micropython_mem_info(0, NULL);
    #endif
}

EMSCRIPTEN_KEEPALIVE void mp_js_repl_init(void) {
    mpw_repl_start();
}

// Feed one key to the REPL; non-zero (MPW_FORCED_EXIT | status) when the
// REPL is done (Ctrl-D on an empty line, or SystemExit).
EMSCRIPTEN_KEEPALIVE int mp_js_repl_process_char(int c) {
    enter_run();
    int outcome = mpw_repl_take_key(c);
    mpw_run_depth -= 1;
    mpjs_wake_asyncio();
    mpw_collect_at_top_level();
    return outcome;
}

// The program ends (the node launcher, before it exits): runs sys.atexit's
// function. The runtime stays usable.
EMSCRIPTEN_KEEPALIVE void mp_js_exit(void) {
    enter_run();
    mpw_run_atexit();
    mpw_run_depth -= 1;
    mpjs_wake_asyncio();
    mpw_collect_at_top_level();
}

// The launcher passes node's environment on (os.getenv sees it).
EMSCRIPTEN_KEEPALIVE void mp_js_setenv(const char *name, const char *value) {
    setenv(name, value, 1);
}

// Whether a REPL should follow the program (MICROPYINSPECT; see runtime.h).
EMSCRIPTEN_KEEPALIVE int mp_js_inspect_requested(void) {
    return mpw_inspect_requested();
}

EMSCRIPTEN_KEEPALIVE void mp_js_interrupt(void) {
    mp_sched_keyboard_interrupt();
}

// The runner (core/runtime.c, for programs and the REPL's lines) calls this
// right before and right after they run top-level code: the moment to tell
// the VM which frame is the top-level one (vm_reentry.c).
void mp_hal_set_interrupt_char(int c) {
    // (Ctrl-C arrives from JavaScript through mp_js_interrupt().)
    mpw_vm_note_top_level_code(c >= 0);
}

// Whether stdin is a terminal a person types into (line editing and echo in
// input()) or a stream (piped data).
EMSCRIPTEN_KEEPALIVE void mp_js_set_stdin_terminal(int is_terminal) {
    mpw_stdin_is_terminal = is_terminal != 0;
}
