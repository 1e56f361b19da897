// What core/ needs from the target it runs on. core/ is the same C for every
// target and includes no target's headers; each target folder implements these
// (unix/: the native command line; emscripten/: the WebAssembly builds).
// Besides them, every target implements upstream's gc_collect() (py/gc.h).
#ifndef MICROPY_INCLUDED_WASM_PORT_HOOKS_H
#define MICROPY_INCLUDED_WASM_PORT_HOOKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "py/mpconfig.h"

// Fills buf with len bytes from the platform's entropy source (the seed of
// `random`, core/entropy.c); entropy.c of each target.
void mpw_fill_random(uint8_t *buf, int len);

// Called once the GC heap of heap_size bytes is set up, before anything is
// allocated: the target chooses when running code asks for collections
// (gccollect.c of each target).
void mpw_gc_pace(size_t heap_size);

// gc.collect() (core/gc_module.c): collects, or, where it cannot collect here,
// has the collection run at the running bytecode's next branch. Returns true
// in that case.
bool mpw_gc_collect_by_next_branch(void);

#if MPW_SUSPENDS
// Waiting without blocking the event loop: the running Python code is
// suspended meanwhile (emscripten/event_loop.c).
void mpw_event_loop_sleep_ms(mp_uint_t ms);
// The next byte of stdin, or -1 at its end.
int mpw_event_loop_read_char(void);
#endif

#endif
