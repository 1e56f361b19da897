// HAL over POSIX: stdio on file descriptors 0/1/2 and monotonic clocks.
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "py/mphal.h"
#include "py/runtime.h"
#include "py/stream.h"
#include "shared/readline/readline.h"

#include "core/port_hooks.h"

static void write_all(int fd, const char *str, size_t len) {
    while (len > 0) {
        ssize_t written = write(fd, str, len);
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            return;
        }
        str += written;
        len -= (size_t)written;
    }
}

mp_uint_t mp_hal_stdout_tx_strn(const char *str, size_t len) {
    write_all(STDOUT_FILENO, str, len);
    return len;
}

// The terminal (or the page's terminal) translates newlines itself, so
// "cooked" output is the raw bytes, as on CPython.
void mp_hal_stdout_tx_strn_cooked(const char *str, size_t len) {
    write_all(STDOUT_FILENO, str, len);
}

void mp_hal_stdout_tx_str(const char *str) {
    write_all(STDOUT_FILENO, str, strlen(str));
}

void mpw_hal_stderr_tx_strn(const char *str, size_t len) {
    write_all(STDERR_FILENO, str, len);
}

int mp_hal_stdin_rx_chr(void) {
    #if MPW_SUSPENDS
    // Wait for a key without blocking the page.
    int key = mpw_event_loop_read_char();
    return key < 0 ? CHAR_CTRL_D : key;
    #endif
    static unsigned ends_seen = 0;
    for (;;) {
        unsigned char c;
        ssize_t got = read(STDIN_FILENO, &c, 1);
        if (got == 1) {
            ends_seen = 0;
            // The line editor takes '\r' as Enter (what a raw terminal sends);
            // lines from a pipe (`micropython -i` fed by one) end in '\n'.
            return c == '\n' ? '\r' : c;
        }
        if (got == 0 || errno != EINTR) {
            // End of input ends the REPL like Ctrl-D. On an unfinished line
            // Ctrl-D only edits, so the next call enters the line instead.
            return ends_seen++ % 2 == 0 ? CHAR_CTRL_D : '\r';
        }
        // Interrupted by a signal (Ctrl-C): let pending exceptions surface.
        mp_handle_pending(true);
    }
}

uintptr_t mp_hal_stdio_poll(uintptr_t poll_flags) {
    uintptr_t ready = poll_flags & MP_STREAM_POLL_WR;
    if (poll_flags & MP_STREAM_POLL_RD) {
        struct pollfd pfd = {STDIN_FILENO, POLLIN, 0};
        if (poll(&pfd, 1, 0) > 0 && (pfd.revents & (POLLIN | POLLHUP))) {
            ready |= MP_STREAM_POLL_RD;
        }
    }
    return ready;
}

static uint64_t monotonic_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

mp_uint_t mp_hal_ticks_ms(void) {
    return (mp_uint_t)(monotonic_ns() / 1000000u);
}

mp_uint_t mp_hal_ticks_us(void) {
    return (mp_uint_t)(monotonic_ns() / 1000u);
}

mp_uint_t mp_hal_ticks_cpu(void) {
    return (mp_uint_t)monotonic_ns();
}

uint64_t mp_hal_time_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void mp_hal_delay_us(mp_uint_t us) {
    // Sleep in slices so that Ctrl-C (a pending KeyboardInterrupt) is seen.
    uint64_t end = monotonic_ns() + (uint64_t)us * 1000u;
    for (;;) {
        uint64_t now = monotonic_ns();
        if (now >= end) {
            return;
        }
        uint64_t left = end - now;
        if (left > 10000000u) {
            left = 10000000u;
        }
        #if MPW_SUSPENDS
        mpw_event_loop_sleep_ms((mp_uint_t)(left / 1000000u));
        #else
        struct timespec ts = {(time_t)(left / 1000000000u), (long)(left % 1000000000u)};
        nanosleep(&ts, NULL);
        #endif
        mp_handle_pending(true);
    }
}

void mp_hal_delay_ms(mp_uint_t ms) {
    mp_hal_delay_us(ms * 1000u);
}
