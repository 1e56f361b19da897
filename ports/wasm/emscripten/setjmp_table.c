// Replacement for emscripten 3.1.6's setjmp bookkeeping (compiler-rt's
// emscripten_setjmp.c), same ABI, one change: calling setjmp again on a
// jmp_buf the current frame already registered retargets its entry instead of
// appending a new one.
//
// Why: MicroPython's VM calls nlr_push (setjmp) once per Python call *inside
// one C frame* in stackless mode. Upstream's table then grows by one entry
// per call and each setjmp scans it linearly: quadratic (fib(25) took 70 s).
// With reuse the table stays at one or two entries.
#include <stdint.h>
#include <stdlib.h>

typedef struct {
    uintptr_t id;
    uint32_t label;
} setjmp_entry_t;

static uintptr_t last_setjmp_id = 0;

// The second return value of saveSetjmp, read back by the compiler's setjmp
// lowering (getTempRet0). emscripten 3.1.6 keeps it in JavaScript, which
// costs a call out of wasm per setjmp, and with JS setjmp per caught longjmp;
// defined here it stays in wasm (no JavaScript reads it in our builds).
static uint32_t temp_ret0;

void setTempRet0(uint32_t value) {
    temp_ret0 = value;
}

uint32_t getTempRet0(void) {
    return temp_ret0;
}

extern void setThrew(uintptr_t threw, int value);
extern void _emscripten_throw_longjmp(void);

setjmp_entry_t *saveSetjmp(uintptr_t *env, uint32_t label, setjmp_entry_t *table, uint32_t size) {
    uint32_t i = 0;
    for (; i < size && table[i].id != 0; i++) {
        if (table[i].id == *env) {
            table[i].label = label;
            setTempRet0(size);
            return table;
        }
    }
    if (i == size) {
        // The table has size + 1 slots; the last one terminates it.
        size *= 2;
        table = realloc(table, sizeof(setjmp_entry_t) * (size + 1));
    }
    *env = ++last_setjmp_id;
    table[i].id = *env;
    table[i].label = label;
    table[i + 1].id = 0;
    setTempRet0(size);
    return table;
}

uint32_t testSetjmp(uintptr_t id, setjmp_entry_t *table, uint32_t size) {
    for (uint32_t i = 0; i < size && table[i].id != 0; i++) {
        if (table[i].id == id) {
            return table[i].label;
        }
    }
    return 0;
}

void emscripten_longjmp(uintptr_t env, int val) {
    setThrew(env, val);
    _emscripten_throw_longjmp();
}
