/*
 * Values crossing the JavaScript boundary (mpjs_value_t, library_mpjs_values.js
 * reads and writes them), and the Python objects JavaScript references: they
 * are kept alive by a dict that is a GC root (mpjs_pyrefs), keyed by their
 * address; an entry goes at js.release(obj), the wrapper's destroy(), or when
 * JavaScript's GC collects the wrapper.
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

#include "emscripten/mpjs.h"

// Python objects referenced from JavaScript: {id: object}.
MP_REGISTER_ROOT_POINTER(mp_obj_t mpjs_pyrefs);

/******************************************************************************/
// Python objects referenced from JavaScript

mp_map_t *mpjs_pyref_map(void) {
    if (MP_STATE_VM(mpjs_pyrefs) == MP_OBJ_NULL) {
        MP_STATE_VM(mpjs_pyrefs) = mp_obj_new_dict(0);
    }
    return mp_obj_dict_get_map(MP_STATE_VM(mpjs_pyrefs));
}

// Forget the objects whose JS wrappers were destroyed or collected.
void mpjs_pyref_drain(void) {
    mp_map_t *map = mpjs_pyref_map();
    uint32_t id;
    while ((id = mpjs_js_next_released()) != 0) {
        mp_map_lookup(map, MP_OBJ_NEW_SMALL_INT(id), MP_MAP_LOOKUP_REMOVE_IF_FOUND);
    }
}

// Objects are word aligned: the address over 4 is a unique, non-zero small int.
uint32_t mpjs_pyref_id(mp_obj_t obj) {
    return (uint32_t)((uintptr_t)MP_OBJ_TO_PTR(obj) >> 2);
}

static uint32_t pyref_add(mp_obj_t obj) {
    mpjs_pyref_drain();
    uint32_t id = mpjs_pyref_id(obj);
    mp_map_lookup(mpjs_pyref_map(), MP_OBJ_NEW_SMALL_INT(id), MP_MAP_LOOKUP_ADD_IF_NOT_FOUND)->value = obj;
    return id;
}

mp_obj_t mpjs_pyref_get(uint32_t id) {
    mp_map_elem_t *elem = mp_map_lookup(mpjs_pyref_map(), MP_OBJ_NEW_SMALL_INT(id), MP_MAP_LOOKUP);
    if (elem == NULL) {
        mp_raise_msg(&mp_type_RuntimeError, MP_ERROR_TEXT("Python object was released"));
    }
    return elem->value;
}
/******************************************************************************/
// Conversions

static mp_obj_t coroutine_as_task(mp_obj_t coroutine);

void mpjs_value_from_str(const char *data, size_t len, mpjs_value_t *value) {
    memset(value, 0, sizeof(*value));
    value->kind = MPJS_KIND_STR;
    value->a = (uint32_t)(uintptr_t)data;
    value->b = (uint32_t)len;
}

void mpjs_value_from_qstr(qstr name, mpjs_value_t *value) {
    size_t len;
    const char *data = (const char *)qstr_data(name, &len);
    mpjs_value_from_str(data, len, value);
}

static void value_from_container(mp_obj_t obj, bool is_dict, mpjs_value_t *value) {
    MP_STACK_CHECK();  // a list that contains itself ends here
    int handle = mpjs_js_new_container(!is_dict);
    mp_obj_t proxy = mpjs_proxy_new(handle);  // frees the slot once collected
    value->kind = MPJS_KIND_OBJECT;
    value->a = (uint32_t)handle;
    value->keep = (uint32_t)(uintptr_t)MP_OBJ_TO_PTR(proxy);
    mpjs_value_t key, item;
    if (!is_dict) {
        size_t len;
        mp_obj_t *items;
        mp_obj_get_array(obj, &len, &items);
        for (size_t i = 0; i < len; i++) {
            mpjs_value_from_py_copy(items[i], &item);
            mpjs_js_container_put(handle, NULL, &item);
        }
        return;
    }
    mp_map_t *map = mp_obj_dict_get_map(obj);
    for (size_t i = 0; i < map->alloc; i++) {
        if (!mp_map_slot_is_filled(map, i)) {
            continue;
        }
        mp_obj_t k = map->table[i].key;
        if (!(mp_obj_is_str(k) || mp_obj_is_int(k) || mp_obj_is_float(k))) {
            mp_raise_TypeError(MP_ERROR_TEXT("only str and number keys convert to a JavaScript object"));
        }
        mpjs_value_from_py(k, &key);
        mpjs_value_from_py_copy(map->table[i].value, &item);
        mpjs_js_container_put(handle, &key, &item);
    }
}

void mpjs_value_from_py(mp_obj_t obj, mpjs_value_t *value) {
    memset(value, 0, sizeof(*value));
    if (obj == mp_const_none) {
        value->kind = MPJS_KIND_NULL;
    } else if (mp_obj_is_bool(obj)) {
        value->kind = MPJS_KIND_BOOL;
        value->a = obj == mp_const_true;
    } else if (mp_obj_is_small_int(obj)) {
        value->kind = MPJS_KIND_INT;
        value->num = (double)MP_OBJ_SMALL_INT_VALUE(obj);
    } else if (mp_obj_is_exact_type(obj, &mp_type_int)) {
        double num = mp_obj_get_float(obj);
        if (isinf(num)) {
            mp_raise_msg(&mp_type_OverflowError, MP_ERROR_TEXT("int too big for a JavaScript number"));
        }
        value->kind = MPJS_KIND_INT;
        value->num = num;
    } else if (mp_obj_is_float(obj)) {
        value->kind = MPJS_KIND_FLOAT;
        value->num = mp_obj_get_float(obj);
    } else if (mp_obj_is_str(obj)) {
        size_t len;
        const char *data = mp_obj_str_get_data(obj, &len);
        mpjs_value_from_str(data, len, value);
    } else if (mp_obj_is_type(obj, &mp_type_bytes) || mp_obj_is_type(obj, &mp_type_bytearray)) {
        mp_buffer_info_t info;
        mp_get_buffer_raise(obj, &info, MP_BUFFER_READ);
        mpjs_value_from_str(info.buf, info.len, value);
        value->kind = MPJS_KIND_BYTES;
    } else if (mp_obj_is_type(obj, &mpjs_type_JsProxy)) {
        value->kind = MPJS_KIND_OBJECT;
        value->a = (uint32_t)mpjs_proxy_handle(obj);
    } else if (mp_obj_is_type(obj, &mpjs_type_JsException) && mpjs_jsexc_error(obj) != MP_OBJ_NULL) {
        value->kind = MPJS_KIND_OBJECT;  // what JS threw, again
        value->a = (uint32_t)mpjs_proxy_handle(mpjs_jsexc_error(obj));
    } else if (mp_obj_is_type(obj, &mp_type_gen_instance) && (value->keep = (uint32_t)(uintptr_t)MP_OBJ_TO_PTR(coroutine_as_task(obj))) != 0) {
        // a coroutine, where asyncio runs on the JS loop: its task's Promise
        value->kind = MPJS_KIND_OBJECT;
        value->a = (uint32_t)mpjs_proxy_handle(MP_OBJ_FROM_PTR((void *)(uintptr_t)value->keep));
    } else {
        // Everything else, lists and dicts too, goes as a live wrapper.
        value->kind = MPJS_KIND_PYOBJ;
        value->a = pyref_add(obj);
        const mp_obj_type_t *type = mp_obj_get_type(obj);
        value->b = mp_obj_is_exception_instance(obj) ? MPJS_PY_EXCEPTION
            : type == &mp_type_gen_instance ? MPJS_PY_GENERATOR
            : mp_obj_is_callable(obj) ? MPJS_PY_CALLABLE : MPJS_PY_PLAIN;
        if (MP_OBJ_TYPE_HAS_SLOT(type, iter)) {
            value->b |= MPJS_PY_ITERABLE;
        }
    }
}

// Once asyncio is imported (_mpjs_asyncio), a coroutine going to JS runs as
// an asyncio task: the JsProxy of its Promise. Else MP_OBJ_NULL (library_mpjs_pyproxy.js
// then runs it as a bare coroutine, MPJS.drive).
static mp_obj_t coroutine_as_task(mp_obj_t coroutine) {
    mp_map_elem_t *elem = mp_map_lookup(&MP_STATE_VM(mp_loaded_modules_dict).map,
        MP_OBJ_NEW_QSTR(MP_QSTR__mpjs_asyncio), MP_MAP_LOOKUP);
    if (elem == NULL) {
        return MP_OBJ_NULL;
    }
    mp_obj_t promise = mp_call_function_1(mp_load_attr(elem->value, MP_QSTR_top_level), coroutine);
    return mp_obj_is_type(promise, &mpjs_type_JsProxy) ? promise : MP_OBJ_NULL;
}

// As mpjs_value_from_py, but lists/tuples become Arrays and dicts plain objects,
// recursively (jsffi.to_js, PyProxy.toJs).
void mpjs_value_from_py_copy(mp_obj_t obj, mpjs_value_t *value) {
    if (mp_obj_is_type(obj, &mp_type_list) || mp_obj_is_type(obj, &mp_type_tuple)) {
        value_from_container(obj, false, value);
    } else if (mp_obj_is_dict_or_ordereddict(obj)) {
        value_from_container(obj, true, value);
    } else {
        mpjs_value_from_py(obj, value);
    }
}

// Dictionary keys, attribute names, indexes: only what JS keys can be.
void mpjs_key_from_py(mp_obj_t key, mpjs_value_t *value) {
    if (!(mp_obj_is_str(key) || mp_obj_is_int(key) || mp_obj_is_float(key) || mp_obj_is_bool(key)
          || mp_obj_is_type(key, &mpjs_type_JsProxy))) {
        mp_raise_msg_varg(&mp_type_TypeError, MP_ERROR_TEXT("a JavaScript key can't be '%s'"), mp_obj_get_type_str(key));
    }
    mpjs_value_from_py(key, value);
}

static mp_obj_t int_from_double(double num) {
    if (num >= (double)MP_SMALL_INT_MIN && num <= (double)MP_SMALL_INT_MAX) {
        return MP_OBJ_NEW_SMALL_INT((mp_int_t)num);
    }
    return mp_obj_new_int_from_ll((long long)num);
}

// Takes ownership of what JS handed over (string buffers, new handles).
mp_obj_t mpjs_value_to_py(const mpjs_value_t *value) {
    switch (value->kind) {
        case MPJS_KIND_BOOL:
            return mp_obj_new_bool(value->a != 0);
        case MPJS_KIND_INT:
            return int_from_double(value->num);
        case MPJS_KIND_FLOAT:
            return mp_obj_new_float(value->num);
        case MPJS_KIND_STR:
        case MPJS_KIND_BIGINT:
        case MPJS_KIND_BYTES: {
            char *data = (char *)(uintptr_t)value->a;
            mp_obj_t result;
            if (value->kind == MPJS_KIND_STR) {
                result = mp_obj_new_str(data, value->b);
            } else if (value->kind == MPJS_KIND_BYTES) {
                result = mp_obj_new_bytes((const byte *)data, value->b);
            } else {
                result = mp_parse_num_integer(data, value->b, 10, NULL);
            }
            free(data);
            return result;
        }
        case MPJS_KIND_OBJECT:
            return mpjs_proxy_new((int)value->a);  // the same JsProxy for the same JS value
        case MPJS_KIND_PYOBJ: {
            mp_map_elem_t *elem = mp_map_lookup(mpjs_pyref_map(), MP_OBJ_NEW_SMALL_INT(value->a), MP_MAP_LOOKUP);
            return elem != NULL ? elem->value : mp_const_none;
        }
        default:
            return mp_const_none;
    }
}

// What JavaScript threw, as a Python exception: the original one when it was
// a Python exception coming back, else a JsException.
// A JsException's args are (JsProxy of the thrown value, its name, its message).
mp_obj_t mpjs_new_jsexception(mp_obj_t thrown, mp_obj_t name, mp_obj_t message) {
    if (mp_obj_is_exception_instance(thrown)) {
        return thrown;
    }
    if (!mp_obj_is_type(thrown, &mpjs_type_JsProxy)) {
        // a primitive was thrown: keep it as a JS value
        mpjs_value_t value, out;
        mpjs_value_from_py(thrown, &value);
        mpjs_js_hold(&value, &out);
        thrown = mpjs_value_to_py(&out);
    }
    mp_obj_t args[3] = {thrown, name, message};
    return mp_obj_new_exception_args(&mpjs_type_JsException, 3, args);
}

static NORETURN void raise_thrown(mpjs_value_t *out) {
    mp_obj_t thrown = mpjs_value_to_py(&out[0]);
    mp_obj_t name = mpjs_value_to_py(&out[1]);
    mp_obj_t message = mpjs_value_to_py(&out[2]);
    nlr_raise(mpjs_new_jsexception(thrown, name, message));
}

void mpjs_check(int status, mpjs_value_t *out) {
    if (status == MPJS_THROWN) {
        raise_thrown(out);
    }
}

// Hand a Python exception to JS (which throws it as a PythonError).
void mpjs_report_exception(mp_obj_t exc, mpjs_value_t *out) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mpjs_value_from_py(exc, out);
        nlr_pop();
    } else {
        // Out of memory even for that: the type name alone.
        const char *name = mp_obj_get_type_str(exc);
        mpjs_value_from_str(name, strlen(name), out);
    }
}
