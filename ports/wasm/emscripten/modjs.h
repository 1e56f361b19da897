// The `js` module and Module.mpjs (mpjs_*.c, see mpjs.h): what they share with the rest of the port.
#ifndef MICROPY_INCLUDED_WASM_MODJS_H
#define MICROPY_INCLUDED_WASM_MODJS_H

// Python runs in progress. Every entry point through which JavaScript runs
// Python (main.c's exec and REPL functions, mpjs_pyside.c's callbacks) counts
// itself here while it runs, so a callback that JavaScript makes while
// Python is waiting for JavaScript sees a depth above 1. Defined in
// gccollect.c, which uses it to collect only when no outer Python
// frame can hold references it cannot see.
extern int mpw_run_depth;
// Collects garbage when no Python runs, so that no C frame can hold a
// reference (else does nothing; gccollect.c).
void mpw_collect_at_top_level(void);

// Of those, runs that JavaScript called synchronously (callbacks): they must
// return before JavaScript goes on, so they can neither yield to the event
// loop nor be unwound by asyncify.
extern int mpw_callback_depth;

// The runtime (re)started: resets what JavaScript referenced and makes
// Module.mpjs (mpjs_run.c; main.c's mp_js_init calls it).
void mpjs_runtime_started(void);
// Python returns to JavaScript: asyncio schedules its next step (mpjs_run.c).
void mpjs_wake_asyncio(void);

#endif
