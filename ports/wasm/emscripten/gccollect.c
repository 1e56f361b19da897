// Garbage-collection roots in WebAssembly (native builds: unix/gccollect.c).
//
// Native builds scan registers and the C stack. In WebAssembly, values held
// in wasm locals are invisible to a stack scan. Builds with the gc_spill
// feature (MPW_GC_SPILL) have a post-link step (binaryen's --spill-pointers,
// see site_scons/mpbuild/wasm_spill.py) store every i32 local that is live
// across a call into its function's C-stack frame before the call: there a
// collection may run wherever gc_collect() is called (gc.collect(), a full
// heap, the allocation threshold), as on native builds, except while
// JavaScript frames lie below (nested runs, callbacks; see below).
// In other builds a collection may only run where no live reference can be in
// a wasm local alone. Until then a full heap
// grows in new areas instead (up to MPW_HEAP_LIMIT; areas left empty by a
// collection are given back). Collections run:
// - whenever control is back in JavaScript (every build);
// - builds without asyncify, also while a run's top-level code runs: between
//   two of its branches, when its frame has left the VM function for a
//   re-entry (vm_reentry.c). Its state is then all in memory, as at a
//   generator's yield, and below it are only the run's entry and call set-up,
//   whose references are in memory too (the code state, kept as a root here).
//   In stackless builds that frame runs every Python call made from Python,
//   so only code that native code called (a key function, __init__, a
//   generator that sum() drives...) waits; otherwise, calls wait too;
// - asyncify builds, also while running Python is suspended (sleep, input,
//   periodic yields): asyncify has then spilled every live wasm local of the
//   suspended frames into its save area, which is scanned along with those
//   frames' part of the C stack.
// Running code that outgrew the heap, or allocated another quarter heap
// (gc_alloc_threshold, core/runtime.c), asks for a collection at the next
// such point. Collecting without an unwind of its own keeps allocation off
// asyncify's unwind paths, which is what lets allocating code stay
// uninstrumented (emscripten_scan_registers, an unwind, made every allocation
// a suspension).
#include <emscripten.h>
#include <emscripten/stack.h>

#include "py/gc.h"
#include "py/mpstate.h"

#include "core/port_hooks.h"
#include "emscripten/modjs.h"

// Python runs in progress (see modjs.h): 1 while JavaScript runs
// Python, more when JavaScript that Python called calls back into Python.
// The frames of the outer runs are then below a JavaScript frame, where no
// scan can see the references in their wasm locals, so nested runs and
// callbacks (counted in mpw_callback_depth) never collect.
int mpw_run_depth;
int mpw_callback_depth;

// Set when running code filled the heap or allocated another quarter heap:
// collect at the next point where it is safe (see above).
int mpw_gc_wanted;

#if MPW_ASYNCIFY
#include "emscripten/event_loop.h"
#else
#include "emscripten/vm_reentry.h"
#endif

#if MPW_GC_SPILL && MPW_ASYNCIFY
#error "gc_spill and asyncify do not combine (site_scons/site_tools/emscripten.py refuses the variant)"
#endif

static void collected(void);
static void pace_next_collection(void);
static void scan_region(uintptr_t begin, uintptr_t end);
static void collect_end(void);

void gc_collect(void) {
    #if MPW_GC_SPILL
    if (mpw_run_depth <= 1 && mpw_callback_depth == 0) {
        // Every caller's live references are in its C-stack frame (spilled
        // before the call that led here), all between the stack pointer and
        // the stack's base.
        collected();
        gc_collect_start();
        scan_region(emscripten_stack_get_current(), emscripten_stack_get_base());
        collect_end();
        pace_next_collection();
        return;
    }
    // Outer runs wait below JavaScript frames, which may hold references of
    // their own: as in other builds, collect once they are back.
    #endif
    // Not safe here (see above): gc_alloc() adds a heap area instead.
    #if MPW_ASYNCIFY
    mpw_gc_wanted = 1;
    mpw_yield_countdown = 0;  // suspend at the next branch
    #else
    if (!mpw_gc_wanted) {
        mpw_gc_wanted = 1;
        // The running frame leaves the VM function at its next branch: if it
        // is the top-level one, the collection runs then; if not, it runs once
        // that frame is back, at its next re-entry. (Once, not at every
        // allocation: that would make the inner frame re-enter at every branch.)
        mpw_vm_reentry_countdown = 0;
    }
    #endif
}

bool mpw_gc_collect_by_next_branch(void) {
    #if MPW_GC_SPILL
    // The next branch's collection is preciser: the VM function is left then,
    // so no stale value in its spill slots can keep garbage alive.
    if (mpw_vm_running_top_level_frame()) {
        mpw_gc_wanted = 1;
    } else {
        gc_collect();
    }
    #else
    gc_collect();
    #endif
    if (!mpw_gc_wanted) {
        return false;  // collected
    }
    // gc.collect() branches right after this returns (modules/gc.py): have
    // that branch be a safe point even if a collection was asked for before.
    #if MPW_ASYNCIFY
    mpw_yield_countdown = 0;
    #else
    mpw_vm_reentry_countdown = 0;
    #endif
    return true;
}

static size_t heap_bytes(void) {
    size_t total = 0;
    for (mp_state_mem_area_t *area = &MP_STATE_MEM(area); area != NULL; area = area->next) {
        total += (size_t)(area->gc_pool_end - area->gc_alloc_table_start);
    }
    return total;
}

// The least allocation between two requested collections (a quarter of the
// initial heap).
static size_t alloc_threshold_floor;

void mpw_gc_pace(size_t heap_size) {
    alloc_threshold_floor = heap_size / 4 / MICROPY_BYTES_PER_GC_BLOCK;
    #if MPW_GC_SPILL && MPW_GC_STRESS
    // Stress test: collect at every allocation (gc_alloc asks once the
    // threshold is reached), to show that every live reference is spilled.
    alloc_threshold_floor = 0;
    #endif
    MP_STATE_MEM(gc_alloc_threshold) = alloc_threshold_floor;
}

static void collected(void) {
    // Not asked again at every allocation: the next request comes when the
    // heap fills up or another quarter heap has been allocated.
    mpw_gc_wanted = 0;
    #if MICROPY_GC_ALLOC_THRESHOLD
    MP_STATE_MEM(gc_alloc_amount) = 0;
    #endif
}

// After a collection: the next is requested after a quarter of the heap as it
// now is (areas left empty are gone), at least the floor. A heap that grew for
// live data thus asks less often: each collection marks the live data, so a
// fixed amount would make a growing program's collections cost quadratic time
// (filling the heap in 64 KiB objects: 16 s against 2.7 s without collecting).
static void pace_next_collection(void) {
    #if MPW_GC_SPILL && MPW_GC_STRESS
    // (the threshold stays 0: see mpw_gc_pace)
    #elif MICROPY_GC_ALLOC_THRESHOLD
    size_t quarter = heap_bytes() / 4 / MICROPY_BYTES_PER_GC_BLOCK;
    MP_STATE_MEM(gc_alloc_threshold) = quarter > alloc_threshold_floor ? quarter : alloc_threshold_floor;
    #endif
}

void mpw_collect_at_top_level(void) {
    if (mpw_run_depth > 0) {
        return;  // called back from JavaScript: outer Python frames are live
    }
    collected();
    gc_collect_start();
    collect_end();
    pace_next_collection();
}

static void scan_region(uintptr_t begin, uintptr_t end) {
    begin = (begin + sizeof(void *) - 1) & ~(uintptr_t)(sizeof(void *) - 1);
    if (end > begin) {
        gc_collect_root((void **)begin, (end - begin) / sizeof(void *));
    }
}

#if !MPW_ASYNCIFY

void mpw_gc_collect_between_branches(void *frame_state, void *current_state) {
    collected();
    if (mpw_run_depth != 1 || mpw_callback_depth != 0) {
        return;  // (vm_reentry.c asks only then) outer runs sit below JavaScript frames
    }
    gc_collect_start();
    // The frame's code state: on the C stack, on the Python stack (both
    // scanned), or on the heap, where only fun_bc_call's locals point to it.
    void *states[2] = {frame_state, current_state};
    gc_collect_root(states, MP_ARRAY_SIZE(states));
    // The C stack: the entry's nlr buffers, code states kept there, and the
    // variables of every C function on the way whose address was taken.
    scan_region(emscripten_stack_get_current(), emscripten_stack_get_base());
    collect_end();
    pace_next_collection();
}

#else

// The C stack pointer when the run last started to suspend: the suspended
// frames' part of the C stack lies between it and the stack base.
static uintptr_t suspended_stack_low;
// Set while collecting: finalisers (__del__) then run inside a suspension,
// where they must not suspend again (see event_loop.c).
int mpw_gc_in_progress;

void mpw_gc_note_suspension(void) {
    suspended_stack_low = emscripten_stack_get_current();
}

// Called from JavaScript while the only Python run is suspended, with
// asyncify's save area [saved_begin, saved_end).
EMSCRIPTEN_KEEPALIVE void mpw_gc_collect_suspended(uintptr_t saved_begin, uintptr_t saved_end) {
    collected();
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
    collect_end();
    pace_next_collection();
    mpw_gc_in_progress = 0;
}

#endif

#if MICROPY_GC_SPLIT_HEAP_AUTO
// py/gc.c's sweep gives back every area but the first whose last used block
// is block 0: an empty area, but also one whose only live object is a
// single block at block 0. Collections here run at deferred points (see
// above), so that is common: a full heap grows by an area at once, and the
// collection asked for runs at the next suspension or re-entry, when the one
// object allocated in the new area may be all it holds. Given back, that
// object (and all it alone referred to) was lost, and overwritten once the
// next area reused the memory (a chain of one-block tuples built from a 64 KiB
// initial heap lost its older part). So the sweep's MP_PLAT_FREE_HEAP
// (mpconfigport.h) comes here, and an area whose first block is still in use
// is set aside, to be linked back when the collection ends (re-linking it
// during the sweep would have the sweep visit it again, with its mark gone).
static mp_state_mem_area_t *areas_kept_by_sweep;

void mpw_gc_free_heap_area(void *memory) {
    mp_state_mem_area_t *area = memory;
    // Block 0's kind: the low two bits of the first allocation-table byte
    // (py/gc.c's ATB_GET_KIND; AT_FREE is 0). The sweep has turned marks back
    // into heads, and freed the unmarked, by now.
    if ((area->gc_alloc_table_start[0] & 3) == 0) {
        free(area);
        return;
    }
    area->next = areas_kept_by_sweep;
    areas_kept_by_sweep = area;
}

static void collect_end(void) {
    gc_collect_end();
    mp_state_mem_area_t *last = &MP_STATE_MEM(area);
    while (last->next != NULL) {
        last = last->next;
    }
    while (areas_kept_by_sweep != NULL) {
        mp_state_mem_area_t *area = areas_kept_by_sweep;
        areas_kept_by_sweep = area->next;
        area->next = NULL;
        area->gc_last_free_atb_index = 0;  // (as gc_collect_end resets every listed area)
        last->next = area;
        last = area;
    }
}
#else
static void collect_end(void) {
    gc_collect_end();
}
#endif

#if MICROPY_GC_SPLIT_HEAP_AUTO
size_t gc_get_max_new_split(void) {
    // (gc_info() calls this function, so sum the areas directly.)
    size_t total = heap_bytes();
    return total < MPW_HEAP_LIMIT ? MPW_HEAP_LIMIT - total : 0;
}
#endif

