// Garbage-collection roots of the native build: registers and the C stack
// (the WebAssembly builds' collector is emscripten/gccollect.c).
#include "py/gc.h"
#include "shared/runtime/gchelper.h"

#include "core/port_hooks.h"

void mpw_exec_memory_scan(void);

void gc_collect(void) {
    gc_collect_start();
    // Spills callee-saved registers onto the stack, then scans from the
    // current stack pointer up to the top recorded at start-up.
    gc_helper_collect_regs_and_stack();
    #if MICROPY_EMIT_MACHINE_CODE
    mpw_exec_memory_scan();  // native code's data (exec_memory.c)
    #endif
    gc_collect_end();
}

// Collections run when the heap is full or gc.collect() asks: no pacing.
void mpw_gc_pace(size_t heap_size) {
    (void)heap_size;
}

bool mpw_gc_collect_by_next_branch(void) {
    gc_collect();
    return false;
}
