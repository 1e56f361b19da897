// The port's platform-neutral runtime: start-up, running code, and turning
// Python's outcome (normal end, SystemExit, uncaught exception) into an exit status.
#ifndef MICROPY_INCLUDED_WASM_RUNTIME_H
#define MICROPY_INCLUDED_WASM_RUNTIME_H

#include <stddef.h>

#include "py/obj.h"
#include "py/parse.h"

// Set in a returned status when the program asked to stop (SystemExit):
// a REPL or a page runner stops taking input.
#define MPW_FORCED_EXIT (0x100)

// Start-up mounts the file system (a VfsPosix at /); shutting down runs
// sys.atexit's function first. pystack_size: bytes of the Python stack in
// builds that have one (MICROPY_ENABLE_PYSTACK), 0 for the build's
// MPW_PYSTACK_SIZE; builds without one ignore it.
void mpw_init(size_t heap_size, size_t stack_limit, size_t pystack_size);
void mpw_deinit(void);

// sys.atexit's function, once (later calls do nothing until it is set again):
// the program ends. An exception in it is reported; no status changes.
void mpw_run_atexit(void);

// sys.argv = argv[0..argc); sys.path[0] = script_dir (or "" when NULL).
void mpw_set_argv(int argc, char **argv);
void mpw_set_path(const char *script_dir, const char *extra_path);

// Run source text or a file; returns an exit status (0 ok, 1 uncaught
// exception, or SystemExit's code), or'ed with MPW_FORCED_EXIT on SystemExit.
int mpw_exec_str(const char *source, size_t len, const char *source_name, mp_parse_input_kind_t kind);
int mpw_exec_file(const char *path);
// Import `name` as __main__ (`micropython -m name`); a package runs its
// __main__ submodule. Same statuses.
int mpw_exec_module(const char *name);

// The command line's code settings (-X emit=NAME, -O, -v, -X compile-only),
// after mpw_init. emit is "bytecode", "native", "viper" or NULL (the
// default). Returns NULL, or what this build cannot do, for the user.
const char *mpw_set_code_options(const char *emit, unsigned optimise, unsigned verbose, bool compile_only);

// Print an uncaught exception the way the CLI reports it; return its status.
int mpw_report_uncaught(mp_obj_t exc);

// Whether MICROPYINSPECT is set (non-empty) in the environment now: a REPL
// follows the program (as -i), also when the program set it (os.putenv).
bool mpw_inspect_requested(void);

// Whether input() edits lines on a terminal (else it reads plain lines).
extern bool mpw_stdin_is_terminal;

// The print sink for diagnostics (stderr).
extern const mp_print_t mpw_stderr_print;

#endif
