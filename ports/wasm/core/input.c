// input(): line editing on a terminal (MicroPython's readline, which echoes),
// plain line reading otherwise (piped stdin, as CPython: no echo, '\n' ends
// the line, EOFError at end of input).
#include <unistd.h>

#include "py/mphal.h"
#include "py/runtime.h"
#include "shared/readline/readline.h"

#include "core/port_hooks.h"
#include "core/runtime.h"

bool mpw_stdin_is_terminal = false;

static int read_stdin_byte(void) {
    // A byte typed ahead, or from a stdin that blocks until it has one (a worker's,
    // js/worker.mjs: that works in every variant, and in runs that cannot suspend).
    unsigned char c;
    if (read(STDIN_FILENO, &c, 1) == 1) {
        return c;
    }
    #if MPW_SUSPENDS
    // Else wait for one without blocking the page.
    return mpw_event_loop_read_char();
    #else
    return -1;
    #endif
}

static mp_obj_t mpw_input(size_t n_args, const mp_obj_t *args) {
    if (n_args == 1) {
        mp_obj_print(args[0], PRINT_STR);
    }
    vstr_t line;
    vstr_init(&line, 16);
    if (mpw_stdin_is_terminal) {
        int ret = readline(&line, "");
        if (ret == CHAR_CTRL_C) {
            mp_raise_type(&mp_type_KeyboardInterrupt);
        }
        if (ret == CHAR_CTRL_D && line.len == 0) {
            mp_raise_type(&mp_type_EOFError);
        }
    } else {
        for (;;) {
            int c = read_stdin_byte();
            if (c < 0) {
                // A read cut short by Stop (a worker's stdin) raises the interrupt, not EOFError.
                mp_handle_pending(true);
                if (line.len == 0) {
                    mp_raise_type(&mp_type_EOFError);
                }
                break;
            }
            if (c == '\n') {
                break;
            }
            vstr_add_byte(&line, (byte)c);
        }
    }
    return mp_obj_new_str_from_vstr(&line);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(mpw_input_obj, 0, 1, mpw_input);
