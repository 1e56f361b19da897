// The interactive prompt (see repl.h). Line editing and history are upstream's
// readline (shared/readline), fed one key at a time; this file decides what a
// finished line means: run it, ask for a continuation line, paste, or leave.
#include "py/mphal.h"
#include "py/runtime.h"
#include "py/repl.h"  // (after runtime.h, which it needs)
#include "shared/readline/readline.h"
#include "genhdr/mpversion.h"

#include "core/repl.h"
#include "core/runtime.h"

// The source being entered: rooted for the GC, as it lives in the heap and
// outlasts each call (keys arrive one call at a time in the browser).
MP_REGISTER_ROOT_POINTER(vstr_t *mpw_repl_line);

static bool continuing;  // the source so far needs more lines ("... ")
static bool pasting;     // Ctrl-E: keys are taken verbatim until Ctrl-D

static void prompt_for_new_source(void) {
    vstr_reset(MP_STATE_VM(mpw_repl_line));
    continuing = false;
    pasting = false;
    readline_init(MP_STATE_VM(mpw_repl_line), mp_repl_get_ps1());
}

static void start_with_banner(const char *banner) {
    MP_STATE_VM(mpw_repl_line) = vstr_new(32);
    mp_hal_stdout_tx_str(banner);
    prompt_for_new_source();
}

void mpw_repl_start(void) {
    start_with_banner(MICROPY_BANNER_NAME_AND_VERSION "; " MICROPY_BANNER_MACHINE "\r\n"
        "Use Ctrl-D to exit, Ctrl-E for paste mode\r\n");
}

// The instruction set the compiler targeted, for upstream's "<board> with <mcu>".
#if defined(__wasm32__)
#define MPW_ARCH_NAME "wasm32"
#elif defined(__x86_64__)
#define MPW_ARCH_NAME "x86_64"
#elif defined(__aarch64__)
#define MPW_ARCH_NAME "aarch64"
#else
#define MPW_ARCH_NAME MICROPY_HW_MCU_NAME
#endif

// The text of shared/runtime/pyexec.c's friendly REPL (upstream's boards and webassembly port).
void mpw_repl_start_with_upstream_banner(void) {
    start_with_banner("\r\n" MICROPY_BANNER_NAME_AND_VERSION "; " MICROPY_HW_BOARD_NAME " with " MPW_ARCH_NAME "\r\n"
        #if MICROPY_PY_BUILTINS_HELP
        "Type \"help()\" for more information.\r\n"
        #endif
        );
}

// Run what was entered; then a new prompt, unless the code raised SystemExit.
static int run_source(mp_parse_input_kind_t kind) {
    vstr_t *source = MP_STATE_VM(mpw_repl_line);
    int status = mpw_exec_str(vstr_str(source), vstr_len(source), "<stdin>", kind);
    if (status & MPW_FORCED_EXIT) {
        vstr_reset(source);
        return status;
    }
    prompt_for_new_source();
    return 0;
}

static int take_pasted_key(int key) {
    vstr_t *source = MP_STATE_VM(mpw_repl_line);
    if (key == CHAR_CTRL_C) {
        mp_hal_stdout_tx_str("\r\n");
        prompt_for_new_source();
    } else if (key == CHAR_CTRL_D) {
        mp_hal_stdout_tx_str("\r\n");
        return run_source(MP_PARSE_FILE_INPUT);
    } else {
        char byte = (char)key;
        vstr_add_byte(source, byte);
        if (key == '\r') {
            mp_hal_stdout_tx_str("\r\n=== ");
        } else {
            mp_hal_stdout_tx_strn(&byte, 1);
        }
    }
    return 0;
}

int mpw_repl_take_key(int key) {
    if (pasting) {
        return take_pasted_key(key);
    }
    int outcome = readline_process_char(key);
    if (outcome < 0) {
        return 0;  // still editing the line
    }
    vstr_t *source = MP_STATE_VM(mpw_repl_line);
    if (outcome == CHAR_CTRL_C) {  // cancel everything entered
        mp_hal_stdout_tx_str("\r\n");
        prompt_for_new_source();
        return 0;
    }
    if (continuing) {
        // Ctrl-D on an empty continuation line ends the statement early.
        if (outcome == 0 && mp_repl_continue_with_input(vstr_null_terminated_str(source))) {
            vstr_add_byte(source, '\n');
            readline_note_newline(mp_repl_get_ps2());
            return 0;
        }
        if (outcome == 0 || outcome == CHAR_CTRL_D) {
            return run_source(MP_PARSE_SINGLE_INPUT);
        }
        return 0;  // (other control keys on an empty continuation line: ignored)
    }
    switch (outcome) {
        case CHAR_CTRL_D:  // on an empty line: leave
            mp_hal_stdout_tx_str("\r\n");
            return MPW_FORCED_EXIT;
        case CHAR_CTRL_E:
            mp_hal_stdout_tx_str("\r\npaste mode; Ctrl-C to cancel, Ctrl-D to finish\r\n=== ");
            vstr_reset(source);
            pasting = true;
            return 0;
        case 0:  // Enter
            break;
        default:  // Ctrl-A, Ctrl-B on an empty line: nothing to do
            mp_hal_stdout_tx_str("\r\n");
            prompt_for_new_source();
            return 0;
    }
    if (vstr_len(source) == 0) {
        prompt_for_new_source();
        return 0;
    }
    if (mp_repl_continue_with_input(vstr_null_terminated_str(source))) {
        vstr_add_byte(source, '\n');
        continuing = true;
        readline_note_newline(mp_repl_get_ps2());
        return 0;
    }
    return run_source(MP_PARSE_SINGLE_INPUT);
}
