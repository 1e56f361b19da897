// MicroPython configuration shared by every build of the wasm port: the
// native unix-host build (gcc) and the WebAssembly builds (emcc).
// Variants add or override settings with -D defines (see variants/*.toml).

#include <stdint.h>
#include <alloca.h>
#include <errno.h>   // py/reader.c reads errno directly
#include <stdlib.h>  // malloc/free for the GC heap areas (MP_PLAT_ALLOC_HEAP)

#ifndef MICROPY_CONFIG_ROM_LEVEL
#define MICROPY_CONFIG_ROM_LEVEL (MICROPY_CONFIG_ROM_LEVEL_EVERYTHING)
#endif

// Language and runtime.
#define MICROPY_ENABLE_COMPILER (1)
#define MICROPY_ENABLE_GC (1)
#define MICROPY_ENABLE_FINALISER (1)
// `gc` is modules/gc.py over core/gc_module.c's `_gc`, not upstream's C module:
// its collect() is bytecode, so WebAssembly builds can collect before it returns.
#define MICROPY_PY_GC (0)
#define MICROPY_STACK_CHECK (1)
#define MICROPY_LONGINT_IMPL (MICROPY_LONGINT_IMPL_MPZ)
// One digit size on every target, matching what mpy-tool freezes for.
#define MPZ_DIG_SIZE (16)
#define MICROPY_FLOAT_IMPL (MICROPY_FLOAT_IMPL_DOUBLE)
#define MICROPY_ERROR_REPORTING (MICROPY_ERROR_REPORTING_DETAILED)
#define MICROPY_WARNINGS (1)
// Warnings and the like go to stderr, as in CPython.
extern const struct _mp_print_t mpw_stderr_print;
#define MICROPY_ERROR_PRINTER (&mpw_stderr_print)
#define MICROPY_ENABLE_SOURCE_LINE (1)
#define MICROPY_KBD_EXCEPTION (1)
#define MICROPY_ALLOC_PATH_MAX (256)
#define MICROPY_USE_INTERNAL_ERRNO (1)  // same errno values on host and wasm
#ifdef __EMSCRIPTEN__
#define MICROPY_PY_SYS_PLATFORM "webassembly"
// runPythonAsync: `await` in top-level code (mpjs_run.c sets it per compile).
#define MICROPY_COMP_ALLOW_TOP_LEVEL_AWAIT (1)
// `import asyncio` also puts asyncio on the JS event loop (mpjs_run.c).
#define mp_builtin___import__ mpw_builtin___import__
#else
#define MICROPY_PY_SYS_PLATFORM "linux"
#endif

// Importing .py and .mpy files from the (emscripten or host) file system.
#define MICROPY_ENABLE_EXTERNAL_IMPORT (1)
#define MICROPY_READER_POSIX (1)
#define MICROPY_PERSISTENT_CODE_LOAD (1)
#define MICROPY_PY_SYS_PATH (1)
#define MICROPY_PY_SYS_ARGV (1)
#define MICROPY_PY_SYS_EXIT (1)
#define MICROPY_PY_SYS_STDFILES (1)
#define MICROPY_PY_SYS_MAXSIZE (1)
#define MICROPY_PY_IO (1)
// input() is the port's own (core/input.c): CPython-like on piped stdin.
#define MICROPY_PY_BUILTINS_INPUT (0)
#define MICROPY_PORT_BUILTINS { MP_ROM_QSTR(MP_QSTR_input), MP_ROM_PTR(&mpw_input_obj) },
extern const struct _mp_obj_fun_builtin_var_t mpw_input_obj;

// Frozen modules (ports/wasm/modules/*.py), with their own qstr pool.
#define MICROPY_MODULE_FROZEN_MPY (1)
#define MICROPY_QSTR_EXTRA_POOL mp_qstr_frozen_const_pool

// REPL.
#define MICROPY_HELPER_REPL (1)
#define MICROPY_REPL_AUTO_INDENT (1)
#define MICROPY_REPL_EMACS_KEYS (1)
#define MICROPY_HAL_HAS_VT100 (1)
#define MICROPY_READLINE_HISTORY_SIZE (50)
// The REPL's banner and sys.implementation._machine name the platform and the
// compiler as upstream's unix port does ("linux [GCC 12.2.0] version"); clang
// (emcc) is named as itself, not by the GCC version it claims to be.
#if defined(__clang__)
#define MPW_COMPILER_NAME "Clang " MP_STRINGIFY(__clang_major__) "." MP_STRINGIFY(__clang_minor__) "." MP_STRINGIFY(__clang_patchlevel__)
#elif defined(__GNUC__)
#define MPW_COMPILER_NAME "GCC " MP_STRINGIFY(__GNUC__) "." MP_STRINGIFY(__GNUC_MINOR__) "." MP_STRINGIFY(__GNUC_PATCHLEVEL__)
#else
#define MPW_COMPILER_NAME "an unknown compiler"
#endif
#define MICROPY_BANNER_MACHINE MICROPY_PY_SYS_PLATFORM " [" MPW_COMPILER_NAME "] version"

// Upstream's extmod modules (json, re, random, os with the VFS, select, _asyncio,
// hashlib, binascii, heapq, deflate, platform, uctypes, framebuf) come from the
// ROM level: all of them in every variant but `minimal`, which switches most
// off in variants/minimal.toml. `time` is the port's own (core/modtime.c).
#define MICROPY_PY_TIME (0)
#define MICROPY_PY_MACHINE (0)
#define MICROPY_PY_HASHLIB_SHA256 (1)  // built-in sha256 only: no axtls/mbedtls
#define MICROPY_PY_OS_SEP (1)
// os.getenv/putenv/unsetenv (core/os_environ.c): a program can ask for the
// REPL after it ends (MICROPYINSPECT), as with upstream's unix port.
#define MICROPY_PY_OS_GETENV_PUTENV_UNSETENV (1)
extern const struct _mp_obj_fun_builtin_var_t mp_os_getenv_obj;
extern const struct _mp_obj_fun_builtin_fixed_t mp_os_putenv_obj;
extern const struct _mp_obj_fun_builtin_fixed_t mp_os_unsetenv_obj;
#ifndef MICROPY_PY_WEBSOCKET
#define MICROPY_PY_WEBSOCKET (1)  // the protocol over any stream (no sockets here)
#endif
// The file system through MicroPython's VFS: VfsPosix mounted at / at start-up
// (core/runtime.c) over the host's file system, or emscripten's in wasm. Its
// file objects are the port's own (core/file.c).
#define MICROPY_VFS (1)
#define MICROPY_VFS_POSIX (1)
#define MICROPY_READER_VFS (1)  // source and .mpy files are read through it too
// FAT and littlefs (v1, v2) file systems on block devices (a RAM disk, say),
// as in upstream's unix port; FatFs's time stamps come from core/fattime.c.
// Host builds only by default: in wasm they would add ~38 KB to the gzipped
// image (a variant can set these to 1).
#define FFCONF_H "lib/oofatfs/ffconf.h"
#ifdef __EMSCRIPTEN__
#define MPW_BLOCK_FILE_SYSTEMS (0)
#else
#define MPW_BLOCK_FILE_SYSTEMS (1)
#endif
#ifndef MICROPY_VFS_FAT
#define MICROPY_VFS_FAT (MPW_BLOCK_FILE_SYSTEMS)
#endif
#ifndef MICROPY_VFS_LFS1
#define MICROPY_VFS_LFS1 (MPW_BLOCK_FILE_SYSTEMS)
#endif
#ifndef MICROPY_VFS_LFS2
#define MICROPY_VFS_LFS2 (MPW_BLOCK_FILE_SYSTEMS)
#endif
#define MICROPY_EPOCH_IS_1970 (1)  // file systems' times count from 1970, as time.time()
#define MICROPY_FATFS_ENABLE_LFN (1)
#define MICROPY_FATFS_RPATH (2)
#define MICROPY_FATFS_MAX_SS (4096)
#define MICROPY_FATFS_LFN_CODE_PAGE 437
// random is seeded from the platform's entropy source (core/entropy.c) on import.
uint32_t mpw_random_seed(void);
#define MICROPY_PY_RANDOM_SEED_INIT_FUNC (mpw_random_seed())
// select.poll() waits in poll(2) for file descriptors (host: one system call;
// select.select is then unavailable, as in upstream's unix port).
#ifndef __EMSCRIPTEN__
#define MICROPY_PY_SELECT_POSIX_OPTIMISATIONS (1)
#define MICROPY_PY_SELECT_SELECT (0)
#endif

// sys and micropython features upstream's unix port has.
#define MICROPY_PY_SYS_ATEXIT (1)       // run by mpw_deinit() / mp_js_exit()
#define MICROPY_PY_SYS_EXC_INFO (1)
// sys.tracebacklimit (1000 frames), also in the smaller configurations: an
// exception's traceback length is a 16-bit field in 32-bit builds, which a
// stackless recursion that exhausts the Python stack (~25,000 frames) overflows.
#define MICROPY_PY_SYS_TRACEBACKLIMIT (1)
#define MICROPY_MALLOC_USES_ALLOCATED_SIZE (1)  // (needed by MICROPY_MEM_STATS)
#define MICROPY_MEM_STATS (1)           // micropython.mem_total/mem_current/mem_peak
#define MICROPY_ENABLE_EMERGENCY_EXCEPTION_BUF (1)
#define MICROPY_EMERGENCY_EXCEPTION_BUF_SIZE (256)

// Native code emitters (@micropython.native, @micropython.viper) in the host
// build on x86-64; machine code lives in executable mappings (unix/exec_memory.c).
#if defined(__x86_64__) && !defined(__EMSCRIPTEN__)
#define MICROPY_EMIT_X64 (1)
void mpw_alloc_exec(size_t min_size, void **ptr, size_t *size);
void mpw_free_exec(void *ptr, size_t size);
#define MP_PLAT_ALLOC_EXEC(min_size, ptr, size) mpw_alloc_exec(min_size, ptr, size)
#define MP_PLAT_FREE_EXEC(ptr, size) mpw_free_exec(ptr, size)
#endif

#ifdef __EMSCRIPTEN__
// JavaScript drives the REPL one key at a time.
#define MICROPY_REPL_EVENT_DRIVEN (1)
#define MICROPY_GC_SPLIT_HEAP (1)
#define MICROPY_GC_SPLIT_HEAP_AUTO (1)
#ifndef MPW_HEAP_LIMIT
#define MPW_HEAP_LIMIT (256 * 1024 * 1024)
#endif
// py/gc.c's sweep gives back heap areas through this: emscripten/gccollect.c keeps
// an area that still holds an object in its first block.
void mpw_gc_free_heap_area(void *area);
#define MP_PLAT_FREE_HEAP(area) mpw_gc_free_heap_area(area)
#define MICROPY_HW_BOARD_NAME "webassembly"
// Builds whose running code can suspend to wait for the JavaScript event loop
// (emscripten/event_loop.c): asyncify and jspi.
#define MPW_SUSPENDS (MPW_ASYNCIFY || MPW_JSPI)
// Modules in the preloaded data (ports/wasm/assets/lib) are importable.
#define MPW_ASSET_LIB_DIR "/assets/lib"
#if MPW_ASYNCIFY
// Running code yields to the event loop now and then (emscripten/event_loop.c).
extern int mpw_yield_countdown;
void mpw_yield_if_due(void);
#define MPW_VM_HOOK_YIELD \
    if (--mpw_yield_countdown <= 0) { \
        mpw_yield_if_due(); \
    }
#else
#define MPW_VM_HOOK_YIELD
#endif
// A long-running bytecode frame leaves the VM function now and then, its state
// saved as at a generator's yield, and mp_execute_bytecode resumes it at once
// (emscripten/vm_reentry.c). Engines switch a function to optimised code only for new
// calls, so without this a loop that started early would run on baseline code
// to the end.
#define MICROPY_WRAP_MP_EXECUTE_BYTECODE(f) mpw_vm_run_activation
extern int mpw_vm_reentry_countdown;
extern void *mpw_vm_reentry_state;
#define MPW_VM_RETURN_REENTER (3)  // after mp_vm_return_kind_t's NORMAL, YIELD, EXCEPTION
#define MPW_VM_HOOK_REENTRY \
    if (--mpw_vm_reentry_countdown <= 0) { \
        nlr_pop(); \
        code_state->ip = ip; \
        code_state->sp = sp; \
        code_state->exc_sp_idx = MP_CODE_STATE_EXC_SP_IDX_FROM_PTR(exc_stack, exc_sp); \
        mpw_vm_reentry_state = code_state; \
        return (mp_vm_return_kind_t)MPW_VM_RETURN_REENTER; \
    }
#define MICROPY_VM_HOOK_LOOP MPW_VM_HOOK_YIELD MPW_VM_HOOK_REENTRY
#else
#define MICROPY_HW_BOARD_NAME "host"
#endif

// Platform types.
typedef intptr_t mp_int_t;
typedef uintptr_t mp_uint_t;
typedef long mp_off_t;

#define MP_STATE_PORT MP_STATE_VM
#define MICROPY_HW_MCU_NAME "cpu"

// Command-line options of build/<variant>/micropython (unix/main.c, node/launcher.js),
// as upstream's unix port has them: `-v -v` prints each compiled function's
// bytecode, `-v` alone memory figures at exit (needs the debug printers); `-m
// module` runs the module with __name__ == '__main__' (needs the import override).
#ifndef MICROPY_DEBUG_PRINTERS
#define MICROPY_DEBUG_PRINTERS (1)
#endif
#define MICROPY_MODULE_OVERRIDE_MAIN_IMPORT (1)
