// Platform-neutral runtime of the wasm port (see runtime.h).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "py/builtin.h"
#include "py/compile.h"
#include "py/gc.h"
#include "py/lexer.h"
#include "py/mperrno.h"
#include "py/mphal.h"
#include "py/nlr.h"
#include "py/runtime.h"
#include "py/stackctrl.h"
#include "shared/readline/readline.h"
#include "extmod/vfs.h"
#include "extmod/vfs_posix.h"

#include "core/port_hooks.h"
#include "core/runtime.h"

static char *gc_heap;

// The whole file system (the host's, or emscripten's with /assets and the
// node launcher's host folders) as one VfsPosix at /, the current folder
// included, so that open(), import and os see the same files.
static void mount_file_system(void) {
    mp_obj_t args[2] = {
        MP_OBJ_TYPE_GET_SLOT(&mp_type_vfs_posix, make_new)(&mp_type_vfs_posix, 0, 0, NULL),
        MP_OBJ_NEW_QSTR(MP_QSTR__slash_),
    };
    mp_vfs_mount(2, args, (mp_map_t *)&mp_const_empty_map);
    MP_STATE_VM(vfs_cur) = MP_STATE_VM(vfs_mount_table);
}

// -X compile-only: runners compile the program and do not run it.
static bool compile_only = false;

#if MICROPY_ENABLE_PYSTACK
// Python frames live here in stackless builds; running out raises RuntimeError.
// Allocated at each start, of the size the runner asks for, else this (bytes).
#ifndef MPW_PYSTACK_SIZE
#define MPW_PYSTACK_SIZE (1024 * 1024)
#endif
static mp_obj_t *pystack;
#endif

static void stderr_print_strn(void *env, const char *str, size_t len) {
    (void)env;
    mpw_hal_stderr_tx_strn(str, len);
}

const mp_print_t mpw_stderr_print = {NULL, stderr_print_strn};

void mpw_init(size_t heap_size, size_t stack_limit, size_t pystack_size) {
    mp_stack_ctrl_init();
    mp_stack_set_limit(stack_limit);
    gc_heap = malloc(heap_size);
    if (gc_heap == NULL) {
        fprintf(stderr, "micropython: cannot allocate a %zu-byte heap\n", heap_size);
        exit(1);
    }
    gc_init(gc_heap, gc_heap + heap_size);
    mpw_gc_pace(heap_size);  // (when running code asks for collections: the target's gccollect.c)
    #if MICROPY_ENABLE_PYSTACK
    size_t pystack_words = (pystack_size != 0 ? pystack_size : MPW_PYSTACK_SIZE) / sizeof(mp_obj_t);
    pystack = malloc(pystack_words * sizeof(mp_obj_t));
    if (pystack == NULL) {
        fprintf(stderr, "micropython: cannot allocate a %zu-byte Python stack\n", pystack_words * sizeof(mp_obj_t));
        exit(1);
    }
    mp_pystack_init(pystack, pystack + pystack_words);
    #else
    (void)pystack_size;  // no Python stack: Python frames live on the C stack (stack_limit)
    #endif
    mp_init();
    readline_init0();  // (the history of an earlier heap is gone)
    mount_file_system();
}

void mpw_run_atexit(void) {
    #if MICROPY_PY_SYS_ATEXIT
    mp_obj_t function = MP_STATE_VM(sys_exitfunc);
    MP_STATE_VM(sys_exitfunc) = mp_const_none;
    if (mp_obj_is_callable(function)) {
        nlr_buf_t nlr;
        if (nlr_push(&nlr) == 0) {
            mp_call_function_0(function);
            nlr_pop();
        } else {
            mpw_report_uncaught(MP_OBJ_FROM_PTR(nlr.ret_val));
        }
    }
    #endif
}

void mpw_deinit(void) {
    mpw_run_atexit();
    mp_deinit();
    free(gc_heap);
    gc_heap = NULL;
    #if MICROPY_ENABLE_PYSTACK
    free(pystack);
    pystack = NULL;
    #endif
}

void mpw_set_argv(int argc, char **argv) {
    mp_obj_list_init(MP_OBJ_TO_PTR(mp_sys_argv), 0);
    for (int i = 0; i < argc; i++) {
        mp_obj_list_append(mp_sys_argv, mp_obj_new_str(argv[i], strlen(argv[i])));
    }
}

static void path_append(const char *entry, size_t len) {
    mp_obj_list_append(mp_sys_path, mp_obj_new_str(entry, len));
}

void mpw_set_path(const char *script_dir, const char *extra_path) {
    mp_obj_list_init(MP_OBJ_TO_PTR(mp_sys_path), 0);
    path_append(script_dir ? script_dir : "", script_dir ? strlen(script_dir) : 0);
    #if MICROPY_MODULE_FROZEN
    path_append(".frozen", 7);
    #endif
    #ifdef MPW_ASSET_LIB_DIR
    path_append(MPW_ASSET_LIB_DIR, strlen(MPW_ASSET_LIB_DIR));
    #endif
    // Extra entries, colon separated (as MICROPYPATH).
    while (extra_path != NULL && *extra_path != '\0') {
        const char *colon = strchr(extra_path, ':');
        size_t len = colon ? (size_t)(colon - extra_path) : strlen(extra_path);
        if (len > 0) {
            path_append(extra_path, len);
        }
        extra_path = colon ? colon + 1 : NULL;
    }
}

int mpw_report_uncaught(mp_obj_t exc) {
    const mp_obj_type_t *type = mp_obj_get_type(exc);
    if (mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(type), MP_OBJ_FROM_PTR(&mp_type_SystemExit))) {
        mp_obj_t code = mp_obj_exception_get_value(exc);
        if (code == mp_const_none) {
            return MPW_FORCED_EXIT;
        }
        mp_int_t status;
        if (mp_obj_get_int_maybe(code, &status)) {
            return MPW_FORCED_EXIT | (status & 0xff);
        }
        mp_obj_print_helper(&mpw_stderr_print, code, PRINT_STR);
        mp_print_str(&mpw_stderr_print, "\n");
        return MPW_FORCED_EXIT | 1;
    }
    mp_obj_print_exception(&mpw_stderr_print, exc);
    return 1;
}

static int exec_lexer(mp_lexer_t *lex, mp_parse_input_kind_t kind, bool is_file) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        qstr source_name = lex->source_name;
        if (is_file) {
            // The main script's __file__, as CPython sets it.
            mp_store_global(MP_QSTR___file__, MP_OBJ_NEW_QSTR(source_name));
        }
        mp_parse_tree_t parse_tree = mp_parse(lex, kind);
        mp_obj_t module_fun = mp_compile(&parse_tree, source_name, kind == MP_PARSE_SINGLE_INPUT);
        mp_hal_set_interrupt_char(CHAR_CTRL_C);
        if (!compile_only) {
            mp_call_function_0(module_fun);
        }
        mp_hal_set_interrupt_char(-1);
        mp_handle_pending(true);
        nlr_pop();
        return 0;
    }
    mp_hal_set_interrupt_char(-1);
    mp_handle_pending(false);
    return mpw_report_uncaught(MP_OBJ_FROM_PTR(nlr.ret_val));
}

int mpw_exec_str(const char *source, size_t len, const char *source_name, mp_parse_input_kind_t kind) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_lexer_t *lex = mp_lexer_new_from_str_len(qstr_from_str(source_name), source, len, 0);
        nlr_pop();
        return exec_lexer(lex, kind, false);
    }
    return mpw_report_uncaught(MP_OBJ_FROM_PTR(nlr.ret_val));
}

int mpw_exec_file(const char *path) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_lexer_t *lex = mp_lexer_new_from_file(qstr_from_str(path));
        nlr_pop();
        return exec_lexer(lex, MP_PARSE_FILE_INPUT, true);
    }
    return mpw_report_uncaught(MP_OBJ_FROM_PTR(nlr.ret_val));
}

int mpw_exec_module(const char *name) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        // __import__'s fourth argument False is upstream's sign for "load the
        // leaf module as __main__" (MICROPY_MODULE_OVERRIDE_MAIN_IMPORT).
        mp_obj_t import_args[4] = {mp_obj_new_str(name, strlen(name)), mp_const_none, mp_const_none, mp_const_false};
        mp_obj_t module = mp_builtin___import__(MP_ARRAY_SIZE(import_args), import_args);
        mp_obj_t path_attr[2];
        mp_load_method_protected(module, MP_QSTR___path__, path_attr, true);
        if (path_attr[0] != MP_OBJ_NULL) {
            // A package: its __init__ ran under its own name; now NAME.__main__.
            vstr_t main_name;
            vstr_init(&main_name, strlen(name) + sizeof(".__main__"));
            vstr_add_str(&main_name, name);
            vstr_add_str(&main_name, ".__main__");
            import_args[0] = mp_obj_new_str_from_vstr(&main_name);
            mp_builtin___import__(MP_ARRAY_SIZE(import_args), import_args);
        }
        mp_handle_pending(true);
        nlr_pop();
        return 0;
    }
    mp_handle_pending(false);
    return mpw_report_uncaught(MP_OBJ_FROM_PTR(nlr.ret_val));
}

const char *mpw_set_code_options(const char *emit, unsigned optimise, unsigned verbose, bool compile_only_wanted) {
    uint8_t emit_opt = MP_EMIT_OPT_NONE;  // (no -X emit=: bytecode, unless decorated)
    if (emit != NULL && strcmp(emit, "bytecode") == 0) {
        emit_opt = MP_EMIT_OPT_BYTECODE;
    } else if (emit != NULL && (strcmp(emit, "native") == 0 || strcmp(emit, "viper") == 0)) {
        #if MICROPY_EMIT_NATIVE
        emit_opt = emit[0] == 'n' ? MP_EMIT_OPT_NATIVE_PYTHON : MP_EMIT_OPT_VIPER;
        #else
        return "this build has no native code emitter (MICROPY_EMIT_NATIVE): only -X emit=bytecode";
        #endif
    } else if (emit != NULL) {
        return "unknown code emitter: use -X emit=bytecode, native or viper";
    }
    #if MICROPY_EMIT_NATIVE
    MP_STATE_VM(default_emit_opt) = emit_opt;
    #else
    (void)emit_opt;
    #endif
    MP_STATE_VM(mp_optimise_value) = optimise;
    #if MICROPY_DEBUG_PRINTERS
    mp_verbose_flag = verbose;
    #else
    if (verbose > 0) {
        return "this build cannot print what -v shows (MICROPY_DEBUG_PRINTERS)";
    }
    #endif
    compile_only = compile_only_wanted;
    return NULL;
}

bool mpw_inspect_requested(void) {
    const char *inspect = getenv("MICROPYINSPECT");
    return inspect != NULL && inspect[0] != '\0';
}

// Hooks the MicroPython core needs from every port (mp_import_stat and open
// are the VFS's).

void nlr_jump_fail(void *val) {
    fprintf(stderr, "FATAL: uncaught NLR %p\n", val);
    abort();
}
