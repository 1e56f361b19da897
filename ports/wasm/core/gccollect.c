// Garbage-collection roots.
//
// Native builds scan registers and the C stack. In WebAssembly, values held
// in wasm locals are invisible to a stack scan; two strategies:
// - MPW_GC_SCAN_REGISTERS (asyncify builds): emscripten unwinds the stack so
//   that locals are spilled to memory, then scans it: precise enough to
//   collect at any allocation.
// - otherwise: never collect while Python runs (the heap grows in new areas
//   instead, up to MPW_HEAP_LIMIT), and collect when control is back in
//   JavaScript, where no C frame can hold a reference.
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
// The frames of the outer runs are then below a JavaScript frame: neither
// strategy below can see the references in their wasm locals, so nested
// runs never collect. Callbacks (synchronous calls from JavaScript, counted
// in mpw_callback_depth) cannot be unwound either: emscripten 3.1.6 scans
// registers after a timeout, so they do not collect in asyncify builds.
int mpw_run_depth;
int mpw_callback_depth;

#if MPW_GC_SCAN_REGISTERS

static void scan_region(void *begin, void *end) {
    gc_collect_root((void **)begin, ((uintptr_t)end - (uintptr_t)begin) / sizeof(void *));
}

void gc_collect(void) {
    if (mpw_run_depth > 1 || mpw_callback_depth > 0) {
        return;  // see above (gc_alloc() then fails with MemoryError)
    }
    gc_collect_start();
    emscripten_scan_stack(scan_region);
    emscripten_scan_registers(scan_region);
    gc_collect_end();
}

void mpw_collect_at_top_level(void) {
    // Also collect when a run ends: the stack scan above is conservative,
    // and stale words left in reused stack memory could otherwise keep a
    // finished run's garbage (say, after a MemoryError) alive for good.
    if (mpw_run_depth > 0) {
        return;
    }
    gc_collect_start();
    gc_collect_end();
}

#else

void gc_collect(void) {
    // Not safe here: see above. gc_alloc() then adds a heap area instead.
}

void mpw_collect_at_top_level(void) {
    if (mpw_run_depth > 0) {
        return;  // called back from JavaScript: outer Python frames are live
    }
    gc_collect_start();
    gc_collect_end();
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
