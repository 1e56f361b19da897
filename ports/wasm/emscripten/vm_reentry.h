// See vm_reentry.c.
#ifndef MICROPY_INCLUDED_WASM_VM_REENTRY_H
#define MICROPY_INCLUDED_WASM_VM_REENTRY_H

#include <stdbool.h>

// Branches left before the running frame leaves the VM function (0: at the next one).
extern int mpw_vm_reentry_countdown;

// JavaScript starts a run (no Python runs yet).
void mpw_vm_note_run_start(void);
// The runner says that a run's top-level code starts (true: the next frame
// to enter the VM is its module frame) or has ended (false).
void mpw_vm_note_top_level_code(bool starting);
// Whether the bytecode running now runs in its run's top-level frame, where
// the VM's next branch may collect (in stackless builds, every Python call
// made from Python does).
bool mpw_vm_running_top_level_frame(void);

#if !MPW_ASYNCIFY
// (mpw_gc_wanted, set when running code asks for a collection: modjs.h)
// Collects garbage while the top-level frame is out of the VM function for a
// re-entry: frame_state is the state it was called with, current_state the
// one it resumes (in stackless builds, that of the innermost Python call).
// In gccollect.c.
void mpw_gc_collect_between_branches(void *frame_state, void *current_state);
#endif

#endif
