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

// main.c's entry points, run through mpw_jspi_run.
int mp_js_exec_str(const char *code, const char *source_name);
int mp_js_exec_file(const char *path);
int mp_js_exec_module(const char *name);
int mp_js_repl_process_char(int c);
void mp_js_exit(void);

// jspi_pre.js names them by these numbers.
enum {
    JSPI_EXEC_STR, JSPI_EXEC_FILE, JSPI_EXEC_MODULE, JSPI_REPL_PROCESS_CHAR, JSPI_EXIT,
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
        case JSPI_EXEC_FILE:
            status = mp_js_exec_file((const char *)a);
            break;
        case JSPI_EXEC_MODULE:
            status = mp_js_exec_module((const char *)a);
            break;
        case JSPI_REPL_PROCESS_CHAR:
            status = mp_js_repl_process_char((int)a);
            break;
        default:
            mp_js_exit();
            break;
    }
    suspendable_depth = outer;
    return status;
}

bool mpw_jspi_can_suspend(void) {
    return suspendable_depth != 0 && mpw_run_depth == suspendable_depth && mpw_callback_depth == 0;
}
