/*
 * Module.mpjs's entry points (runPython, runPythonAsync, pyimport,
 * registerJsModule; library_mpjs_api.js calls them), the runtime's (re)start,
 * and asyncio's wake-up whenever JavaScript regains control
 * (ports/wasm/modules/_mpjs_asyncio.py).
 */
#include <emscripten.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "py/builtin.h"
#include "py/compile.h"
#include "py/gc.h"
#include "py/mphal.h"
#include "py/objexcept.h"
#include "py/objstr.h"
#include "py/parsenum.h"
#include "py/runtime.h"
#include "py/smallint.h"
#include "py/stackctrl.h"

#include "core/runtime.h"
#include "emscripten/modjs.h"
#include "emscripten/vm_reentry.h"
#include "emscripten/mpjs.h"

/******************************************************************************/
// Module.mpjs's entry points (library_mpjs_api.js, MPJS.makeApi): each writes its
// result to *out and a status (MPJS_OK, MPJS_MISSING for "no value",
// MPJS_THROWN with a PythonError, MPJS_YIELDED for a coroutine) to *status.
// JS reads *out before the next collection (mpjs_idle).

#define MPJS_SOURCE_NAME "<stdin>"

static mp_obj_t compile_str(const char *code, bool allow_await) {
    mp_lexer_t *lex = mp_lexer_new_from_str_len(qstr_from_str(MPJS_SOURCE_NAME), code, strlen(code), 0);
    mp_parse_tree_t tree = mp_parse(lex, MP_PARSE_FILE_INPUT);
    #if MICROPY_COMP_ALLOW_TOP_LEVEL_AWAIT
    mp_compile_allow_top_level_await = allow_await;
    #endif
    mp_obj_t fun = mp_compile(&tree, lex->source_name, false);
    #if MICROPY_COMP_ALLOW_TOP_LEVEL_AWAIT
    mp_compile_allow_top_level_await = false;
    #endif
    return fun;
}

// The code with its last expression's value assigned to __mpjs_last__ (see
// MPJS.lastExpressionForm), else the code as written.
static mp_obj_t compile_run(const char *with_last, const char *code, bool allow_await) {
    if (with_last[0] != '\0') {
        nlr_buf_t nlr;
        if (nlr_push(&nlr) == 0) {
            mp_obj_t fun = compile_str(with_last, allow_await);
            nlr_pop();
            return fun;
        }
        #if MICROPY_COMP_ALLOW_TOP_LEVEL_AWAIT
        mp_compile_allow_top_level_await = false;
        #endif
        // not an expression after all: the code as it is (its own errors)
    }
    return compile_str(code, allow_await);
}

// The module, or MP_OBJ_NULL when this build has no such module.
static mp_obj_t import_optional(qstr name) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t module = mp_import_name(name, mp_const_none, MP_OBJ_NEW_SMALL_INT(0));
        nlr_pop();
        return module;
    }
    if (!mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(((mp_obj_base_t *)nlr.ret_val)->type), MP_OBJ_FROM_PTR(&mp_type_ImportError))) {
        nlr_jump(nlr.ret_val);
    }
    return MP_OBJ_NULL;
}

// JavaScript regains control: asyncio (if loaded) schedules its next step
// (_mpjs_asyncio.wake). Every entry point from JS calls this as it returns.
void mpjs_wake_asyncio(void) {
    if (mpw_run_depth != 0) {
        return;  // Python still runs below
    }
    mp_map_elem_t *elem = mp_map_lookup(&MP_STATE_VM(mp_loaded_modules_dict).map,
        MP_OBJ_NEW_QSTR(MP_QSTR__mpjs_asyncio), MP_MAP_LOOKUP);
    if (elem == NULL) {
        return;
    }
    mpw_run_depth += 1;
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_call_function_0(mp_load_attr(elem->value, MP_QSTR_wake));
        nlr_pop();
    } else {
        mp_obj_print_exception(&mp_plat_print, MP_OBJ_FROM_PTR(nlr.ret_val));
    }
    mpw_run_depth -= 1;
}

// `import asyncio` (the first, in each runtime) also imports _mpjs_asyncio,
// which puts asyncio's tasks on the JS event loop (mpconfigport.h makes this
// the __import__ of WebAssembly builds).
mp_obj_t mpw_builtin___import__(size_t n_args, const mp_obj_t *args) {
    mp_obj_t module = mp_builtin___import___default(n_args, args);
    size_t len;
    const char *name = mp_obj_str_get_data(args[0], &len);
    if (len >= 7 && memcmp(name, "asyncio", 7) == 0 && (len == 7 || name[7] == '.')
        && (n_args < 5 || MP_OBJ_SMALL_INT_VALUE(args[4]) == 0)
        && mp_map_lookup(&MP_STATE_VM(mp_loaded_modules_dict).map, MP_OBJ_NEW_QSTR(MP_QSTR__mpjs_asyncio), MP_MAP_LOOKUP) == NULL) {
        import_optional(MP_QSTR__mpjs_asyncio);
    }
    return module;
}

// __main__'s __mpjs_last__, taken out: the value the run ends with.
static void take_last(mpjs_value_t *out, int32_t *status) {
    mp_map_elem_t *elem = mp_map_lookup(&MP_STATE_VM(dict_main).map, MP_OBJ_NEW_QSTR(MP_QSTR___mpjs_last__),
        MP_MAP_LOOKUP_REMOVE_IF_FOUND);
    if (elem == NULL) {
        memset(out, 0, sizeof(*out));
        *status = MPJS_MISSING;
        return;
    }
    mpjs_value_from_py(elem->value, out);
    *status = MPJS_OK;
}

// Module.mpjs's calls are synchronous, as callbacks are: in asyncify builds
// they never suspend (time.sleep blocks, no periodic yield), so they also work
// while a run of the launcher or the page is suspended. Elsewhere they are
// top-level runs (their top-level code collects garbage between branches).
typedef struct _mpjs_entry_t {
    #if MPW_ASYNCIFY
    int countdown;
    #else
    int unused;
    #endif
} mpjs_entry_t;

static void entry_start(mpjs_entry_t *entry) {
    mpw_run_depth += 1;
    if (mpw_run_depth == 1) {
        mpw_vm_note_run_start();
    }
    #if MPW_ASYNCIFY
    // (so, as callbacks, they collect garbage only when they return)
    mpw_callback_depth += 1;
    entry->countdown = mpw_yield_countdown;
    mpw_yield_countdown = INT_MAX;
    #else
    (void)entry;
    #endif
}

static void entry_end(mpjs_entry_t *entry) {
    #if MPW_ASYNCIFY
    mpw_yield_countdown = entry->countdown;
    mpw_callback_depth -= 1;
    #else
    (void)entry;
    #endif
    mpw_run_depth -= 1;
}

// runPython / runPythonAsync (allow_await: top-level await; the code is then a
// coroutine, handed to JS as a Promise with MPJS_YIELDED).
EMSCRIPTEN_KEEPALIVE void mpjs_run(const char *with_last, const char *code, int allow_await,
    mpjs_value_t *out, int32_t *status) {
    mpjs_entry_t entry;
    entry_start(&entry);
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t fun = compile_run(with_last, code, allow_await != 0);
        mp_hal_set_interrupt_char(3);  // top-level code starts (see main.c)
        mp_obj_t result = mp_call_function_0(fun);
        mp_hal_set_interrupt_char(-1);
        mp_handle_pending(true);
        if (allow_await && mp_obj_is_type(result, &mp_type_gen_instance)) {
            // Top-level await: the code runs as an asyncio task (a JS Promise)
            // where asyncio exists, else as a bare coroutine (MPJS.drive).
            import_optional(MP_QSTR__mpjs_asyncio);
            mpjs_value_from_py(result, out);  // (then the task's Promise)
            *status = MPJS_YIELDED;
        } else {
            take_last(out, status);
        }
        nlr_pop();
    } else {
        #if MICROPY_COMP_ALLOW_TOP_LEVEL_AWAIT
        mp_compile_allow_top_level_await = false;
        #endif
        mp_hal_set_interrupt_char(-1);
        mpjs_report_exception(MP_OBJ_FROM_PTR(nlr.ret_val), out);
        *status = MPJS_THROWN;
    }
    entry_end(&entry);
    mpjs_wake_asyncio();
}

// After a runPythonAsync coroutine finished: its last expression's value.
EMSCRIPTEN_KEEPALIVE void mpjs_take_last(mpjs_value_t *out, int32_t *status) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        take_last(out, status);
        nlr_pop();
    } else {
        mpjs_report_exception(MP_OBJ_FROM_PTR(nlr.ret_val), out);
        *status = MPJS_THROWN;
    }
}

// pyimport(name): the module (the leaf of a dotted name).
EMSCRIPTEN_KEEPALIVE void mpjs_import(const char *name, mpjs_value_t *out, int32_t *status) {
    mpjs_entry_t entry;
    entry_start(&entry);
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t name_obj = mp_obj_new_str(name, strlen(name));
        mp_obj_t fromlist = mp_obj_new_tuple(1, &name_obj);
        mp_obj_t args[5] = {name_obj, mp_const_none, mp_const_none, fromlist, MP_OBJ_NEW_SMALL_INT(0)};
        mpjs_value_from_py(mp_builtin___import__(5, args), out);
        *status = MPJS_OK;
        nlr_pop();
    } else {
        mpjs_report_exception(MP_OBJ_FROM_PTR(nlr.ret_val), out);
        *status = MPJS_THROWN;
    }
    entry_end(&entry);
}

// registerJsModule(name, object): `import name` gives the object's JsProxy.
EMSCRIPTEN_KEEPALIVE void mpjs_register_module(const char *name, mpjs_value_t *module, mpjs_value_t *out, int32_t *status) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t proxy = mpjs_value_to_py(module);
        mp_obj_dict_store(MP_OBJ_FROM_PTR(&MP_STATE_VM(mp_loaded_modules_dict)), mp_obj_new_str(name, strlen(name)), proxy);
        memset(out, 0, sizeof(*out));
        *status = MPJS_OK;
        nlr_pop();
    } else {
        mpjs_report_exception(MP_OBJ_FROM_PTR(nlr.ret_val), out);
        *status = MPJS_THROWN;
    }
}

// The runtime (re)started (mp_js_init): nothing JS referenced survives; a new Module.mpjs.
void mpjs_runtime_started(void) {
    MP_STATE_VM(mpjs_pyrefs) = mp_obj_new_dict(0);
    mpjs_js_reset();
    mpjs_js_make_api();
}
