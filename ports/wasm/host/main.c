// The native command line: `micropython [-c CODE | -m? | script.py] [args]`,
// a REPL on a terminal, and code piped on stdin. Same interface as the
// node launcher of the wasm variants.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "py/mphal.h"
#include "py/runtime.h"
#include "shared/runtime/pyexec.h"

#include "core/runtime.h"

#ifndef MPW_HEAP_SIZE
#define MPW_HEAP_SIZE (16 * 1024 * 1024)
#endif
#ifndef MPW_STACK_LIMIT
#define MPW_STACK_LIMIT (7 * 1024 * 1024)
#endif

static const char usage[] =
    "usage: micropython [-c CODE | SCRIPT | -] [ARG ...]\n"
    "  -c CODE   run CODE (sys.argv[0] is '-c')\n"
    "  SCRIPT    run a Python file (its folder becomes sys.path[0])\n"
    "  -         read the program from stdin\n"
    "With no argument: a REPL on a terminal, else the program from stdin.\n"
    "Environment: MICROPYPATH (extra sys.path entries, ':'-separated).\n";

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

static int run_repl(void) {
    stdin_is_terminal = true;
    tcgetattr(STDIN_FILENO, &saved_termios);
    atexit(terminal_restore);
    terminal_set_signals(false);
    int status = 0;
    for (;;) {
        int ret = pyexec_friendly_repl();
        if (ret & PYEXEC_FORCED_EXIT) {
            status = ret & 0xff;
            break;
        }
        if (ret == 0) {  // Ctrl-D on an empty line
            mp_hal_stdout_tx_str("\r\n");
            break;
        }
    }
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

int main(int argc, char **argv) {
    signal(SIGINT, on_sigint);
    signal(SIGPIPE, SIG_IGN);
    mpw_init(MPW_HEAP_SIZE, MPW_STACK_LIMIT);
    const char *extra_path = getenv("MICROPYPATH");
    mpw_stdin_is_terminal = isatty(STDIN_FILENO);

    int status;
    if (argc >= 2 && strcmp(argv[1], "-c") == 0) {
        if (argc < 3) {
            fprintf(stderr, "micropython: -c needs an argument\n%s", usage);
            return 2;
        }
        char *code = argv[2];
        argv[2] = "-c";
        mpw_set_argv(argc - 2, argv + 2);
        mpw_set_path(NULL, extra_path);
        status = mpw_exec_str(code, strlen(code), "<string>", MP_PARSE_FILE_INPUT);
    } else if (argc >= 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        fputs(usage, stdout);
        return 0;
    } else if (argc >= 2 && argv[1][0] == '-' && argv[1][1] != '\0') {
        fprintf(stderr, "micropython: unknown option %s\n%s", argv[1], usage);
        return 2;
    } else if (argc >= 2 && strcmp(argv[1], "-") != 0) {
        const char *script = argv[1];
        if (access(script, R_OK) != 0) {
            fprintf(stderr, "micropython: can't open file '%s': [Errno %d] %s\n", script, errno, strerror(errno));
            return 2;
        }
        char *script_dir = dirname_of(script);
        mpw_set_argv(argc - 1, argv + 1);
        mpw_set_path(script_dir, extra_path);
        free(script_dir);
        status = mpw_exec_file(script);
    } else {
        mpw_set_argv(argc >= 2 ? argc - 1 : 1, argc >= 2 ? argv + 1 : (char *[]) {""});
        mpw_set_path(NULL, extra_path);
        if (argc < 2 && isatty(STDIN_FILENO)) {
            status = run_repl();
        } else {
            status = run_stdin();
        }
    }
    mpw_deinit();
    return status & 0xff;
}
