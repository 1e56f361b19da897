// What the files of the `js`/`jsffi` modules and Module.mpjs share (not the
// rest of the port: that is modjs.h). The files, by concern:
//   mpjs_jsproxy.c  JS values seen from Python: JsProxy, its awaiter, JsException
//   mpjs_convert.c  values crossing the boundary; Python objects JS references
//   mpjs_modules.c  the `js` and `jsffi` modules
//   mpjs_pyside.c   calls from JavaScript into Python (what a PyProxy does)
//   mpjs_run.c      Module.mpjs's entry points (runPython...), asyncio's wake-up
//   mpjs_await.c    the port hook with which asyncio.run waits for JavaScript
// The JavaScript halves are library_mpjs_*.js; README, "Python <-> JavaScript",
// documents what they do.
#ifndef MICROPY_INCLUDED_WASM_MPJS_H
#define MICROPY_INCLUDED_WASM_MPJS_H

#include "py/obj.h"

// A value crossing the boundary; library_mpjs_values.js reads and writes this layout.
typedef struct _mpjs_value_t {
    uint32_t kind;  // MPJS_KIND_*
    uint32_t a;     // bool; handle; Python reference id; string pointer
    uint32_t b;     // string length; for Python references MPJS_PY_*
    uint32_t keep;  // a Python object to keep alive while the value is in flight
    double num;
} mpjs_value_t;

_Static_assert(sizeof(mpjs_value_t) == 24, "library_mpjs_values.js assumes 24-byte values");

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

// Implemented in library_mpjs_*.js. Functions taking `out` write the result to out[0]
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

// One canonical JsProxy per JS value (its finaliser frees the handle); a
// function read as an attribute of an object is a bound JsProxy: the same
// handle, called with that object as `this`.
typedef struct _mpjs_proxy_t {
    mp_obj_base_t base;
    int handle;
    mp_obj_t this_obj;   // bound: the JsProxy it was read from; else MP_OBJ_NULL
    mp_obj_t canonical;  // bound: the canonical JsProxy of the function (keeps the handle)
} mpjs_proxy_t;

// mpjs_jsproxy.c
extern const mp_obj_type_t mpjs_type_JsProxy;
extern const mp_obj_type_t mpjs_type_JsException;
extern const mpjs_proxy_t mpjs_undefined_obj;
extern const mpjs_proxy_t mpjs_global_obj;
mp_obj_t mpjs_proxy_new(int handle);
int mpjs_proxy_handle(mp_obj_t self_in);
bool mpjs_proxy_release(mp_obj_t self_in);
void mpjs_proxy_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest);
mp_obj_t mpjs_call_js(mp_obj_t func, size_t n_args, size_t n_kw, const mp_obj_t *args, int construct);
mp_obj_t mpjs_jsexc_error(mp_obj_t exc);

// mpjs_convert.c
mp_map_t *mpjs_pyref_map(void);
void mpjs_pyref_drain(void);
uint32_t mpjs_pyref_id(mp_obj_t obj);
mp_obj_t mpjs_pyref_get(uint32_t id);
void mpjs_value_from_str(const char *data, size_t len, mpjs_value_t *value);
void mpjs_value_from_qstr(qstr name, mpjs_value_t *value);
void mpjs_value_from_py(mp_obj_t obj, mpjs_value_t *value);
void mpjs_value_from_py_copy(mp_obj_t obj, mpjs_value_t *value);
void mpjs_key_from_py(mp_obj_t key, mpjs_value_t *value);
mp_obj_t mpjs_value_to_py(const mpjs_value_t *value);
mp_obj_t mpjs_new_jsexception(mp_obj_t thrown, mp_obj_t name, mp_obj_t message);
void mpjs_check(int status, mpjs_value_t *out);
void mpjs_report_exception(mp_obj_t exc, mpjs_value_t *out);


// mpjs_await.c. The port hook: suspends the wasm stack until the JS thenable
// of `handle` settles (0: no thenable) or `timeout_ms` passes (< 0: no limit),
// JavaScript running meanwhile (timers, promise callbacks, Python callbacks).
// Returns false at once, without waiting, where the stack cannot be suspended:
// in variants without asyncify/JSPI (a weak default), in a callback that
// JavaScript called synchronously, during a collection.
bool mpjs_wait_settled(int handle, int timeout_ms);
extern const mp_obj_fun_builtin_fixed_t mpjs_jsffi_wait_settled_obj;

#endif
