// The native command line: upstream unix micropython's options (-c, -m, -i,
// -O, -v, -h, -X heapsize/emit/compile-only) and CPython's shape (a script
// or `-` and its arguments; a REPL on a terminal, else the program from
// stdin). Same interface as the node launcher of the wasm variants.
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "py/builtin.h"
#include "py/mphal.h"
#include "py/runtime.h"
#include "py/stackctrl.h"

#include "core/repl.h"
#include "core/runtime.h"

#ifndef MPW_HEAP_SIZE
#define MPW_HEAP_SIZE (16 * 1024 * 1024)
#endif
#ifndef MPW_STACK_LIMIT
#define MPW_STACK_LIMIT (7 * 1024 * 1024)
#endif

static const char usage[] =
    "usage: micropython [OPTION ...] [-c CODE | -m MODULE | SCRIPT | -] [ARG ...]\n"
    "  -c CODE      run CODE (sys.argv[0] is '-c')\n"
    "  -m MODULE    run MODULE, found on sys.path, as __main__ (sys.argv[0] is MODULE)\n"
    "  SCRIPT       run a Python file (its folder becomes sys.path[0])\n"
    "  -            read the program from stdin\n"
    "  -i           a REPL after the program, even when stdin is no terminal\n"
    "  -O[N]        optimisation level (__debug__ is False from 1 on): each O adds one,\n"
    "               -ON sets N\n"
    #if MICROPY_DEBUG_PRINTERS
    "  -v           verbose: memory figures at exit; -v -v also prints compiled bytecode\n"
    #endif
    "  -h           this help\n"
    "  -X heapsize=N[w][k|m|g]  GC heap in bytes (default %zu; w: N is in 32-bit words)\n"
    #if MICROPY_EMIT_NATIVE
    "  -X emit=bytecode|native|viper  how functions compile unless decorated\n"
    #else
    "  -X emit=bytecode   how functions compile (this build has no native emitter)\n"
    #endif
    "  -X compile-only    compile the program, do not run it\n"
    "Options come before the program; what follows it is sys.argv[1:].\n"
    "With no program: a REPL on a terminal, else the program from stdin.\n"
    "Environment: MICROPYPATH (extra sys.path entries, ':'-separated),\n"
    "MICROPYINSPECT (non-empty: as -i).\n";

// The smallest -X heapsize that still starts up and reports MemoryError
// rather than failing inside start-up.
#define MPW_MIN_HEAP_SIZE (700)

// Terminal handling: raw input for line editing while reading a line, and
// the terminal's own Ctrl-C (SIGINT) while Python code runs.
static struct termios saved_termios;
static bool terminal_is_raw = false;
static bool stdin_is_terminal = false;

static void terminal_restore(void) {
    if (terminal_is_raw) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
        terminal_is_raw = false;
    }
}

static void terminal_set_signals(bool signals_on) {
    if (!stdin_is_terminal) {
        return;
    }
    struct termios t = saved_termios;
    t.c_lflag &= ~(ICANON | ECHO);
    t.c_iflag &= ~(ICRNL | INLCR | IXON);  // readline wants Enter as '\r'

    if (!signals_on) {
        t.c_lflag &= ~ISIG;
    }
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    tcsetattr(STDIN_FILENO, TCSANOW, &t);
    terminal_is_raw = true;
}

void mp_hal_set_interrupt_char(int c) {
    // While code runs the terminal turns Ctrl-C into SIGINT; while a line is
    // edited, readline receives it as a character.
    terminal_set_signals(c != -1);
}

static void on_sigint(int signum) {
    (void)signum;
    mp_sched_keyboard_interrupt();
}

// The REPL; on a pipe (-i) it reads lines as they come, to the end of input.
static int run_repl(void) {
    if (isatty(STDIN_FILENO)) {
        stdin_is_terminal = true;
        tcgetattr(STDIN_FILENO, &saved_termios);
        atexit(terminal_restore);
        terminal_set_signals(false);
    }
    mpw_repl_start();
    int outcome;
    while ((outcome = mpw_repl_take_key(mp_hal_stdin_rx_chr())) == 0) {
    }
    int status = outcome & 0xff;
    terminal_restore();
    return status;
}

static int run_stdin(void) {
    vstr_t source;
    vstr_init(&source, 4096);
    char buf[4096];
    ssize_t got;
    while ((got = read(STDIN_FILENO, buf, sizeof(buf))) != 0) {
        if (got < 0) {
            if (errno == EINTR) {
                continue;
            }
            perror("micropython: reading stdin");
            return 1;
        }
        vstr_add_strn(&source, buf, (size_t)got);
    }
    int status = mpw_exec_str(vstr_str(&source), vstr_len(&source), "<stdin>", MP_PARSE_FILE_INPUT);
    vstr_clear(&source);
    return status;
}

static char *dirname_of(const char *path) {
    const char *slash = strrchr(path, '/');
    if (slash == NULL) {
        return strdup("");
    }
    if (slash == path) {
        return strdup("/");
    }
    return strndup(path, (size_t)(slash - path));
}

// What the command line asks for.
typedef enum { RUN_NOTHING, RUN_CODE, RUN_MODULE, RUN_SCRIPT, RUN_STDIN } run_kind_t;

typedef struct {
    size_t heap_size;
    const char *emit;       // -X emit=NAME, or NULL
    unsigned optimise;      // -O
    unsigned verbose;       // -v
    bool compile_only;      // -X compile-only
    bool inspect;           // -i
    run_kind_t kind;
    const char *program;    // CODE, MODULE or SCRIPT
    int argv_start;         // argv[argv_start..] becomes sys.argv (argc: sys.argv == [''])
} command_line_t;

// Reports a malformed command line (on stderr, with the usage); returns
// the exit status for it (2, as CPython).
static int usage_error(const char *what, const char *arg) {
    fprintf(stderr, "micropython: %s%s\n", what, arg);
    fprintf(stderr, usage, (size_t)MPW_HEAP_SIZE);
    return 2;
}

// -X heapsize=N[w][k|m|g] as upstream's unix port reads N (C's bases: 0x..
// hex, 0.. octal); w means N counts 32-bit words (scaled to this build's
// word size). Returns 0 when malformed or out of range.
static size_t parse_heap_size(const char *text) {
    if (*text < '0' || *text > '9') {
        return 0;
    }
    char *end;
    errno = 0;
    unsigned long long size = strtoull(text, &end, 0);
    if (errno != 0) {
        return 0;
    }
    bool in_words = (*end | 0x20) == 'w';
    end += in_words;
    unsigned shift = 0;
    switch (*end | 0x20) {
        case 'k': shift = 10; end++; break;
        case 'm': shift = 20; end++; break;
        case 'g': shift = 30; end++; break;
    }
    if (*end != '\0' || size > (SIZE_MAX >> shift) / sizeof(mp_uint_t)) {
        return 0;
    }
    size <<= shift;
    if (in_words) {
        size = size / 4 * sizeof(mp_uint_t);
    }
    return size < MPW_MIN_HEAP_SIZE ? 0 : (size_t)size;
}

// -X OPTION; returns 0, or the exit status of a usage error.
static int parse_implementation_option(command_line_t *cmd, const char *option) {
    static const char heap_prefix[] = "heapsize=";
    static const char emit_prefix[] = "emit=";
    if (strncmp(option, heap_prefix, sizeof(heap_prefix) - 1) == 0) {
        cmd->heap_size = parse_heap_size(option + sizeof(heap_prefix) - 1);
        if (cmd->heap_size == 0) {
            fprintf(stderr, "micropython: -X %s: expected a size in bytes of at least %d, "
                "like 256k or 64m\n", option, MPW_MIN_HEAP_SIZE);
            return 2;
        }
    } else if (strncmp(option, emit_prefix, sizeof(emit_prefix) - 1) == 0) {
        cmd->emit = option + sizeof(emit_prefix) - 1;
    } else if (strcmp(option, "compile-only") == 0) {
        cmd->compile_only = true;
    } else {
        return usage_error("unknown -X option ", option);
    }
    return 0;
}

// Options up to the program; what follows the program is its sys.argv.
// Returns -1, or the exit status to leave with at once (-h, bad options).
static int parse_command_line(command_line_t *cmd, int argc, char **argv) {
    *cmd = (command_line_t) {.heap_size = MPW_HEAP_SIZE, .kind = RUN_NOTHING, .argv_start = argc};
    for (int a = 1; a < argc; a++) {
        const char *arg = argv[a];
        if (arg[0] != '-') {
            cmd->kind = RUN_SCRIPT;
            cmd->program = arg;
            cmd->argv_start = a;
            return -1;
        }
        if (strcmp(arg, "-") == 0) {
            cmd->kind = RUN_STDIN;
            cmd->argv_start = a;
            return -1;
        }
        if (strcmp(arg, "-c") == 0 || strcmp(arg, "-m") == 0) {
            if (a + 1 >= argc) {
                return usage_error(arg, " needs an argument");
            }
            cmd->kind = arg[1] == 'c' ? RUN_CODE : RUN_MODULE;
            cmd->program = argv[a + 1];
            cmd->argv_start = a + 1;  // sys.argv[0]: '-c' in CODE's place, or the module's name
            return -1;
        }
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            printf(usage, (size_t)MPW_HEAP_SIZE);
            return 0;
        } else if (strcmp(arg, "-i") == 0) {
            cmd->inspect = true;
        } else if (strcmp(arg, "-v") == 0 && MICROPY_DEBUG_PRINTERS) {
            cmd->verbose += 1;
        } else if (strncmp(arg, "-O", 2) == 0 && arg[2] >= '0' && arg[2] <= '9' && arg[3] == '\0') {
            cmd->optimise = (unsigned)(arg[2] - '0');
        } else if (strncmp(arg, "-O", 2) == 0 && strspn(arg + 1, "O") == strlen(arg + 1)) {
            cmd->optimise += (unsigned)strlen(arg + 1);
        } else if (strcmp(arg, "-X") == 0) {
            if (a + 1 >= argc) {
                return usage_error("-X", " needs an argument");
            }
            int status = parse_implementation_option(cmd, argv[++a]);
            if (status != 0) {
                return status;
            }
        } else {
            return usage_error("unknown option ", arg);
        }
    }
    return -1;
}

int main(int argc, char **argv) {
    command_line_t cmd;
    int early_status = parse_command_line(&cmd, argc, argv);
    if (early_status >= 0) {
        return early_status;
    }
    if (cmd.kind == RUN_SCRIPT && access(cmd.program, R_OK) != 0) {
        fprintf(stderr, "micropython: can't open file '%s': [Errno %d] %s\n", cmd.program, errno, strerror(errno));
        return 2;
    }
    signal(SIGINT, on_sigint);
    signal(SIGPIPE, SIG_IGN);
    mpw_init(cmd.heap_size, MPW_STACK_LIMIT, 0);
    // The C stack counts from main's frame (mpw_init's own is deeper), so that
    // -v's "stack: N out of M" is what the program used, not negative.
    mp_stack_ctrl_init();
    const char *unsupported = mpw_set_code_options(cmd.emit, cmd.optimise, cmd.verbose, cmd.compile_only);
    if (unsupported != NULL) {
        fprintf(stderr, "micropython: %s\n", unsupported);
        mpw_deinit();
        return 2;
    }
    const char *extra_path = getenv("MICROPYPATH");
    mpw_stdin_is_terminal = isatty(STDIN_FILENO);
    if (cmd.kind == RUN_CODE) {
        argv[cmd.argv_start] = "-c";
    }
    char *script_dir = cmd.kind == RUN_SCRIPT ? dirname_of(cmd.program) : NULL;
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        if (cmd.argv_start < argc) {
            mpw_set_argv(argc - cmd.argv_start, argv + cmd.argv_start);
        } else {
            mpw_set_argv(1, (char *[]) {""});
        }
        mpw_set_path(script_dir, extra_path);
        nlr_pop();
    } else {
        // (A tiny -X heapsize and a long command line.)
        free(script_dir);
        fprintf(stderr, "micropython: no room for sys.argv and sys.path in the heap: a larger -X heapsize\n");
        mpw_deinit();
        return 1;
    }
    free(script_dir);

    int status = 0;
    switch (cmd.kind) {
        case RUN_CODE:
            status = mpw_exec_str(cmd.program, strlen(cmd.program), "<string>", MP_PARSE_FILE_INPUT);
            break;
        case RUN_MODULE:
            status = mpw_exec_module(cmd.program);
            break;
        case RUN_SCRIPT:
            status = mpw_exec_file(cmd.program);
            break;
        case RUN_STDIN:
            status = run_stdin();
            break;
        case RUN_NOTHING:
            if (!cmd.inspect && !isatty(STDIN_FILENO)) {
                status = run_stdin();
            }
            break;
    }
    // -i (or MICROPYINSPECT): a REPL after the program, however it ended.
    if (cmd.inspect || mpw_inspect_requested() || (cmd.kind == RUN_NOTHING && isatty(STDIN_FILENO))) {
        status = run_repl();
    }
    // sys.atexit's function before -v's memory figures (mpw_deinit would run
    // it too, but after them).
    mpw_run_atexit();
    #if MICROPY_PY_MICROPYTHON_MEM_INFO
    if (cmd.verbose > 0) {
        mp_micropython_mem_info(0, NULL);
    }
    #endif
    mpw_deinit();
    return status & 0xff;
}
