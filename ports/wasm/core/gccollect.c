// Garbage-collection roots.
//
// Native builds scan registers and the C stack. In WebAssembly, values held
// in wasm locals are invisible to a stack scan, so collection never happens
// in the middle of running code: the heap grows in new areas instead (up to
// MPW_HEAP_LIMIT; areas left empty by a collection are given back), and
// collection happens when no reference can hide:
// - whenever control is back in JavaScript (every build);
// - asyncify builds, also while running Python is suspended (sleep, input,
//   periodic yields): asyncify has then spilled every live wasm local of the
//   suspended frames into its save area, which is scanned along with those
//   frames' part of the C stack. Running code that outgrew the heap suspends
//   at its next branch so that this happens soon.
// Collecting without an unwind of its own keeps allocation off asyncify's
// unwind paths, which is what lets allocating code stay uninstrumented
// (emscripten_scan_registers, an unwind, made every allocation a suspension).
#include "py/gc.h"
#include "py/mpstate.h"

#include "core/runtime.h"

#if !defined(__EMSCRIPTEN__)

#include "shared/runtime/gchelper.h"

void gc_collect(void) {
    gc_collect_start();
    // Spills callee-saved registers onto the stack, then scans from the
    // current stack pointer up to the top recorded at start-up.
    gc_helper_collect_regs_and_stack();
    gc_collect_end();
}

void mpw_collect_at_top_level(void) {
}

#else

#include <emscripten.h>

// Python runs in progress (see wasm/modjs.h): 1 while JavaScript runs
// Python, more when JavaScript that Python called calls back into Python.
// The frames of the outer runs are then below a JavaScript frame, where no
// scan can see the references in their wasm locals, so nested runs and
// callbacks (counted in mpw_callback_depth) never collect.
int mpw_run_depth;
int mpw_callback_depth;

#if MPW_ASYNCIFY
#include "wasm/event_loop.h"
// Set when running code filled the heap or allocated another quarter heap
// (gc_alloc_threshold, core/runtime.c): collect at its next suspension.
int mpw_gc_wanted;
#endif

void gc_collect(void) {
    // Not safe here (see above): gc_alloc() adds a heap area instead.
    #if MPW_ASYNCIFY
    mpw_gc_wanted = 1;
    mpw_yield_countdown = 0;  // suspend at the next branch
    #endif
}

void mpw_collect_at_top_level(void) {
    if (mpw_run_depth > 0) {
        return;  // called back from JavaScript: outer Python frames are live
    }
    gc_collect_start();
    gc_collect_end();
}

#if MPW_ASYNCIFY

#include <emscripten/stack.h>

// The C stack pointer when the run last started to suspend: the suspended
// frames' part of the C stack lies between it and the stack base.
static uintptr_t suspended_stack_low;
// Set while collecting: finalisers (__del__) then run inside a suspension,
// where they must not suspend again (see wasm/event_loop.c).
int mpw_gc_in_progress;

void mpw_gc_note_suspension(void) {
    suspended_stack_low = emscripten_stack_get_current();
}

static void scan_region(uintptr_t begin, uintptr_t end) {
    begin = (begin + sizeof(void *) - 1) & ~(uintptr_t)(sizeof(void *) - 1);
    if (end > begin) {
        gc_collect_root((void **)begin, (end - begin) / sizeof(void *));
    }
}

// Called from JavaScript while the only Python run is suspended, with
// asyncify's save area [saved_begin, saved_end).
EMSCRIPTEN_KEEPALIVE void mpw_gc_collect_suspended(uintptr_t saved_begin, uintptr_t saved_end) {
    // Not now, not asked again at every branch: the next request comes when
    // the heap fills up or another quarter heap has been allocated.
    mpw_gc_wanted = 0;
    #if MICROPY_GC_ALLOC_THRESHOLD
    MP_STATE_MEM(gc_alloc_amount) = 0;
    #endif
    if (mpw_run_depth != 1 || mpw_callback_depth != 0 || mpw_gc_in_progress) {
        return;  // outer runs sit below JavaScript frames: their locals are not in the save area
    }
    // The unwind leaves the stack pointer where the suspension started (often
    // exactly there): this call's frames then lie below the suspended ones.
    if (emscripten_stack_get_current() > suspended_stack_low) {
        return;  // (never expected) they would overlap
    }
    mpw_gc_in_progress = 1;
    gc_collect_start();
    scan_region(suspended_stack_low, emscripten_stack_get_base());
    scan_region(saved_begin, saved_end);
    gc_collect_end();
    mpw_gc_in_progress = 0;
}

#endif

#if MICROPY_GC_SPLIT_HEAP_AUTO
size_t gc_get_max_new_split(void) {
    // (gc_info() calls this function, so sum the areas directly.)
    size_t total = 0;
    for (mp_state_mem_area_t *area = &MP_STATE_MEM(area); area != NULL; area = area->next) {
        total += (size_t)(area->gc_pool_end - area->gc_alloc_table_start);
    }
    return total < MPW_HEAP_LIMIT ? MPW_HEAP_LIMIT - total : 0;
}
#endif

#endif
