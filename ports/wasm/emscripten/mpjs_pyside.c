/*
 * Calls from JavaScript into Python: what a PyProxy does (call, str, repr,
 * attributes/keys, iteration, resuming a coroutine, a deep copy), driven by
 * library_mpjs_pyproxy.js.
 *
 *   Callbacks from JS are runs of Python of their own (see mpw_run_depth in
 *   modjs.h), nested when JS makes them while Python waits for JS: nested runs
 *   never collect garbage. When a callback called from the event loop returns,
 *   the runtime collects (without asyncify, with the end of scripts, the only
 *   times it can) and asyncio schedules its next step. In asyncify builds
 *   callbacks never collect (a full heap raises MemoryError) nor yield to the
 *   event loop: they must not call time.sleep() or input(), which throw an
 *   Error in JS.
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
// Calls from JavaScript into Python

static mp_obj_t str_of(mp_obj_t obj, mp_print_kind_t kind) {
    vstr_t vstr;
    mp_print_t print;
    vstr_init_print(&vstr, 16, &print);
    if (kind == PRINT_EXC) {
        mp_obj_print_exception(&print, obj);
    } else {
        mp_obj_print_helper(&print, obj, kind);
    }
    return mp_obj_new_str_from_utf8_vstr(&vstr);
}

// str() of an exception, or of its traceback, or a stand-in if that fails.
static mp_obj_t str_of_protected(mp_obj_t obj, mp_print_kind_t kind) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t result = str_of(obj, kind);
        nlr_pop();
        return result;
    }
    return MP_OBJ_NEW_QSTR(MP_QSTR_);
}

// The traceback text as mp_obj_print_exception prints it, without the frames
// of _mpjs_asyncio (the task runner an exception of a task passes through).
static mp_obj_t traceback_text(mp_obj_t exc) {
    vstr_t vstr;
    mp_print_t print;
    vstr_init_print(&vstr, 64, &print);
    size_t n, *values;
    mp_obj_exception_get_traceback(exc, &n, &values);
    if (n > 0) {
        mp_print_str(&print, "Traceback (most recent call last):\n");
        for (int i = n - 3; i >= 0; i -= 3) {
            if (strcmp(qstr_str(values[i]), "_mpjs_asyncio.py") == 0) {
                continue;
            }
            mp_printf(&print, "  File \"%q\", line %d", values[i], (int)values[i + 1]);
            if (values[i + 2] == MP_QSTRnull) {
                mp_print_str(&print, "\n");
            } else {
                mp_printf(&print, ", in %q\n", values[i + 2]);
            }
        }
    }
    mp_obj_print_helper(&print, exc, PRINT_EXC);
    mp_print_str(&print, "\n");
    return mp_obj_new_str_from_utf8_vstr(&vstr);
}

static mp_obj_t traceback_text_protected(mp_obj_t exc) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t result = traceback_text(exc);
        nlr_pop();
        return result;
    }
    return MP_OBJ_NEW_QSTR(MP_QSTR_);
}

// (type name, message, traceback text) of an exception, for its JS PythonError.
static mp_obj_t exc_info(mp_obj_t exc) {
    mp_obj_t items[3] = {
        MP_OBJ_NEW_QSTR(mp_obj_get_type(exc)->name),
        str_of_protected(exc, PRINT_STR),
        traceback_text_protected(exc),
    };
    return mp_obj_new_tuple(3, items);
}

// A PyProxy's properties: a dict's keys, else the object's attributes.
// key_lookup gives MP_OBJ_NULL when there is no such key/attribute.
static mp_obj_t key_lookup(mp_obj_t target, mp_obj_t key) {
    if (mp_obj_is_dict_or_ordereddict(target)) {
        mp_map_elem_t *elem = mp_map_lookup(mp_obj_dict_get_map(target), key, MP_MAP_LOOKUP);
        return elem != NULL ? elem->value : MP_OBJ_NULL;
    }
    size_t len;
    const char *name = mp_obj_str_get_data(key, &len);
    qstr attr = qstr_find_strn(name, len);  // attribute names are interned
    if (attr == MP_QSTRnull) {
        return MP_OBJ_NULL;
    }
    mp_obj_t dest[2];
    mp_load_method_protected(target, attr, dest, true);
    if (dest[0] == MP_OBJ_NULL) {
        return MP_OBJ_NULL;
    }
    return dest[1] == MP_OBJ_NULL ? dest[0] : mp_obj_new_bound_meth(dest[0], dest[1]);
}

// value MP_OBJ_NULL: delete. Raises when it can't (the trap then says false).
static void key_store(mp_obj_t target, mp_obj_t key, mp_obj_t value) {
    if (mp_obj_is_dict_or_ordereddict(target)) {
        if (value == MP_OBJ_NULL) {
            mp_obj_dict_delete(target, key);
        } else {
            mp_obj_dict_store(target, key, value);
        }
        return;
    }
    size_t len;
    const char *name = mp_obj_str_get_data(key, &len);
    qstr attr = qstr_from_strn(name, len);
    if (value == MP_OBJ_NULL) {
        mp_store_attr(target, attr, MP_OBJ_NULL);  // (a null value deletes)
    } else {
        mp_store_attr(target, attr, value);
    }
}

// Its own keys: a dict's keys (as str), else dir() without the __dunder__ names.
static mp_obj_t keys_of(mp_obj_t target) {
    mp_obj_t keys = mp_obj_new_list(0, NULL);
    if (mp_obj_is_dict_or_ordereddict(target)) {
        mp_map_t *map = mp_obj_dict_get_map(target);
        for (size_t i = 0; i < map->alloc; i++) {
            if (mp_map_slot_is_filled(map, i)) {
                mp_obj_t key = map->table[i].key;
                mp_obj_list_append(keys, mp_obj_is_str(key) ? key : str_of(key, PRINT_STR));
            }
        }
        return keys;
    }
    mp_obj_t names = mp_call_function_1(MP_OBJ_FROM_PTR(&mp_builtin_dir_obj), target);
    size_t len;
    mp_obj_t *items;
    mp_obj_list_get(names, &len, &items);
    for (size_t i = 0; i < len; i++) {
        size_t n;
        const char *name = mp_obj_str_get_data(items[i], &n);
        if (!(n >= 2 && name[0] == '_' && name[1] == '_')) {
            mp_obj_list_append(keys, items[i]);
        }
    }
    return keys;
}

// JS calls this to run Python: OP_CALL calls the object referenced by id with
// args[0..argc); the others compute str(), repr(), an attribute (args[0] is its
// name) or exc_info(). The result (or the exception, with MPJS_THROWN) goes to
// *out, the status to *status: in memory rather than as a return value, which
// an asyncify unwind (a GC stack scan) would lose.
EMSCRIPTEN_KEEPALIVE void mpjs_call_py(uint32_t id, int op, size_t argc, mpjs_value_t *args,
    mpjs_value_t *out, int32_t *status) {
    mpw_run_depth += 1;
    mpw_callback_depth += 1;
    #if MPW_ASYNCIFY
    // A callback must return to JS before JS goes on: no yielding to the event loop.
    int countdown = mpw_yield_countdown;
    mpw_yield_countdown = INT_MAX;
    #endif
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t *argv = m_new(mp_obj_t, argc + 1);
        for (size_t i = 0; i < argc; i++) {
            argv[i] = mpjs_value_to_py(&args[i]);
        }
        mp_obj_t target = mpjs_pyref_get(id);
        mp_obj_t result = mp_const_none;
        int result_status = MPJS_OK;
        bool copy = false;
        switch (op) {
            case MPJS_OP_CALL:
                result = mp_call_function_n_kw(target, argc, 0, argv);
                break;
            case MPJS_OP_STR:
                result = str_of(target, PRINT_STR);
                break;
            case MPJS_OP_REPR:
                result = str_of(target, PRINT_REPR);
                break;
            case MPJS_OP_GETATTR:
                if (argc < 1) {
                    mp_raise_TypeError(NULL);
                }
                result = mp_load_attr(target, mp_obj_str_get_qstr(argv[0]));
                break;
            case MPJS_OP_GET:
            case MPJS_OP_HAS:
                if (argc < 1) {
                    mp_raise_TypeError(NULL);
                }
                result = key_lookup(target, argv[0]);
                if (op == MPJS_OP_HAS) {
                    result = mp_obj_new_bool(result != MP_OBJ_NULL);
                } else if (result == MP_OBJ_NULL) {
                    result = mp_const_none;
                    result_status = MPJS_MISSING;
                }
                break;
            case MPJS_OP_SET:
            case MPJS_OP_DEL:
                if (argc < 1 + (op == MPJS_OP_SET)) {
                    mp_raise_TypeError(NULL);
                }
                key_store(target, argv[0], op == MPJS_OP_SET ? argv[1] : MP_OBJ_NULL);
                break;
            case MPJS_OP_KEYS:
                result = keys_of(target);
                copy = true;
                break;
            case MPJS_OP_ITER:
                result = mp_getiter(target, NULL);
                break;
            case MPJS_OP_NEXT:
                result = mp_iternext(target);
                if (result == MP_OBJ_STOP_ITERATION) {
                    result = mp_const_none;
                    result_status = MPJS_MISSING;
                }
                break;
            case MPJS_OP_SEND:
            case MPJS_OP_THROW: {
                mp_obj_t thrown = MP_OBJ_NULL;
                if (op == MPJS_OP_THROW) {
                    if (argc < 3) {
                        mp_raise_TypeError(NULL);
                    }
                    thrown = mpjs_new_jsexception(argv[0], argv[1], argv[2]);
                }
                mp_vm_return_kind_t kind = mp_resume(target, thrown == MP_OBJ_NULL ? (argc ? argv[0] : mp_const_none) : MP_OBJ_NULL,
                    thrown, &result);
                if (kind == MP_VM_RETURN_EXCEPTION) {
                    nlr_raise(result);
                }
                result_status = kind == MP_VM_RETURN_YIELD ? MPJS_YIELDED : MPJS_OK;
                break;
            }
            case MPJS_OP_TO_JS:
                result = target;
                copy = true;
                break;
            default:
                result = exc_info(target);
                copy = true;
                break;
        }
        m_del(mp_obj_t, argv, argc + 1);
        if (copy) {
            mpjs_value_from_py_copy(result, out);
        } else {
            mpjs_value_from_py(result, out);
        }
        nlr_pop();
        *status = result_status;
    } else {
        mpjs_report_exception(MP_OBJ_FROM_PTR(nlr.ret_val), out);
        *status = MPJS_THROWN;
    }
    #if MPW_ASYNCIFY
    mpw_yield_countdown = countdown;
    #endif
    mpw_run_depth -= 1;
    // asyncio's wake-up runs Python too, still inside this call from JS: it must not suspend either
    // (it did when a yield fell due there: the click handler of a PyScript page, under load).
    mpjs_wake_asyncio();
    mpw_callback_depth -= 1;
}

// JS calls this once it has taken the result of mpjs_call_py: back at the
// event loop (no Python running), a collection that was asked for meanwhile
// can run. Only then: a full collection after every call from JS made a
// JS->Python->JS round trip ~3x slower (bench: interop.roundtrip).
EMSCRIPTEN_KEEPALIVE void mpjs_idle(void) {
    if (mpw_gc_wanted) {
        mpw_collect_at_top_level();  // no-op unless no Python runs
    }
}

