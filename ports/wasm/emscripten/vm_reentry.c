// Long-running bytecode frames move to the engine's optimised code.
//
// WebAssembly engines start every function on a baseline compiler and switch a
// hot one to optimised code in the background, but only for calls made after the
// switch: a frame keeps the code it started with. Without help, a loop running in
// the first frame of a program (a module-level loop, or stackless code, where all
// Python calls share one frame) would stay on baseline code, 1.5-2x slower.
//
// So the VM's loop hook (MPW_VM_HOOK_REENTRY in mpconfigport.h) leaves the VM
// function every MPW_VM_REENTRY_PERIOD branches, saving the frame's state exactly
// as a generator's yield does (ip, sp, exception stack depth), and
// mp_execute_bytecode below calls it again at once. Each resumption is a new
// call, so it runs the newest code of the VM function.
//
// The same moment is when the garbage collector may run while Python runs
// (builds without asyncify, gccollect.c): the frame's state is all in
// memory then. It runs there only for a run's top-level frame, the one frame
// below which no other Python frame, and no native code that might hold
// references in wasm locals, is waiting.

#include "py/bc.h"
#include "py/runtime.h"

#include "emscripten/modjs.h"
#include "emscripten/run_limits.h"
#include "emscripten/vm_reentry.h"
#if MPW_JSPI
#include "emscripten/event_loop.h"
#endif

// The VM function itself (py/vm.c, renamed by MICROPY_WRAP_MP_EXECUTE_BYTECODE).
mp_vm_return_kind_t mpw_vm_run_activation(mp_code_state_t *code_state, volatile mp_obj_t inject_exc);

// Branches between resumptions: each costs about one Python call's set-up, so
// this keeps their share of the run far below 1%. (A variant may define 1 to
// test that every resumption point keeps the frame's state.)
#ifndef MPW_VM_REENTRY_PERIOD
#define MPW_VM_REENTRY_PERIOD (4096)
#endif

int mpw_vm_reentry_countdown = MPW_VM_REENTRY_PERIOD;

// 1: collect at every re-entry of a top-level frame, asked or not (a variant
// may define it, with a short MPW_VM_REENTRY_PERIOD, to test that every
// reference is found there).
#ifndef MPW_GC_STRESS
#define MPW_GC_STRESS (0)
#endif
// The frame that left for re-entry: in stackless builds, the innermost of the
// frames the activation ran, not necessarily the one it was called with.
void *mpw_vm_reentry_state;

// Set between the runner's word that top-level code starts and the VM's next
// activation, which is that code's module frame (mp_call_function_0 of the
// compiled module: only call set-up lies between). Only for the outermost
// run: a nested one has Python frames waiting below JavaScript frames.
static bool next_is_top_level;
// VM activations in progress in this run. An exception that leaves some
// skips their count's decrement: they stay counted until the next run starts,
// which errs on the safe side.
static int activations;
// The value of `activations` inside the run's top-level activation; 0: none.
static int top_level_activation;

void mpw_vm_note_run_start(void) {
    activations = 0;
    top_level_activation = 0;
    next_is_top_level = false;
}

void mpw_vm_note_top_level_code(bool starting) {
    // Runners say so with no Python running. micropython.kbd_intr() reaches
    // the same hook from running code, whose next activation may be a key
    // function called by sort(): that must not count as top-level.
    next_is_top_level = starting && activations == 0 && mpw_run_depth == 1 && mpw_callback_depth == 0;
}

bool mpw_vm_running_top_level_frame(void) {
    return top_level_activation != 0 && activations == top_level_activation
           && mpw_run_depth == 1 && mpw_callback_depth == 0;
}

mp_vm_return_kind_t mp_execute_bytecode(mp_code_state_t *code_state, volatile mp_obj_t inject_exc) {
    bool top_level = next_is_top_level;
    next_is_top_level = false;
    activations += 1;
    if (top_level) {
        top_level_activation = activations;
    }
    mp_vm_return_kind_t kind = mpw_vm_run_activation(code_state, inject_exc);
    while (kind == (mp_vm_return_kind_t)MPW_VM_RETURN_REENTER) {
        // (read at once: Python that JavaScript runs during a jspi yield re-enters too)
        void *resume_state = mpw_vm_reentry_state;
        mpw_vm_reentry_countdown = MPW_VM_REENTRY_PERIOD;
        #if MPW_JSPI
        mpw_yield_if_due();  // (emscripten/event_loop.c; before a collection: see jspi.c)
        #endif
        mpw_run_limits_at_reentry();  // (after the yield: an interrupt that came meanwhile counts)
        #if !MPW_ASYNCIFY
        if (top_level && (mpw_gc_wanted || MPW_GC_STRESS)) {
            mpw_gc_collect_between_branches(code_state, resume_state);
        }
        #else
        (void)top_level;
        #endif
        kind = mpw_vm_run_activation(resume_state, MP_OBJ_NULL);
    }
    if (top_level) {
        top_level_activation = 0;
    }
    activations -= 1;
    return kind;
}
