/*
 * The `js` module (JavaScript's globals, eval, new, to_py, release) and
 * `jsffi` (upstream's name for the FFI part). The `js` module needs
 * MICROPY_MODULE_GETATTR, MICROPY_MODULE_BUILTIN_INIT and
 * MICROPY_MODULE_ATTR_DELEGATION (js.NAME = value).
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
// Module functions

static mp_obj_t mpjs_eval(mp_obj_t code_in) {
    size_t len;
    const char *code = mp_obj_str_get_data(code_in, &len);
    mpjs_value_t out[3];
    mpjs_check(mpjs_js_eval(code, len, out), out);
    return mpjs_value_to_py(&out[0]);
}
static MP_DEFINE_CONST_FUN_OBJ_1(mpjs_eval_obj, mpjs_eval);

static mp_obj_t mpjs_new(size_t n_args, const mp_obj_t *args) {
    if (!mp_obj_is_type(args[0], &mpjs_type_JsProxy)) {
        mp_raise_TypeError(MP_ERROR_TEXT("js.new() needs a JsProxy of a constructor"));
    }
    return mpjs_call_js(args[0], n_args - 1, 0, args + 1, 1);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR(mpjs_new_obj, 1, mpjs_new);

static mp_obj_t mpjs_release(mp_obj_t obj) {
    if (mp_obj_is_type(obj, &mpjs_type_JsProxy)) {
        return mp_obj_new_bool(mpjs_proxy_release(obj));
    }
    if (!mp_obj_is_obj(obj)) {
        return mp_const_false;  // small ints, interned strings... are never referenced
    }
    mpjs_pyref_drain();
    uint32_t id = mpjs_pyref_id(obj);
    mp_map_elem_t *elem = mp_map_lookup(mpjs_pyref_map(), MP_OBJ_NEW_SMALL_INT(id), MP_MAP_LOOKUP);
    if (elem == NULL || elem->value != obj) {
        return mp_const_false;
    }
    mp_map_lookup(mpjs_pyref_map(), MP_OBJ_NEW_SMALL_INT(id), MP_MAP_LOOKUP_REMOVE_IF_FOUND);
    mpjs_js_release_pyref(id);
    return mp_const_true;
}
static MP_DEFINE_CONST_FUN_OBJ_1(mpjs_release_obj, mpjs_release);

// obj[key] for to_py(): holes of sparse arrays are None.
static mp_obj_t get_item_or_none(int handle, mp_obj_t key) {
    mpjs_value_t index, out[3];
    mpjs_value_from_py(key, &index);
    int status = mpjs_js_get(handle, &index, 0, out);
    if (status == MPJS_MISSING) {
        return mp_const_none;
    }
    mpjs_check(status, out);
    return mpjs_value_to_py(&out[0]);
}

// Statuses of mpjs_js_to_py_kind() besides MPJS_THROWN.
enum { MPJS_TO_PY_OTHER = 0, MPJS_TO_PY_BYTES = 4, MPJS_TO_PY_ARRAY = 5, MPJS_TO_PY_OBJECT = 6 };

static mp_obj_t to_py(mp_obj_t obj) {
    if (!mp_obj_is_type(obj, &mpjs_type_JsProxy)) {
        return obj;
    }
    MP_STACK_CHECK();  // structures that contain themselves end here
    int handle = mpjs_proxy_handle(obj);
    mpjs_value_t out[3];
    int kind = mpjs_js_to_py_kind(handle, out);
    mpjs_check(kind, out);
    if (kind == MPJS_TO_PY_BYTES) {  // in out[0]
        return mpjs_value_to_py(&out[0]);
    } else if (kind == MPJS_TO_PY_ARRAY) {
        mp_int_t len = mpjs_js_length(handle);
        mp_obj_t list = mp_obj_new_list(0, NULL);
        for (mp_int_t i = 0; i < len; i++) {
            mp_obj_list_append(list, to_py(get_item_or_none(handle, MP_OBJ_NEW_SMALL_INT(i))));
        }
        return list;
    } else if (kind == MPJS_TO_PY_OBJECT) {  // out[0] is the array of its own keys
        mp_obj_t keys = to_py(mpjs_value_to_py(&out[0]));
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
    mpjs_pyref_drain();
    return MP_OBJ_NEW_SMALL_INT(mpjs_pyref_map()->used);
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
    mpjs_value_from_qstr(name, &key);
    int status = mpjs_js_get(MPJS_HANDLE_GLOBAL, &key, 0, out);
    if (status == MPJS_MISSING) {
        mp_raise_msg_varg(&mp_type_AttributeError, MP_ERROR_TEXT("JavaScript has no global '%q'"), name);
    }
    mpjs_check(status, out);
    return mpjs_value_to_py(&out[0]);
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
    mpjs_proxy_attr(global, attr, dest);
}

MP_REGISTER_MODULE_DELEGATION(mp_module_js, mpjs_module_attr);

/******************************************************************************/
// The jsffi module (upstream's name for the FFI part)

// jsffi.create_proxy(obj): a JsProxy of obj's JS wrapper (obj itself when it
// converts to a JS primitive).
static mp_obj_t jsffi_create_proxy(mp_obj_t obj) {
    mpjs_value_t value, out;
    mpjs_value_from_py(obj, &value);
    mpjs_js_hold(&value, &out);
    return mpjs_value_to_py(&out);
}
static MP_DEFINE_CONST_FUN_OBJ_1(jsffi_create_proxy_obj, jsffi_create_proxy);

// jsffi.to_js(obj): a JsProxy of a JS copy: lists/tuples -> Array, dicts ->
// Object, recursively.
static mp_obj_t jsffi_to_js(mp_obj_t obj) {
    mpjs_value_t value, out;
    mpjs_value_from_py_copy(obj, &value);
    mpjs_js_hold(&value, &out);
    return mpjs_value_to_py(&out);
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
    { MP_ROM_QSTR(MP_QSTR__wait_settled), MP_ROM_PTR(&mpjs_jsffi_wait_settled_obj) },  // for _mpjs_asyncio
    { MP_ROM_QSTR(MP_QSTR_undefined), MP_ROM_PTR(&mpjs_undefined_obj) },
};
static MP_DEFINE_CONST_DICT(mp_module_jsffi_globals, mp_module_jsffi_globals_table);

const mp_obj_module_t mp_module_jsffi = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&mp_module_jsffi_globals,
};

MP_REGISTER_MODULE(MP_QSTR_jsffi, mp_module_jsffi);
