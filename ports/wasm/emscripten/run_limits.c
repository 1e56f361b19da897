// Run quotas (runPython's timeoutMs and maxSteps) and the interrupt buffer
// (a SharedArrayBuffer another thread writes 2 into to stop running code).
// README, "JavaScript API", is the reference.
//
// Both are checked where a long-running bytecode frame leaves the VM function
// for a re-entry (vm_reentry.c calls mpw_run_limits_at_reentry): every
// MPW_VM_REENTRY_PERIOD branches, or sooner when a step quota ends first.
// A "step" is one pass of the VM's branch hook: a jump in bytecode (every
// loop iteration, `if`, `and`/`or`, `for`'s next item, `while`'s test).
// Code outside bytecode (a long `sum(range(...))`, `time.sleep`) takes no
// steps and is not stopped until it returns to bytecode.
//
// An exceeded quota raises runlimits.QuotaExceeded, a KeyboardInterrupt
// subclass (so `except Exception:` in the limited code does not swallow it),
// through the pending-exception slot, as Ctrl-C does: the VM raises it at its
// next branch. Catching it buys the code one more period (4096 branches at
// most) before it is raised again, so a limited run always ends.
#include <emscripten.h>
#include <math.h>
#include <stdint.h>

#include "py/obj.h"
#include "py/objexcept.h"
#include "py/runtime.h"

#include "emscripten/modjs.h"
#include "emscripten/run_limits.h"
#include "emscripten/vm_reentry.h"

#ifndef MPW_VM_REENTRY_PERIOD
#define MPW_VM_REENTRY_PERIOD (4096)
#endif
// Nested limited runs (a limited runPython called from a JS callback of a
// limited run) deeper than this are refused.
#define MPW_RUN_LIMITS_DEPTH (32)

MP_DEFINE_CONST_OBJ_TYPE(
    mpw_type_QuotaExceeded,
    MP_QSTR_QuotaExceeded,
    MP_TYPE_FLAG_NONE,
    make_new, mp_obj_exception_make_new,
    print, mp_obj_exception_print,
    attr, mp_obj_exception_attr,
    parent, &mp_type_KeyboardInterrupt
    );

static const mp_rom_map_elem_t runlimits_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_runlimits) },
    { MP_ROM_QSTR(MP_QSTR_QuotaExceeded), MP_ROM_PTR(&mpw_type_QuotaExceeded) },
};
static MP_DEFINE_CONST_DICT(runlimits_globals, runlimits_globals_table);

const mp_obj_module_t mpw_module_runlimits = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&runlimits_globals,
};
MP_REGISTER_MODULE(MP_QSTR_runlimits, mpw_module_runlimits);

// The limits in force: the tightest of all nested limited runs (an inner run
// cannot extend an outer one's quota).
typedef struct {
    double deadline_ms;     // emscripten_get_now() time; INFINITY: none
    double timeout_ms;      // as given, for the message
    uint64_t step_limit;    // value of steps_taken at which the quota ends; UINT64_MAX: none
    uint64_t max_steps;     // as given, for the message
} run_limits_t;

static run_limits_t limits = { (double)INFINITY, 0, UINT64_MAX, 0 };
static run_limits_t saved[MPW_RUN_LIMITS_DEPTH];
static int depth;
static bool interrupt_buffer_set;
// Steps counted while a step quota is in force (not otherwise: the count
// costs nothing then).
static uint64_t steps_taken;
// The countdown the current period started from (the steps it stands for).
static int period_steps;
// The exception we put in the pending slot last (to take it back if the
// run ended before the VM raised it).
static mp_obj_t raised;

// JavaScript's Module.mpwInterruptBuffer (an Int32Array, set by api.mjs): its
// first element, reset to 0 once read non-zero (Pyodide's convention: 2 is SIGINT).
EM_JS(int, mpw_take_interrupt_signal, (void), {
    const buffer = Module.mpwInterruptBuffer;
    if (!buffer) return 0;
    const signal = Atomics.load(buffer, 0);
    if (signal !== 0) Atomics.store(buffer, 0, 0);
    return signal;
});

static bool armed(void) {
    return depth > 0 || interrupt_buffer_set;
}

// Fold the steps taken in the current period into steps_taken and start a new
// period short enough to end at the step quota.
static void restart_period(bool settle) {
    if (settle && depth > 0) {
        int left = mpw_vm_reentry_countdown < 0 ? 0 : mpw_vm_reentry_countdown;
        steps_taken += (uint64_t)(period_steps - left);
    }
    int period = MPW_VM_REENTRY_PERIOD;
    if (limits.step_limit != UINT64_MAX) {
        uint64_t left = limits.step_limit > steps_taken ? limits.step_limit - steps_taken : 0;
        if (left < (uint64_t)period) {
            period = left == 0 ? 1 : (int)left;
        }
    }
    mpw_vm_reentry_countdown = period;
    period_steps = period;
}

static void raise_pending(mp_obj_t exc) {
    raised = exc;
    mp_sched_exception(exc);
}

void mpw_run_limits_at_reentry(void) {
    if (!armed()) {
        return;
    }
    if (depth > 0) {
        steps_taken += (uint64_t)period_steps;
    }
    if (interrupt_buffer_set && mpw_take_interrupt_signal() == 2) {
        mp_sched_keyboard_interrupt();
    } else if (depth > 0) {
        if (steps_taken >= limits.step_limit) {
            raise_pending(mp_obj_new_exception_msg_varg(&mpw_type_QuotaExceeded,
                MP_ERROR_TEXT("run took more than maxSteps=%u steps"), (unsigned)limits.max_steps));
            // One full period of grace before it is raised again.
            mpw_vm_reentry_countdown = period_steps = MPW_VM_REENTRY_PERIOD;
            return;
        }
        if (emscripten_get_now() >= limits.deadline_ms) {
            raise_pending(mp_obj_new_exception_msg_varg(&mpw_type_QuotaExceeded,
                MP_ERROR_TEXT("run took more than timeoutMs=%u ms"), (unsigned)limits.timeout_ms));
        }
    }
    restart_period(false);
}

// timeout_ms, max_steps: > 0, or < 0 for none (api.mjs checks them).
// Returns 0, or -1 when nested too deep.
EMSCRIPTEN_KEEPALIVE int mp_js_run_limits_enter(double timeout_ms, double max_steps) {
    if (depth == MPW_RUN_LIMITS_DEPTH) {
        return -1;
    }
    if (depth > 0) {
        // Count the steps the outer run took so far.
        restart_period(true);
    } else {
        steps_taken = 0;
    }
    saved[depth++] = limits;
    if (timeout_ms >= 0) {
        double deadline = emscripten_get_now() + timeout_ms;
        if (deadline < limits.deadline_ms) {
            limits.deadline_ms = deadline;
            limits.timeout_ms = timeout_ms;
        }
    }
    if (max_steps >= 0) {
        uint64_t limit = steps_taken + (uint64_t)max_steps;
        if (limit < limits.step_limit) {
            limits.step_limit = limit;
            limits.max_steps = (uint64_t)max_steps;
        }
    }
    restart_period(false);
    return 0;
}

EMSCRIPTEN_KEEPALIVE void mp_js_run_limits_exit(void) {
    if (depth == 0) {
        return;
    }
    restart_period(true);
    limits = saved[--depth];
    if (depth == 0) {
        // A quota that ran out as the run was ending must not hit the next run.
        if (raised != MP_OBJ_NULL && MP_STATE_MAIN_THREAD(mp_pending_exception) == raised) {
            MP_STATE_MAIN_THREAD(mp_pending_exception) = MP_OBJ_NULL;
        }
        raised = MP_OBJ_NULL;
    }
    restart_period(false);
}

// api.mjs says whether Module.mpwInterruptBuffer is set.
EMSCRIPTEN_KEEPALIVE void mp_js_set_interrupt_buffer(int present) {
    interrupt_buffer_set = present != 0;
}

// The runtime restarts (api.mjs's reset(), before mp_js_init): no limited run
// is in progress any more.
EMSCRIPTEN_KEEPALIVE void mp_js_run_limits_reset(void) {
    depth = 0;
    limits = (run_limits_t) { (double)INFINITY, 0, UINT64_MAX, 0 };
    raised = MP_OBJ_NULL;
}

// Whether Python is running (reset() must wait): a run from JavaScript in progress.
EMSCRIPTEN_KEEPALIVE int mp_js_run_depth(void) {
    return mpw_run_depth;
}
