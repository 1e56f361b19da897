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
// extmod's virtual-pin API (extmod/ is not part of this port).
#define mp_hal_pin_obj_t int
