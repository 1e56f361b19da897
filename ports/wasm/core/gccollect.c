// Garbage-collection root scanning: registers and the C stack.
#include "py/gc.h"
#include "py/mpstate.h"
#include "shared/runtime/gchelper.h"

void gc_collect(void) {
    gc_collect_start();
    // Spills callee-saved registers onto the stack, then scans from the
    // current stack pointer up to the top recorded at start-up.
    gc_helper_collect_regs_and_stack();
    gc_collect_end();
}
