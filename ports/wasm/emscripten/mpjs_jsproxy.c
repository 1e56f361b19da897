/*
 * JavaScript values seen from Python: JsProxy (call, attributes, items,
 * iteration, ==, hash), the awaiter that makes a thenable awaitable, and
 * JsException. The rest of the `js` module's C is listed in mpjs.h.
 *
 * How
 * ---
 *   JS values referenced from Python live in a JS-side table by handle (see
 *   library_mpjs_values.js); each has one canonical JsProxy (its finaliser
 *   frees the handle), whose address the table keeps, so the same JS object is
 *   the same Python object. A function read as an attribute of an object is a
 *   bound JsProxy (same handle, that object as `this`).
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

/******************************************************************************/
// JsProxy

const mpjs_proxy_t mpjs_undefined_obj = {{&mpjs_type_JsProxy}, MPJS_HANDLE_UNDEFINED, MP_OBJ_NULL, MP_OBJ_NULL};
const mpjs_proxy_t mpjs_global_obj = {{&mpjs_type_JsProxy}, MPJS_HANDLE_GLOBAL, MP_OBJ_NULL, MP_OBJ_NULL};

// The JsProxy of a handle JS gave us: the existing one, or a new one.
mp_obj_t mpjs_proxy_new(int handle) {
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

int mpjs_proxy_handle(mp_obj_t self_in) {
    mpjs_proxy_t *self = MP_OBJ_TO_PTR(self_in);
    if (self->handle == MPJS_HANDLE_RELEASED) {
        mp_raise_msg(&mp_type_RuntimeError, MP_ERROR_TEXT("JsProxy was released"));
    }
    return self->handle;
}

bool mpjs_proxy_release(mp_obj_t self_in) {
    mpjs_proxy_t *self = MP_OBJ_TO_PTR(self_in);
    if (self->handle <= MPJS_HANDLE_GLOBAL || self->canonical != MP_OBJ_NULL) {
        return false;  // released already, one of the static proxies, or bound
    }
    mpjs_js_free(self->handle, (uint32_t)(uintptr_t)self);
    self->handle = MPJS_HANDLE_RELEASED;
    return true;
}


// Calls the JS function: positional arguments, then keyword arguments (if
// any) as one plain object, as upstream does.
mp_obj_t mpjs_call_js(mp_obj_t func, size_t n_args, size_t n_kw, const mp_obj_t *args, int construct) {
    mpjs_proxy_t *self = MP_OBJ_TO_PTR(func);
    int handle = mpjs_proxy_handle(func);
    int this_handle = self->this_obj != MP_OBJ_NULL ? mpjs_proxy_handle(self->this_obj) : MPJS_HANDLE_UNDEFINED;
    mp_obj_t kwargs = MP_OBJ_NULL;
    int kwargs_handle = 0;
    if (n_kw != 0) {
        kwargs_handle = mpjs_js_new_container(0);
        kwargs = mpjs_proxy_new(kwargs_handle);  // frees the slot once collected
        mpjs_value_t key, item;
        for (size_t i = 0; i < n_kw; i++) {
            mpjs_value_from_py(args[n_args + 2 * i], &key);
            mpjs_value_from_py(args[n_args + 2 * i + 1], &item);
            mpjs_js_container_put(kwargs_handle, &key, &item);
        }
    }
    // On the heap, so that the GC sees the temporary proxies they keep.
    mpjs_value_t *values = m_new(mpjs_value_t, n_args + 3);
    for (size_t i = 0; i < n_args; i++) {
        mpjs_value_from_py(args[i], &values[i]);
    }
    mpjs_value_t *out = values + n_args;
    mpjs_check(mpjs_js_call(handle, this_handle, n_args, values, kwargs_handle, construct, out), out);
    mp_obj_t result = mpjs_value_to_py(out);
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

void mpjs_proxy_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    if (attr == MP_QSTR___del__) {
        dest[1] = MP_OBJ_SENTINEL;  // the finaliser, from locals_dict
        return;
    }
    int handle = mpjs_proxy_handle(self_in);
    mpjs_value_t key, value, out[3];
    mpjs_value_from_qstr(attr, &key);
    if (dest[0] == MP_OBJ_NULL) {
        int status = mpjs_js_get(handle, &key, 0, out);
        if (status == MPJS_MISSING) {
            return;  // AttributeError
        }
        mpjs_check(status, out);
        dest[0] = mpjs_value_to_py(&out[0]);
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
        mpjs_value_from_py(dest[1], &value);
    }
    int status = mpjs_js_set(handle, &key, delete ? NULL : &value, 0, out);
    if (status == MPJS_MISSING) {
        mp_raise_msg_varg(&mp_type_AttributeError, MP_ERROR_TEXT("JavaScript object has no attribute '%q'"), attr);
    }
    mpjs_check(status, out);
    dest[0] = MP_OBJ_NULL;  // done
}

static mp_obj_t proxy_subscr(mp_obj_t self_in, mp_obj_t index, mp_obj_t value_in) {
    int handle = mpjs_proxy_handle(self_in);
    mpjs_value_t key, value, out[3];
    mpjs_key_from_py(index, &key);
    int status;
    if (value_in == MP_OBJ_SENTINEL) {
        status = mpjs_js_get(handle, &key, 1, out);
    } else {
        if (value_in != MP_OBJ_NULL) {
            mpjs_value_from_py(value_in, &value);
        }
        status = mpjs_js_set(handle, &key, value_in == MP_OBJ_NULL ? NULL : &value, 1, out);
    }
    if (status == MPJS_MISSING) {
        mp_raise_type_arg(&mp_type_KeyError, index);
    } else if (status == MPJS_OUT_OF_RANGE) {
        mp_raise_msg(&mp_type_IndexError, MP_ERROR_TEXT("index out of range"));
    }
    mpjs_check(status, out);
    return value_in == MP_OBJ_SENTINEL ? mpjs_value_to_py(&out[0]) : mp_const_none;
}

static mp_obj_t proxy_unary_op(mp_unary_op_t op, mp_obj_t self_in) {
    switch (op) {
        case MP_UNARY_OP_BOOL:
            return mp_obj_new_bool(mpjs_js_truthy(mpjs_proxy_handle(self_in)));
        case MP_UNARY_OP_LEN: {
            int len = mpjs_js_length(mpjs_proxy_handle(self_in));
            return len < 0 ? MP_OBJ_NULL : MP_OBJ_NEW_SMALL_INT(len);
        }
        case MP_UNARY_OP_HASH:
            return MP_OBJ_NEW_SMALL_INT(mpjs_js_hash(mpjs_proxy_handle(self_in)));
        default:
            return MP_OBJ_NULL;
    }
}

static mp_obj_t proxy_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {
    if (op == MP_BINARY_OP_EQUAL) {
        if (!mp_obj_is_type(rhs, &mpjs_type_JsProxy)) {
            return MP_OBJ_NULL;
        }
        return mp_obj_new_bool(mpjs_js_equal(mpjs_proxy_handle(lhs), mpjs_proxy_handle(rhs)));
    }
    if (op == MP_BINARY_OP_CONTAINS) {
        mpjs_value_t item, out[3];
        mpjs_value_from_py(rhs, &item);
        mpjs_check(mpjs_js_contains(mpjs_proxy_handle(lhs), &item, out), out);
        return mpjs_value_to_py(&out[0]);
    }
    return MP_OBJ_NULL;
}

static mp_obj_t proxy_call(mp_obj_t self_in, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    return mpjs_call_js(self_in, n_args, n_kw, args, 0);
}

// Iteration follows JavaScript's iterator protocol.
typedef struct _mpjs_iter_t {
    mp_obj_base_t base;
    mp_obj_t iterator;  // JsProxy of the JS iterator
} mpjs_iter_t;

static mp_obj_t iter_next(mp_obj_t self_in) {
    mpjs_iter_t *self = MP_OBJ_TO_PTR(self_in);
    mpjs_value_t out[3];
    int status = mpjs_js_iter_next(mpjs_proxy_handle(self->iterator), out);
    if (status == MPJS_MISSING) {
        return MP_OBJ_STOP_ITERATION;
    }
    mpjs_check(status, out);
    return mpjs_value_to_py(&out[0]);
}

static MP_DEFINE_CONST_OBJ_TYPE(
    mpjs_type_iterator,
    MP_QSTR_iterator,
    MP_TYPE_FLAG_ITER_IS_ITERNEXT,
    iter, iter_next
    );

// `await thenable` is `yield from iter(thenable)`: it yields the thenable once
// (to whoever runs the coroutine: the Promise driver of library_mpjs_pyproxy.js, or an
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
    int handle = mpjs_proxy_handle(self_in);
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
    mpjs_check(status, out);
    mp_obj_t iterator = mpjs_value_to_py(&out[0]);
    mpjs_iter_t *self = mp_obj_malloc(mpjs_iter_t, &mpjs_type_iterator);
    self->iterator = iterator;
    return MP_OBJ_FROM_PTR(self);
}

static mp_obj_t proxy_del(mp_obj_t self_in) {
    mpjs_proxy_release(self_in);
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
    attr, mpjs_proxy_attr,
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

mp_obj_t mpjs_jsexc_error(mp_obj_t exc) {
    mp_obj_exception_t *self = MP_OBJ_TO_PTR(exc);
    if (self->args != NULL && self->args->len == 3 && mp_obj_is_type(self->args->items[0], &mpjs_type_JsProxy)) {
        return self->args->items[0];
    }
    return MP_OBJ_NULL;
}

static void jsexc_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    if (dest[0] == MP_OBJ_NULL && attr == MP_QSTR_error) {
        mp_obj_t error = mpjs_jsexc_error(self_in);
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
