// See event_loop.c.
#ifndef MICROPY_INCLUDED_WASM_EVENT_LOOP_H
#define MICROPY_INCLUDED_WASM_EVENT_LOOP_H

#include <stdbool.h>

#include "py/mpconfig.h"

// (event_loop.c also implements core/'s waiting hooks, mpw_event_loop_sleep_ms and
// mpw_event_loop_read_char)
#include "core/port_hooks.h"

#if MPW_ASYNCIFY
extern int mpw_yield_countdown;
void mpw_yield_if_due(void);
// Garbage collection inside suspensions (gccollect.c; mpw_gc_wanted: modjs.h).
extern int mpw_gc_in_progress;
void mpw_gc_note_suspension(void);
#endif

#if MPW_JSPI
// Whether the running code may suspend now (jspi.c).
bool mpw_jspi_can_suspend(void);
// Yields to the event loop when the last yield is long enough ago (called at
// the VM's re-entry points, vm_reentry.c).
void mpw_yield_if_due(void);
#endif

#endif
