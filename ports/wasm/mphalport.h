// Hardware-abstraction layer of the wasm port: stdio, time and the
// interrupt character, implemented over POSIX (host and emscripten).
#include <stddef.h>

#include "py/mpconfig.h"

int mp_hal_stdin_rx_chr(void);
mp_uint_t mp_hal_stdout_tx_strn(const char *str, size_t len);
void mpw_hal_stderr_tx_strn(const char *str, size_t len);

mp_uint_t mp_hal_ticks_ms(void);
mp_uint_t mp_hal_ticks_us(void);
mp_uint_t mp_hal_ticks_cpu(void);
uint64_t mp_hal_time_ns(void);
void mp_hal_delay_ms(mp_uint_t ms);
void mp_hal_delay_us(mp_uint_t us);

void mp_hal_set_interrupt_char(int c);

// No hardware pins: declaring the pin type keeps py/mphal.h from pulling in
// extmod's virtual-pin API.
#define mp_hal_pin_obj_t int

// MicroPython's errno number for a libc one (core/file.c; they differ in wasm).
int mpw_python_errno(int libc_errno);

// A system call in extmod/vfs_posix.c: retried when a signal interrupted it
// (after pending exceptions, e.g. Ctrl-C, had their turn), else `raise` runs
// with `err`. That file is compiled through core/vfs_posix.c, where `errno`
// reads MicroPython's numbers.
#define MP_HAL_RETRY_SYSCALL(ret, syscall, raise) \
    for (;;) { \
        ret = syscall; \
        if (ret == -1) { \
            int err = errno; \
            if (err == MP_EINTR) { \
                mp_handle_pending(true); \
                continue; \
            } \
            raise; \
        } \
        break; \
    }

// select.poll() and asyncio, waiting for an event: sleep a little, so that a
// wait neither spins nor (in asyncify builds) holds the page.
#define MICROPY_INTERNAL_WFE(TIMEOUT_MS) mp_hal_delay_us((TIMEOUT_MS) == 0 ? 0 : 1000)
