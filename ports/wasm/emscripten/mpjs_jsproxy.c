/*
 * The `js` and `jsffi` modules, and the C half of Module.mpjs (the embedding
 * API): JavaScript interoperability for the WebAssembly builds. What they do is
 * documented in README.md, "Python <-> JavaScript"; the JavaScript half is
 * library_js.js (linked with --js-library), asyncio on the JS event loop is
 * ports/wasm/modules/_mpjs_asyncio.py.
 *
 * How
 * ---
 *   JS values referenced from Python live in a JS-side table by handle (see
 *   library_js.js); each has one canonical JsProxy (its finaliser frees the
 *   handle), whose address the table keeps, so the same JS object is the same
 *   Python object. A function read as an attribute of an object is a bound
 *   JsProxy (same handle, that object as `this`). Python objects given to
 *   JavaScript are kept alive by a dict that is a GC root (mpjs_pyrefs), keyed
 *   by their address; an entry goes at js.release(obj), the wrapper's
 *   destroy(), or when JavaScript's GC collects the wrapper.
 *
 *   Callbacks from JS are runs of Python of their own (see mpw_run_depth in
 *   modjs.h), nested when JS makes them while Python waits for JS: nested runs
 *   never collect garbage. When a callback called from the event loop returns,
 *   the runtime collects (without asyncify, with the end of scripts, the only
 *   times it can) and asyncio schedules its next step. In asyncify builds
 *   callbacks never collect (a full heap raises MemoryError) nor yield to the
 *   event loop: they must not call time.sleep() or input(), which throw an
 *   Error in JS.
 *
 *   The `js` module needs MICROPY_MODULE_GETATTR, MICROPY_MODULE_BUILTIN_INIT and
 *   MICROPY_MODULE_ATTR_DELEGATION (js.NAME = value).
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

// A value crossing the boundary; library_js.js reads and writes this layout.
typedef struct _mpjs_value_t {
    uint32_t kind;  // MPJS_KIND_*
    uint32_t a;     // bool; handle; Python reference id; string pointer
    uint32_t b;     // string length; for Python references MPJS_PY_*
    uint32_t keep;  // a Python object to keep alive while the value is in flight
    double num;
} mpjs_value_t;

_Static_assert(sizeof(mpjs_value_t) == 24, "library_js.js assumes 24-byte values");

enum {
    MPJS_KIND_UNDEFINED = 0,
    MPJS_KIND_NULL = 1,
    MPJS_KIND_BOOL = 2,
    MPJS_KIND_INT = 3,     // an integral number, in num
    MPJS_KIND_FLOAT = 4,
    MPJS_KIND_STR = 5,     // UTF-8 at a, b bytes (from JS: malloc'ed, freed here)
    MPJS_KIND_BIGINT = 6,  // decimal digits, as STR
    MPJS_KIND_BYTES = 7,   // as STR; becomes a Uint8Array / bytes
    MPJS_KIND_OBJECT = 8,  // handle a (from JS: a new slot that Python now owns)
    MPJS_KIND_PYOBJ = 9,   // Python object with reference id a
};

// What a Python object's JS wrapper is (b of MPJS_KIND_PYOBJ), plus MPJS_PY_ITERABLE.
enum { MPJS_PY_PLAIN = 0, MPJS_PY_CALLABLE = 1, MPJS_PY_EXCEPTION = 2, MPJS_PY_GENERATOR = 3, MPJS_PY_ITERABLE = 8 };

// Statuses of the JS functions below.
enum { MPJS_OK = 0, MPJS_THROWN = 1, MPJS_MISSING = 2, MPJS_OUT_OF_RANGE = 3, MPJS_YIELDED = 4 };

// Operations of mpjs_call_py (callbacks from JS).
// (GET/SET/DEL/HAS/KEYS: a dict's keys, else attributes; ITER/NEXT: iteration;
// SEND/THROW: resuming a generator; TO_JS: a deep copy as JS data.)
enum {
    MPJS_OP_CALL = 0, MPJS_OP_STR = 1, MPJS_OP_REPR = 2, MPJS_OP_GETATTR = 3, MPJS_OP_EXC_INFO = 4,
    MPJS_OP_GET = 5, MPJS_OP_SET = 6, MPJS_OP_DEL = 7, MPJS_OP_HAS = 8, MPJS_OP_KEYS = 9,
    MPJS_OP_ITER = 10, MPJS_OP_NEXT = 11, MPJS_OP_SEND = 12, MPJS_OP_THROW = 13, MPJS_OP_TO_JS = 14,
};

// Handles that always exist.
#define MPJS_HANDLE_UNDEFINED (0)
#define MPJS_HANDLE_GLOBAL (1)
#define MPJS_HANDLE_RELEASED (-1)

// Implemented in library_js.js. Functions taking `out` write the result to out[0]
// or, with MPJS_THROWN, the thrown value to out[0], its name to out[1] and its
// message to out[2].
extern void mpjs_js_reset(void);
extern void mpjs_js_make_api(void);
extern int mpjs_js_live_handles(void);
extern void mpjs_js_free(int handle, uint32_t ptr);
extern uint32_t mpjs_js_take(int handle);
extern void mpjs_js_adopt(int handle, uint32_t ptr);
extern void mpjs_js_hold(const mpjs_value_t *value, mpjs_value_t *out);
extern int mpjs_js_is_thenable(int handle);
extern int mpjs_js_eval(const char *code, size_t len, mpjs_value_t *out);
extern int mpjs_js_get(int handle, const mpjs_value_t *key, int item, mpjs_value_t *out);
extern int mpjs_js_set(int handle, const mpjs_value_t *key, const mpjs_value_t *value, int item, mpjs_value_t *out);
extern int mpjs_js_call(int handle, int this_handle, size_t argc, const mpjs_value_t *args, int kwargs, int construct, mpjs_value_t *out);
extern int mpjs_js_describe(int handle, int as_str, mpjs_value_t *out);
extern int mpjs_js_length(int handle);
extern int mpjs_js_truthy(int handle);
extern int mpjs_js_equal(int handle1, int handle2);
extern int mpjs_js_hash(int handle);
extern int mpjs_js_contains(int handle, const mpjs_value_t *item, mpjs_value_t *out);
extern int mpjs_js_iter(int handle, mpjs_value_t *out);
extern int mpjs_js_iter_next(int handle, mpjs_value_t *out);
extern int mpjs_js_new_container(int array);
extern void mpjs_js_container_put(int handle, const mpjs_value_t *key, const mpjs_value_t *value);
extern int mpjs_js_to_py_kind(int handle, mpjs_value_t *out);
extern uint32_t mpjs_js_next_released(void);
extern void mpjs_js_release_pyref(uint32_t id);

// Python objects referenced from JavaScript: {id: object}.
MP_REGISTER_ROOT_POINTER(mp_obj_t mpjs_pyrefs);

/******************************************************************************/
// JsProxy

// One canonical JsProxy per JS value (its finaliser frees the handle); a
// function read as an attribute of an object is a bound JsProxy: the same
// handle, called with that object as `this`.
typedef struct _mpjs_proxy_t {
    mp_obj_base_t base;
    int handle;
    mp_obj_t this_obj;   // bound: the JsProxy it was read from; else MP_OBJ_NULL
    mp_obj_t canonical;  // bound: the canonical JsProxy of the function (keeps the handle)
} mpjs_proxy_t;

extern const mp_obj_type_t mpjs_type_JsProxy;
extern const mp_obj_type_t mpjs_type_JsException;
static mp_obj_t jsexc_error(mp_obj_t exc);

static const mpjs_proxy_t mpjs_undefined_obj = {{&mpjs_type_JsProxy}, MPJS_HANDLE_UNDEFINED, MP_OBJ_NULL, MP_OBJ_NULL};
static const mpjs_proxy_t mpjs_global_obj = {{&mpjs_type_JsProxy}, MPJS_HANDLE_GLOBAL, MP_OBJ_NULL, MP_OBJ_NULL};

// The JsProxy of a handle JS gave us: the existing one, or a new one.
static mp_obj_t proxy_new(int handle) {
    if (handle == MPJS_HANDLE_GLOBAL) {
        return MP_OBJ_FROM_PTR(&mpjs_global_obj);
    } else if (handle == MPJS_HANDLE_UNDEFINED) {
        return MP_OBJ_FROM_PTR(&mpjs_undefined_obj);
    }
    uint32_t existing = mpjs_js_take(handle);
    if (existing != 0) {
        return MP_OBJ_FROM_PTR((void *)(uintptr_t)existing);
    }
    mpjs_proxy_t *self = mp_obj_malloc_with_finaliser(mpjs_proxy_t, &mpjs_type_JsProxy);
    self->handle = handle;
    self->this_obj = MP_OBJ_NULL;
    self->canonical = MP_OBJ_NULL;
    mpjs_js_adopt(handle, (uint32_t)(uintptr_t)self);
    return MP_OBJ_FROM_PTR(self);
}

static mp_obj_t proxy_new_bound(mp_obj_t function, mp_obj_t this_obj) {
    mpjs_proxy_t *func = MP_OBJ_TO_PTR(function);
    mpjs_proxy_t *self = mp_obj_malloc(mpjs_proxy_t, &mpjs_type_JsProxy);
    self->handle = func->handle;
    self->this_obj = this_obj;
    self->canonical = function;
    return MP_OBJ_FROM_PTR(self);
}

static int proxy_handle(mp_obj_t self_in) {
    mpjs_proxy_t *self = MP_OBJ_TO_PTR(self_in);
    if (self->handle == MPJS_HANDLE_RELEASED) {
        mp_raise_msg(&mp_type_RuntimeError, MP_ERROR_TEXT("JsProxy was released"));
    }
    return self->handle;
}

static bool proxy_release(mp_obj_t self_in) {
    mpjs_proxy_t *self = MP_OBJ_TO_PTR(self_in);
    if (self->handle <= MPJS_HANDLE_GLOBAL || self->canonical != MP_OBJ_NULL) {
        return false;  // released already, one of the static proxies, or bound
    }
    mpjs_js_free(self->handle, (uint32_t)(uintptr_t)self);
    self->handle = MPJS_HANDLE_RELEASED;
    return true;
}

/******************************************************************************/
// Python objects referenced from JavaScript

static mp_map_t *pyref_map(void) {
    if (MP_STATE_VM(mpjs_pyrefs) == MP_OBJ_NULL) {
        MP_STATE_VM(mpjs_pyrefs) = mp_obj_new_dict(0);
    }
    return mp_obj_dict_get_map(MP_STATE_VM(mpjs_pyrefs));
}

// Forget the objects whose JS wrappers were destroyed or collected.
static void pyref_drain(void) {
    mp_map_t *map = pyref_map();
    uint32_t id;
    while ((id = mpjs_js_next_released()) != 0) {
        mp_map_lookup(map, MP_OBJ_NEW_SMALL_INT(id), MP_MAP_LOOKUP_REMOVE_IF_FOUND);
    }
}

// Objects are word aligned: the address over 4 is a unique, non-zero small int.
static uint32_t pyref_id(mp_obj_t obj) {
    return (uint32_t)((uintptr_t)MP_OBJ_TO_PTR(obj) >> 2);
}

static uint32_t pyref_add(mp_obj_t obj) {
    pyref_drain();
    uint32_t id = pyref_id(obj);
    mp_map_lookup(pyref_map(), MP_OBJ_NEW_SMALL_INT(id), MP_MAP_LOOKUP_ADD_IF_NOT_FOUND)->value = obj;
    return id;
}

static mp_obj_t pyref_get(uint32_t id) {
    mp_map_elem_t *elem = mp_map_lookup(pyref_map(), MP_OBJ_NEW_SMALL_INT(id), MP_MAP_LOOKUP);
    if (elem == NULL) {
        mp_raise_msg(&mp_type_RuntimeError, MP_ERROR_TEXT("Python object was released"));
    }
    return elem->value;
}

/******************************************************************************/
// Conversions

static void value_from_py(mp_obj_t obj, mpjs_value_t *value);
static void value_from_py_copy(mp_obj_t obj, mpjs_value_t *value);
static mp_obj_t coroutine_as_task(mp_obj_t coroutine);

static void value_from_str(const char *data, size_t len, mpjs_value_t *value) {
    memset(value, 0, sizeof(*value));
    value->kind = MPJS_KIND_STR;
    value->a = (uint32_t)(uintptr_t)data;
    value->b = (uint32_t)len;
}

static void value_from_qstr(qstr name, mpjs_value_t *value) {
    size_t len;
    const char *data = (const char *)qstr_data(name, &len);
    value_from_str(data, len, value);
}

static void value_from_container(mp_obj_t obj, bool is_dict, mpjs_value_t *value) {
    MP_STACK_CHECK();  // a list that contains itself ends here
    int handle = mpjs_js_new_container(!is_dict);
    mp_obj_t proxy = proxy_new(handle);  // frees the slot once collected
    value->kind = MPJS_KIND_OBJECT;
    value->a = (uint32_t)handle;
    value->keep = (uint32_t)(uintptr_t)MP_OBJ_TO_PTR(proxy);
    mpjs_value_t key, item;
    if (!is_dict) {
        size_t len;
        mp_obj_t *items;
        mp_obj_get_array(obj, &len, &items);
        for (size_t i = 0; i < len; i++) {
            value_from_py_copy(items[i], &item);
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
        value_from_py(k, &key);
        value_from_py_copy(map->table[i].value, &item);
        mpjs_js_container_put(handle, &key, &item);
    }
}

static void value_from_py(mp_obj_t obj, mpjs_value_t *value) {
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
        value_from_str(data, len, value);
    } else if (mp_obj_is_type(obj, &mp_type_bytes) || mp_obj_is_type(obj, &mp_type_bytearray)) {
        mp_buffer_info_t info;
        mp_get_buffer_raise(obj, &info, MP_BUFFER_READ);
        value_from_str(info.buf, info.len, value);
        value->kind = MPJS_KIND_BYTES;
    } else if (mp_obj_is_type(obj, &mpjs_type_JsProxy)) {
        value->kind = MPJS_KIND_OBJECT;
        value->a = (uint32_t)proxy_handle(obj);
    } else if (mp_obj_is_type(obj, &mpjs_type_JsException) && jsexc_error(obj) != MP_OBJ_NULL) {
        value->kind = MPJS_KIND_OBJECT;  // what JS threw, again
        value->a = (uint32_t)proxy_handle(jsexc_error(obj));
    } else if (mp_obj_is_type(obj, &mp_type_gen_instance) && (value->keep = (uint32_t)(uintptr_t)MP_OBJ_TO_PTR(coroutine_as_task(obj))) != 0) {
        // a coroutine, where asyncio runs on the JS loop: its task's Promise
        value->kind = MPJS_KIND_OBJECT;
        value->a = (uint32_t)proxy_handle(MP_OBJ_FROM_PTR((void *)(uintptr_t)value->keep));
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
// an asyncio task: the JsProxy of its Promise. Else MP_OBJ_NULL (library_js.js
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

// As value_from_py, but lists/tuples become Arrays and dicts plain objects,
// recursively (jsffi.to_js, PyProxy.toJs).
static void value_from_py_copy(mp_obj_t obj, mpjs_value_t *value) {
    if (mp_obj_is_type(obj, &mp_type_list) || mp_obj_is_type(obj, &mp_type_tuple)) {
        value_from_container(obj, false, value);
    } else if (mp_obj_is_dict_or_ordereddict(obj)) {
        value_from_container(obj, true, value);
    } else {
        value_from_py(obj, value);
    }
}

// Dictionary keys, attribute names, indexes: only what JS keys can be.
static void key_from_py(mp_obj_t key, mpjs_value_t *value) {
    if (!(mp_obj_is_str(key) || mp_obj_is_int(key) || mp_obj_is_float(key) || mp_obj_is_bool(key)
          || mp_obj_is_type(key, &mpjs_type_JsProxy))) {
        mp_raise_msg_varg(&mp_type_TypeError, MP_ERROR_TEXT("a JavaScript key can't be '%s'"), mp_obj_get_type_str(key));
    }
    value_from_py(key, value);
}

static mp_obj_t int_from_double(double num) {
    if (num >= (double)MP_SMALL_INT_MIN && num <= (double)MP_SMALL_INT_MAX) {
        return MP_OBJ_NEW_SMALL_INT((mp_int_t)num);
    }
    return mp_obj_new_int_from_ll((long long)num);
}

// Takes ownership of what JS handed over (string buffers, new handles).
static mp_obj_t value_to_py(const mpjs_value_t *value) {
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
            return proxy_new((int)value->a);  // the same JsProxy for the same JS value
        case MPJS_KIND_PYOBJ: {
            mp_map_elem_t *elem = mp_map_lookup(pyref_map(), MP_OBJ_NEW_SMALL_INT(value->a), MP_MAP_LOOKUP);
            return elem != NULL ? elem->value : mp_const_none;
        }
        default:
            return mp_const_none;
    }
}

// What JavaScript threw, as a Python exception: the original one when it was
// a Python exception coming back, else a JsException.
// A JsException's args are (JsProxy of the thrown value, its name, its message).
static mp_obj_t new_jsexception(mp_obj_t thrown, mp_obj_t name, mp_obj_t message) {
    if (mp_obj_is_exception_instance(thrown)) {
        return thrown;
    }
    if (!mp_obj_is_type(thrown, &mpjs_type_JsProxy)) {
        // a primitive was thrown: keep it as a JS value
        mpjs_value_t value, out;
        value_from_py(thrown, &value);
        mpjs_js_hold(&value, &out);
        thrown = value_to_py(&out);
    }
    mp_obj_t args[3] = {thrown, name, message};
    return mp_obj_new_exception_args(&mpjs_type_JsException, 3, args);
}

static NORETURN void raise_thrown(mpjs_value_t *out) {
    mp_obj_t thrown = value_to_py(&out[0]);
    mp_obj_t name = value_to_py(&out[1]);
    mp_obj_t message = value_to_py(&out[2]);
    nlr_raise(new_jsexception(thrown, name, message));
}

static void check(int status, mpjs_value_t *out) {
    if (status == MPJS_THROWN) {
        raise_thrown(out);
    }
}

// Calls the JS function: positional arguments, then keyword arguments (if
// any) as one plain object, as upstream does.
static mp_obj_t call_js(mp_obj_t func, size_t n_args, size_t n_kw, const mp_obj_t *args, int construct) {
    mpjs_proxy_t *self = MP_OBJ_TO_PTR(func);
    int handle = proxy_handle(func);
    int this_handle = self->this_obj != MP_OBJ_NULL ? proxy_handle(self->this_obj) : MPJS_HANDLE_UNDEFINED;
    mp_obj_t kwargs = MP_OBJ_NULL;
    int kwargs_handle = 0;
    if (n_kw != 0) {
        kwargs_handle = mpjs_js_new_container(0);
        kwargs = proxy_new(kwargs_handle);  // frees the slot once collected
        mpjs_value_t key, item;
        for (size_t i = 0; i < n_kw; i++) {
            value_from_py(args[n_args + 2 * i], &key);
            value_from_py(args[n_args + 2 * i + 1], &item);
            mpjs_js_container_put(kwargs_handle, &key, &item);
        }
    }
    // On the heap, so that the GC sees the temporary proxies they keep.
    mpjs_value_t *values = m_new(mpjs_value_t, n_args + 3);
    for (size_t i = 0; i < n_args; i++) {
        value_from_py(args[i], &values[i]);
    }
    mpjs_value_t *out = values + n_args;
    check(mpjs_js_call(handle, this_handle, n_args, values, kwargs_handle, construct, out), out);
    mp_obj_t result = value_to_py(out);
    m_del(mpjs_value_t, values, n_args + 3);
    (void)kwargs;
    return result;
}

/******************************************************************************/
// JsProxy type

// As upstream: <JsProxy N>, N the JS value's handle (the same for the same
// object while it lives); JS's undefined is <undefined>.
static void proxy_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    (void)kind;
    mpjs_proxy_t *self = MP_OBJ_TO_PTR(self_in);
    if (self->handle == MPJS_HANDLE_RELEASED) {
        mp_print_str(print, "<JsProxy (released)>");
    } else if (self->handle == MPJS_HANDLE_UNDEFINED) {
        mp_print_str(print, "<undefined>");
    } else {
        mp_printf(print, "<JsProxy %d>", self->handle);
    }
}

static void proxy_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    if (attr == MP_QSTR___del__) {
        dest[1] = MP_OBJ_SENTINEL;  // the finaliser, from locals_dict
        return;
    }
    int handle = proxy_handle(self_in);
    mpjs_value_t key, value, out[3];
    value_from_qstr(attr, &key);
    if (dest[0] == MP_OBJ_NULL) {
        int status = mpjs_js_get(handle, &key, 0, out);
        if (status == MPJS_MISSING) {
            return;  // AttributeError
        }
        check(status, out);
        dest[0] = value_to_py(&out[0]);
        if (out[0].kind == MPJS_KIND_UNDEFINED) {
            // a property that exists with the value undefined (as upstream)
            dest[0] = MP_OBJ_FROM_PTR(&mpjs_undefined_obj);
        }
        if (out[0].kind == MPJS_KIND_OBJECT && out[0].b == 1 && handle != MPJS_HANDLE_GLOBAL) {
            // a method: called with its object as `this`
            dest[0] = proxy_new_bound(dest[0], self_in);
        }
        return;
    }
    bool delete = dest[1] == MP_OBJ_NULL;
    if (!delete) {
        value_from_py(dest[1], &value);
    }
    int status = mpjs_js_set(handle, &key, delete ? NULL : &value, 0, out);
    if (status == MPJS_MISSING) {
        mp_raise_msg_varg(&mp_type_AttributeError, MP_ERROR_TEXT("JavaScript object has no attribute '%q'"), attr);
    }
    check(status, out);
    dest[0] = MP_OBJ_NULL;  // done
}

static mp_obj_t proxy_subscr(mp_obj_t self_in, mp_obj_t index, mp_obj_t value_in) {
    int handle = proxy_handle(self_in);
    mpjs_value_t key, value, out[3];
    key_from_py(index, &key);
    int status;
    if (value_in == MP_OBJ_SENTINEL) {
        status = mpjs_js_get(handle, &key, 1, out);
    } else {
        if (value_in != MP_OBJ_NULL) {
            value_from_py(value_in, &value);
        }
        status = mpjs_js_set(handle, &key, value_in == MP_OBJ_NULL ? NULL : &value, 1, out);
    }
    if (status == MPJS_MISSING) {
        mp_raise_type_arg(&mp_type_KeyError, index);
    } else if (status == MPJS_OUT_OF_RANGE) {
        mp_raise_msg(&mp_type_IndexError, MP_ERROR_TEXT("index out of range"));
    }
    check(status, out);
    return value_in == MP_OBJ_SENTINEL ? value_to_py(&out[0]) : mp_const_none;
}

static mp_obj_t proxy_unary_op(mp_unary_op_t op, mp_obj_t self_in) {
    switch (op) {
        case MP_UNARY_OP_BOOL:
            return mp_obj_new_bool(mpjs_js_truthy(proxy_handle(self_in)));
        case MP_UNARY_OP_LEN: {
            int len = mpjs_js_length(proxy_handle(self_in));
            return len < 0 ? MP_OBJ_NULL : MP_OBJ_NEW_SMALL_INT(len);
        }
        case MP_UNARY_OP_HASH:
            return MP_OBJ_NEW_SMALL_INT(mpjs_js_hash(proxy_handle(self_in)));
        default:
            return MP_OBJ_NULL;
    }
}

static mp_obj_t proxy_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {
    if (op == MP_BINARY_OP_EQUAL) {
        if (!mp_obj_is_type(rhs, &mpjs_type_JsProxy)) {
            return MP_OBJ_NULL;
        }
        return mp_obj_new_bool(mpjs_js_equal(proxy_handle(lhs), proxy_handle(rhs)));
    }
    if (op == MP_BINARY_OP_CONTAINS) {
        mpjs_value_t item, out[3];
        value_from_py(rhs, &item);
        check(mpjs_js_contains(proxy_handle(lhs), &item, out), out);
        return value_to_py(&out[0]);
    }
    return MP_OBJ_NULL;
}

static mp_obj_t proxy_call(mp_obj_t self_in, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    return call_js(self_in, n_args, n_kw, args, 0);
}

// Iteration follows JavaScript's iterator protocol.
typedef struct _mpjs_iter_t {
    mp_obj_base_t base;
    mp_obj_t iterator;  // JsProxy of the JS iterator
} mpjs_iter_t;

static mp_obj_t iter_next(mp_obj_t self_in) {
    mpjs_iter_t *self = MP_OBJ_TO_PTR(self_in);
    mpjs_value_t out[3];
    int status = mpjs_js_iter_next(proxy_handle(self->iterator), out);
    if (status == MPJS_MISSING) {
        return MP_OBJ_STOP_ITERATION;
    }
    check(status, out);
    return value_to_py(&out[0]);
}

static MP_DEFINE_CONST_OBJ_TYPE(
    mpjs_type_iterator,
    MP_QSTR_iterator,
    MP_TYPE_FLAG_ITER_IS_ITERNEXT,
    iter, iter_next
    );

// `await thenable` is `yield from iter(thenable)`: it yields the thenable once
// (to whoever runs the coroutine: the Promise driver of library_js.js, or an
// asyncio task), and returns the value sent back (the resolved value), or
// raises what is thrown in (the rejection).
typedef struct _mpjs_awaiter_t {
    mp_obj_base_t base;
    mp_obj_t thenable;
    bool yielded;
} mpjs_awaiter_t;

static mp_obj_t awaiter_send(mp_obj_t self_in, mp_obj_t value) {
    mpjs_awaiter_t *self = MP_OBJ_TO_PTR(self_in);
    if (!self->yielded) {
        self->yielded = true;
        return self->thenable;
    }
    mp_raise_StopIteration(value);
}
static MP_DEFINE_CONST_FUN_OBJ_2(awaiter_send_obj, awaiter_send);

static mp_obj_t awaiter_iternext(mp_obj_t self_in) {
    mpjs_awaiter_t *self = MP_OBJ_TO_PTR(self_in);
    if (!self->yielded) {
        self->yielded = true;
        return self->thenable;
    }
    return MP_OBJ_STOP_ITERATION;
}

static mp_obj_t awaiter_throw(size_t n_args, const mp_obj_t *args) {
    nlr_raise(mp_make_raise_obj(args[1]));
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(awaiter_throw_obj, 2, 4, awaiter_throw);

static const mp_rom_map_elem_t awaiter_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_send), MP_ROM_PTR(&awaiter_send_obj) },
    { MP_ROM_QSTR(MP_QSTR_throw), MP_ROM_PTR(&awaiter_throw_obj) },
};
static MP_DEFINE_CONST_DICT(awaiter_locals_dict, awaiter_locals_dict_table);

static MP_DEFINE_CONST_OBJ_TYPE(
    mpjs_type_awaiter,
    MP_QSTR_JsAwaiter,
    MP_TYPE_FLAG_ITER_IS_ITERNEXT,
    iter, awaiter_iternext,
    locals_dict, &awaiter_locals_dict
    );

static mp_obj_t proxy_getiter(mp_obj_t self_in, mp_obj_iter_buf_t *iter_buf) {
    (void)iter_buf;
    mpjs_value_t out[3];
    int handle = proxy_handle(self_in);
    int status = mpjs_js_iter(handle, out);
    if (status == MPJS_MISSING && mpjs_js_is_thenable(handle)) {
        mpjs_awaiter_t *awaiter = mp_obj_malloc(mpjs_awaiter_t, &mpjs_type_awaiter);
        awaiter->thenable = self_in;
        awaiter->yielded = false;
        return MP_OBJ_FROM_PTR(awaiter);
    }
    if (status == MPJS_MISSING) {
        mp_raise_TypeError(MP_ERROR_TEXT("JavaScript object is not iterable"));
    }
    check(status, out);
    mp_obj_t iterator = value_to_py(&out[0]);
    mpjs_iter_t *self = mp_obj_malloc(mpjs_iter_t, &mpjs_type_iterator);
    self->iterator = iterator;
    return MP_OBJ_FROM_PTR(self);
}

static mp_obj_t proxy_del(mp_obj_t self_in) {
    proxy_release(self_in);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(proxy_del_obj, proxy_del);

static const mp_rom_map_elem_t proxy_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR___del__), MP_ROM_PTR(&proxy_del_obj) },
};
static MP_DEFINE_CONST_DICT(proxy_locals_dict, proxy_locals_dict_table);

MP_DEFINE_CONST_OBJ_TYPE(
    mpjs_type_JsProxy,
    MP_QSTR_JsProxy,
    MP_TYPE_FLAG_ITER_IS_GETITER,
    print, proxy_print,
    attr, proxy_attr,
    subscr, proxy_subscr,
    unary_op, proxy_unary_op,
    binary_op, proxy_binary_op,
    call, proxy_call,
    iter, proxy_getiter,
    locals_dict, &proxy_locals_dict
    );

/******************************************************************************/
// JsException (upstream's shape): args are (JsProxy of the thrown value, its
// name, its message); e.error is the thrown value too.

static mp_obj_t jsexc_error(mp_obj_t exc) {
    mp_obj_exception_t *self = MP_OBJ_TO_PTR(exc);
    if (self->args != NULL && self->args->len == 3 && mp_obj_is_type(self->args->items[0], &mpjs_type_JsProxy)) {
        return self->args->items[0];
    }
    return MP_OBJ_NULL;
}

static void jsexc_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    if (dest[0] == MP_OBJ_NULL && attr == MP_QSTR_error) {
        mp_obj_t error = jsexc_error(self_in);
        dest[0] = error != MP_OBJ_NULL ? error : mp_const_none;
        return;
    }
    mp_obj_exception_attr(self_in, attr, dest);
}

MP_DEFINE_CONST_OBJ_TYPE(
    mpjs_type_JsException,
    MP_QSTR_JsException,
    MP_TYPE_FLAG_NONE,
    make_new, mp_obj_exception_make_new,
    print, mp_obj_exception_print,
    attr, jsexc_attr,
    parent, &mp_type_Exception
    );

/******************************************************************************/
// Module functions

static mp_obj_t mpjs_eval(mp_obj_t code_in) {
    size_t len;
    const char *code = mp_obj_str_get_data(code_in, &len);
    mpjs_value_t out[3];
    check(mpjs_js_eval(code, len, out), out);
    return value_to_py(&out[0]);
}
static MP_DEFINE_CONST_FUN_OBJ_1(mpjs_eval_obj, mpjs_eval);

static mp_obj_t mpjs_new(size_t n_args, const mp_obj_t *args) {
    if (!mp_obj_is_type(args[0], &mpjs_type_JsProxy)) {
        mp_raise_TypeError(MP_ERROR_TEXT("js.new() needs a JsProxy of a constructor"));
    }
    return call_js(args[0], n_args - 1, 0, args + 1, 1);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR(mpjs_new_obj, 1, mpjs_new);

static mp_obj_t mpjs_release(mp_obj_t obj) {
    if (mp_obj_is_type(obj, &mpjs_type_JsProxy)) {
        return mp_obj_new_bool(proxy_release(obj));
    }
    if (!mp_obj_is_obj(obj)) {
        return mp_const_false;  // small ints, interned strings... are never referenced
    }
    pyref_drain();
    uint32_t id = pyref_id(obj);
    mp_map_elem_t *elem = mp_map_lookup(pyref_map(), MP_OBJ_NEW_SMALL_INT(id), MP_MAP_LOOKUP);
    if (elem == NULL || elem->value != obj) {
        return mp_const_false;
    }
    mp_map_lookup(pyref_map(), MP_OBJ_NEW_SMALL_INT(id), MP_MAP_LOOKUP_REMOVE_IF_FOUND);
    mpjs_js_release_pyref(id);
    return mp_const_true;
}
static MP_DEFINE_CONST_FUN_OBJ_1(mpjs_release_obj, mpjs_release);

// obj[key] for to_py(): holes of sparse arrays are None.
static mp_obj_t get_item_or_none(int handle, mp_obj_t key) {
    mpjs_value_t index, out[3];
    value_from_py(key, &index);
    int status = mpjs_js_get(handle, &index, 0, out);
    if (status == MPJS_MISSING) {
        return mp_const_none;
    }
    check(status, out);
    return value_to_py(&out[0]);
}

// Statuses of mpjs_js_to_py_kind() besides MPJS_THROWN.
enum { MPJS_TO_PY_OTHER = 0, MPJS_TO_PY_BYTES = 4, MPJS_TO_PY_ARRAY = 5, MPJS_TO_PY_OBJECT = 6 };

static mp_obj_t to_py(mp_obj_t obj) {
    if (!mp_obj_is_type(obj, &mpjs_type_JsProxy)) {
        return obj;
    }
    MP_STACK_CHECK();  // structures that contain themselves end here
    int handle = proxy_handle(obj);
    mpjs_value_t out[3];
    int kind = mpjs_js_to_py_kind(handle, out);
    check(kind, out);
    if (kind == MPJS_TO_PY_BYTES) {  // in out[0]
        return value_to_py(&out[0]);
    } else if (kind == MPJS_TO_PY_ARRAY) {
        mp_int_t len = mpjs_js_length(handle);
        mp_obj_t list = mp_obj_new_list(0, NULL);
        for (mp_int_t i = 0; i < len; i++) {
            mp_obj_list_append(list, to_py(get_item_or_none(handle, MP_OBJ_NEW_SMALL_INT(i))));
        }
        return list;
    } else if (kind == MPJS_TO_PY_OBJECT) {  // out[0] is the array of its own keys
        mp_obj_t keys = to_py(value_to_py(&out[0]));
        size_t len;
        mp_obj_t *items;
        mp_obj_list_get(keys, &len, &items);
        mp_obj_t dict = mp_obj_new_dict(len);
        for (size_t i = 0; i < len; i++) {
            mp_obj_dict_store(dict, items[i], to_py(get_item_or_none(handle, items[i])));
        }
        return dict;
    }
    return obj;
}
static MP_DEFINE_CONST_FUN_OBJ_1(mpjs_to_py_obj, to_py);

static mp_obj_t mpjs_live_handles(void) {
    return MP_OBJ_NEW_SMALL_INT(mpjs_js_live_handles());
}
static MP_DEFINE_CONST_FUN_OBJ_0(mpjs_live_handles_obj, mpjs_live_handles);

static mp_obj_t mpjs_live_pyrefs(void) {
    pyref_drain();
    return MP_OBJ_NEW_SMALL_INT(pyref_map()->used);
}
static MP_DEFINE_CONST_FUN_OBJ_0(mpjs_live_pyrefs_obj, mpjs_live_pyrefs);

// js.NAME: a lookup on globalThis.
static mp_obj_t mpjs_getattr(mp_obj_t name_in) {
    qstr name = mp_obj_str_get_qstr(name_in);
    size_t len;
    const byte *data = qstr_data(name, &len);
    if (len > 2 && data[0] == '_' && data[1] == '_') {
        // Python's own probes (__path__, __file__...) are not JS globals.
        mp_raise_msg_varg(&mp_type_AttributeError, MP_ERROR_TEXT("module 'js' has no attribute '%q'"), name);
    }
    mpjs_value_t key, out[3];
    value_from_qstr(name, &key);
    int status = mpjs_js_get(MPJS_HANDLE_GLOBAL, &key, 0, out);
    if (status == MPJS_MISSING) {
        mp_raise_msg_varg(&mp_type_AttributeError, MP_ERROR_TEXT("JavaScript has no global '%q'"), name);
    }
    check(status, out);
    return value_to_py(&out[0]);
}
static MP_DEFINE_CONST_FUN_OBJ_1(mpjs_getattr_obj, mpjs_getattr);

extern const mp_obj_module_t mp_module_js;

// Runs at every `import js` (MICROPY_MODULE_BUILTIN_INIT): registering the
// module in sys.modules makes later imports find it there (and
// registerJsModule can't shadow it).
static mp_obj_t mpjs___init__(void) {
    mp_obj_t name = MP_OBJ_NEW_QSTR(MP_QSTR_js);
    mp_map_t *loaded = &MP_STATE_VM(mp_loaded_modules_dict).map;
    if (mp_map_lookup(loaded, name, MP_MAP_LOOKUP) == NULL) {
        mp_map_lookup(loaded, name, MP_MAP_LOOKUP_ADD_IF_NOT_FOUND)->value = MP_OBJ_FROM_PTR(&mp_module_js);
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_0(mpjs___init___obj, mpjs___init__);

static const mp_rom_map_elem_t mp_module_js_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_js) },
    { MP_ROM_QSTR(MP_QSTR___init__), MP_ROM_PTR(&mpjs___init___obj) },
    { MP_ROM_QSTR(MP_QSTR___getattr__), MP_ROM_PTR(&mpjs_getattr_obj) },
    { MP_ROM_QSTR(MP_QSTR_eval), MP_ROM_PTR(&mpjs_eval_obj) },
    { MP_ROM_QSTR(MP_QSTR_new), MP_ROM_PTR(&mpjs_new_obj) },
    { MP_ROM_QSTR(MP_QSTR_to_py), MP_ROM_PTR(&mpjs_to_py_obj) },
    { MP_ROM_QSTR(MP_QSTR_release), MP_ROM_PTR(&mpjs_release_obj) },
    { MP_ROM_QSTR(MP_QSTR_live_handles), MP_ROM_PTR(&mpjs_live_handles_obj) },
    { MP_ROM_QSTR(MP_QSTR_live_pyrefs), MP_ROM_PTR(&mpjs_live_pyrefs_obj) },
    { MP_ROM_QSTR(MP_QSTR_globalThis), MP_ROM_PTR(&mpjs_global_obj) },
    { MP_ROM_QSTR(MP_QSTR_undefined), MP_ROM_PTR(&mpjs_undefined_obj) },
    { MP_ROM_QSTR(MP_QSTR_JsProxy), MP_ROM_PTR(&mpjs_type_JsProxy) },
    { MP_ROM_QSTR(MP_QSTR_JsException), MP_ROM_PTR(&mpjs_type_JsException) },
};
static MP_DEFINE_CONST_DICT(mp_module_js_globals, mp_module_js_globals_table);

const mp_obj_module_t mp_module_js = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&mp_module_js_globals,
};

MP_REGISTER_MODULE(MP_QSTR_js, mp_module_js);

// js.NAME = value / del js.NAME: on globalThis (the module's own table is fixed).
void mpjs_module_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    (void)self_in;
    if (dest[0] != MP_OBJ_SENTINEL) {
        return;  // loads go through __getattr__
    }
    mp_obj_t global = MP_OBJ_FROM_PTR(&mpjs_global_obj);
    proxy_attr(global, attr, dest);
}

MP_REGISTER_MODULE_DELEGATION(mp_module_js, mpjs_module_attr);

/******************************************************************************/
// The jsffi module (upstream's name for the FFI part)

// jsffi.create_proxy(obj): a JsProxy of obj's JS wrapper (obj itself when it
// converts to a JS primitive).
static mp_obj_t jsffi_create_proxy(mp_obj_t obj) {
    mpjs_value_t value, out;
    value_from_py(obj, &value);
    mpjs_js_hold(&value, &out);
    return value_to_py(&out);
}
static MP_DEFINE_CONST_FUN_OBJ_1(jsffi_create_proxy_obj, jsffi_create_proxy);

// jsffi.to_js(obj): a JsProxy of a JS copy: lists/tuples -> Array, dicts ->
// Object, recursively.
static mp_obj_t jsffi_to_js(mp_obj_t obj) {
    mpjs_value_t value, out;
    value_from_py_copy(obj, &value);
    mpjs_js_hold(&value, &out);
    return value_to_py(&out);
}
static MP_DEFINE_CONST_FUN_OBJ_1(jsffi_to_js_obj, jsffi_to_js);

// jsffi.mem_info(): the GC heap's (total, used, free, max_free, num_1block,
// num_2block, max_block) in bytes/blocks, as gc.mem_info prints them.
static mp_obj_t jsffi_mem_info(void) {
    gc_info_t info;
    gc_info(&info);
    mp_obj_t items[7] = {
        mp_obj_new_int_from_uint(info.total), mp_obj_new_int_from_uint(info.used),
        mp_obj_new_int_from_uint(info.free), mp_obj_new_int_from_uint(info.max_free),
        mp_obj_new_int_from_uint(info.num_1block), mp_obj_new_int_from_uint(info.num_2block),
        mp_obj_new_int_from_uint(info.max_block),
    };
    return mp_obj_new_tuple(7, items);
}
static MP_DEFINE_CONST_FUN_OBJ_0(jsffi_mem_info_obj, jsffi_mem_info);

static const mp_rom_map_elem_t mp_module_jsffi_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_jsffi) },
    { MP_ROM_QSTR(MP_QSTR_JsProxy), MP_ROM_PTR(&mpjs_type_JsProxy) },
    { MP_ROM_QSTR(MP_QSTR_JsException), MP_ROM_PTR(&mpjs_type_JsException) },
    { MP_ROM_QSTR(MP_QSTR_create_proxy), MP_ROM_PTR(&jsffi_create_proxy_obj) },
    { MP_ROM_QSTR(MP_QSTR_to_js), MP_ROM_PTR(&jsffi_to_js_obj) },
    { MP_ROM_QSTR(MP_QSTR_mem_info), MP_ROM_PTR(&jsffi_mem_info_obj) },
    { MP_ROM_QSTR(MP_QSTR_undefined), MP_ROM_PTR(&mpjs_undefined_obj) },
};
static MP_DEFINE_CONST_DICT(mp_module_jsffi_globals, mp_module_jsffi_globals_table);

const mp_obj_module_t mp_module_jsffi = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&mp_module_jsffi_globals,
};

MP_REGISTER_MODULE(MP_QSTR_jsffi, mp_module_jsffi);

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

// Hand a Python exception to JS (which throws it as a PythonError).
static void report_exception(mp_obj_t exc, mpjs_value_t *out) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        value_from_py(exc, out);
        nlr_pop();
    } else {
        // Out of memory even for that: the type name alone.
        const char *name = mp_obj_get_type_str(exc);
        value_from_str(name, strlen(name), out);
    }
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
            argv[i] = value_to_py(&args[i]);
        }
        mp_obj_t target = pyref_get(id);
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
                    thrown = new_jsexception(argv[0], argv[1], argv[2]);
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
            value_from_py_copy(result, out);
        } else {
            value_from_py(result, out);
        }
        nlr_pop();
        *status = result_status;
    } else {
        report_exception(MP_OBJ_FROM_PTR(nlr.ret_val), out);
        *status = MPJS_THROWN;
    }
    #if MPW_ASYNCIFY
    mpw_yield_countdown = countdown;
    #endif
    mpw_callback_depth -= 1;
    mpw_run_depth -= 1;
    mpjs_wake_asyncio();
}

// JS calls this once it has taken the result of mpjs_call_py: back at the
// event loop (no Python running), it is a time to collect garbage.
EMSCRIPTEN_KEEPALIVE void mpjs_idle(void) {
    mpw_collect_at_top_level();  // no-op unless no Python runs
}

/******************************************************************************/
// Module.mpjs's entry points (library_js.js, MPJS.makeApi): each writes its
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
    value_from_py(elem->value, out);
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
            value_from_py(result, out);  // (then the task's Promise)
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
        report_exception(MP_OBJ_FROM_PTR(nlr.ret_val), out);
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
        report_exception(MP_OBJ_FROM_PTR(nlr.ret_val), out);
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
        value_from_py(mp_builtin___import__(5, args), out);
        *status = MPJS_OK;
        nlr_pop();
    } else {
        report_exception(MP_OBJ_FROM_PTR(nlr.ret_val), out);
        *status = MPJS_THROWN;
    }
    entry_end(&entry);
}

// registerJsModule(name, object): `import name` gives the object's JsProxy.
EMSCRIPTEN_KEEPALIVE void mpjs_register_module(const char *name, mpjs_value_t *module, mpjs_value_t *out, int32_t *status) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t proxy = value_to_py(module);
        mp_obj_dict_store(MP_OBJ_FROM_PTR(&MP_STATE_VM(mp_loaded_modules_dict)), mp_obj_new_str(name, strlen(name)), proxy);
        memset(out, 0, sizeof(*out));
        *status = MPJS_OK;
        nlr_pop();
    } else {
        report_exception(MP_OBJ_FROM_PTR(nlr.ret_val), out);
        *status = MPJS_THROWN;
    }
}

// The runtime (re)started (mp_js_init): nothing JS referenced survives; a new Module.mpjs.
void mpjs_runtime_started(void) {
    MP_STATE_VM(mpjs_pyrefs) = mp_obj_new_dict(0);
    mpjs_js_reset();
    mpjs_js_make_api();
}
