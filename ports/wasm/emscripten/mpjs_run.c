/*
 * Module.mpjs's entry points (runPython, runPythonAsync, pyimport,
 * registerJsModule; library_mpjs_api.js calls them), the runtime's (re)start,
 * and asyncio's wake-up whenever JavaScript regains control
 * (ports/wasm/optional_modules/_mpjs_asyncio.py).
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

// Rule numbers of the parse tree, as py/parse.c numbers them (rules with a
// compile function first): only those named below are needed.
enum {
    #define DEF_RULE(rule, comp, kind, ...) MPJS_RULE_##rule,
    #define DEF_RULE_NC(rule, kind, ...)
    #include "py/grammar.h"
    #undef DEF_RULE
    #undef DEF_RULE_NC
};

// The node of the code's last statement (through `a; b` and the statement
// list of the file), or NULL for empty code.
static mp_parse_node_t *last_statement(mp_parse_node_t *pn) {
    while (MP_PARSE_NODE_IS_STRUCT_KIND(*pn, MPJS_RULE_file_input_2)
           || MP_PARSE_NODE_IS_STRUCT_KIND(*pn, MPJS_RULE_simple_stmt_2)) {
        mp_parse_node_struct_t *list = (mp_parse_node_struct_t *)*pn;
        size_t n = MP_PARSE_NODE_STRUCT_NUM_NODES(list);
        while (n > 0 && (MP_PARSE_NODE_IS_NULL(list->nodes[n - 1]) || MP_PARSE_NODE_IS_TOKEN(list->nodes[n - 1]))) {
            n--;  // the NEWLINE tokens of blank lines
        }
        if (n == 0) {
            return NULL;
        }
        pn = &list->nodes[n - 1];
    }
    return MP_PARSE_NODE_IS_NULL(*pn) ? NULL : pn;
}

// When the last statement is an expression statement, it becomes the
// assignment `__mpjs_last__ = expression` (take_last reads it): the parser
// decides what the last statement is, so comments, strings, `a; b` and
// blocks are what Python says they are. Returns false when the parser left a
// `pass` there, which is also what it makes of a constant expression
// statement (a "lonely constant", see py/parse.c): compile_run then asks the
// lexer which of the two it was.
static bool keep_last_expression(mp_parse_tree_t *tree) {
    mp_parse_node_t *pn = last_statement(&tree->root);
    if (pn != NULL && MP_PARSE_NODE_IS_STRUCT_KIND(*pn, MPJS_RULE_pass_stmt)) {
        return false;
    }
    if (pn == NULL || !MP_PARSE_NODE_IS_STRUCT_KIND(*pn, MPJS_RULE_expr_stmt)) {
        return true;
    }
    mp_parse_node_struct_t *stmt = (mp_parse_node_struct_t *)*pn;
    if (!MP_PARSE_NODE_IS_NULL(stmt->nodes[1])) {
        return true;  // an assignment (=, +=, annotated) already
    }
    // (an expr_stmt's two nodes are target and value, as the compiler reads `x = value`)
    stmt->nodes[1] = stmt->nodes[0];
    stmt->nodes[0] = mp_parse_node_new_leaf(MP_PARSE_NODE_ID, MP_QSTR___mpjs_last__);
    return true;
}

// Where the last statement at the top level of the code starts, as a byte
// offset (-1 when it is `pass`): the lexer's tokens give its line and
// column, counted as the lexer counts them (tabs to the next multiple of 8).
static mp_int_t last_statement_offset(qstr source_name, const char *code, size_t len) {
    mp_lexer_t *lex = mp_lexer_new_from_str_len(source_name, code, len, 0);
    size_t line = 0, column = 0, depth = 0;
    bool at_start = true, is_pass = false;
    for (; lex->tok_kind != MP_TOKEN_END; mp_lexer_to_next(lex)) {
        mp_token_kind_t kind = lex->tok_kind;
        if (kind == MP_TOKEN_INDENT) {
            depth++;
        } else if (kind == MP_TOKEN_DEDENT) {
            depth--;
        } else if (kind == MP_TOKEN_NEWLINE || kind == MP_TOKEN_DEL_SEMICOLON) {
            at_start = true;
        } else if (at_start) {
            at_start = false;
            if (depth == 0) {
                line = lex->tok_line;
                column = lex->tok_column;
                is_pass = kind == MP_TOKEN_KW_PASS;
            }
        }
    }
    mp_lexer_free(lex);
    if (is_pass || line == 0) {
        return -1;
    }
    size_t offset = 0, at_line = 1, at_column = 1;
    while (offset < len && (at_line < line || at_column < column)) {
        char c = code[offset++];
        if (c == '\n' || (c == '\r' && !(offset < len && code[offset] == '\n'))) {
            at_line++;
            at_column = 1;
        } else if (c == '\t') {
            at_column = ((at_column - 1 + 8) / 8) * 8 + 1;
        } else if (c != '\r') {
            at_column++;
        }
    }
    return offset;
}

static mp_obj_t compile_tree(mp_parse_tree_t *tree, qstr source_name, bool allow_await) {
    #if MICROPY_COMP_ALLOW_TOP_LEVEL_AWAIT
    mp_compile_allow_top_level_await = allow_await;
    #endif
    mp_obj_t fun = mp_compile(tree, source_name, false);
    #if MICROPY_COMP_ALLOW_TOP_LEVEL_AWAIT
    mp_compile_allow_top_level_await = false;
    #endif
    return fun;
}

// The code compiled as __main__'s top-level code, keeping the value of its
// last expression (allow_await: top-level await, for runPythonAsync).
static mp_obj_t compile_run(const char *code, bool allow_await) {
    size_t len = strlen(code);
    qstr source_name = qstr_from_str(MPJS_SOURCE_NAME);
    mp_parse_tree_t tree = mp_parse(mp_lexer_new_from_str_len(source_name, code, len, 0), MP_PARSE_FILE_INPUT);
    if (keep_last_expression(&tree)) {
        return compile_tree(&tree, source_name, allow_await);
    }
    mp_int_t offset = last_statement_offset(source_name, code, len);
    if (offset < 0) {
        return compile_tree(&tree, source_name, allow_await);  // a real `pass`
    }
    // A constant: the same code with `__mpjs_last__ = ` before it (same lines).
    mp_parse_tree_clear(&tree);
    static const char assign[] = "__mpjs_last__ = ";
    vstr_t text;
    vstr_init(&text, len + sizeof(assign));
    vstr_add_strn(&text, code, offset);
    vstr_add_str(&text, assign);
    vstr_add_strn(&text, code + offset, len - offset);
    mp_lexer_t *lex = mp_lexer_new_from_str_len(source_name, vstr_str(&text), vstr_len(&text), 0);
    tree = mp_parse(lex, MP_PARSE_FILE_INPUT);
    mp_obj_t fun = compile_tree(&tree, source_name, allow_await);
    vstr_clear(&text);
    return fun;
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

// wake_asyncio: run asyncio's wake-up (Python) before the entry ends, so that in asyncify it cannot
// suspend either (a yield falling due there unwound a synchronous call).
static void entry_end(mpjs_entry_t *entry, bool wake_asyncio) {
    mpw_run_depth -= 1;
    if (wake_asyncio) {
        mpjs_wake_asyncio();
    }
    #if MPW_ASYNCIFY
    mpw_yield_countdown = entry->countdown;
    mpw_callback_depth -= 1;
    #else
    (void)entry;
    #endif
}

// runPython / runPythonAsync (allow_await: top-level await; the code is then a
// coroutine, handed to JS as a Promise with MPJS_YIELDED).
EMSCRIPTEN_KEEPALIVE void mpjs_run(const char *code, int allow_await,
    mpjs_value_t *out, int32_t *status) {
    mpjs_entry_t entry;
    entry_start(&entry);
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t fun = compile_run(code, allow_await != 0);
        mp_hal_set_interrupt_char(3);  // top-level code starts (see main.c)
        mp_obj_t result = mp_call_function_0(fun);
        mp_hal_set_interrupt_char(-1);
        mp_handle_pending(true);
        if (allow_await && mp_obj_is_type(result, &mp_type_gen_instance)) {
            // Top-level await: the code runs as an asyncio task (a JS Promise)
            // where asyncio exists, else as a bare coroutine (MPJS.drive).
            mp_obj_t asyncio = import_optional(MP_QSTR__mpjs_asyncio);
            if (asyncio != MP_OBJ_NULL) {
                result = mp_call_function_2(mp_load_attr(asyncio, MP_QSTR_top_level), result, mp_const_true);
            }
            mpjs_value_from_py(result, out);  // (a JsProxy: the Promise itself)
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
    entry_end(&entry, true);
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
    entry_end(&entry, false);
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
