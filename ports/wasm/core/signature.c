// `_signature.describe(f)`: the parameters of a Python function, for inspect.signature
// (ports/wasm/optional_modules/inspect.py). MicroPython keeps no __code__; a bytecode function's
// parameters are in its bytecode's prelude (py/bc.h) and its defaults in extra_args
// (py/objfun.h), which is where the VM reads them when it binds a call's arguments.
#include "py/bc.h"
#include "py/objfun.h"
#include "py/runtime.h"

// Names of the first n parameters recorded after the function's own name.
static mp_obj_t parameter_names(const mp_obj_fun_bc_t *fun, const byte **names, size_t n) {
    mp_obj_t tuple = mp_obj_new_tuple(n, NULL);
    for (size_t i = 0; i < n; i++) {
        qstr name = mp_decode_uint(names);
        #if MICROPY_EMIT_BYTECODE_USES_QSTR_TABLE
        name = fun->context->constants.qstr_table[name];
        #endif
        ((mp_obj_tuple_t *)MP_OBJ_TO_PTR(tuple))->items[i] = MP_OBJ_NEW_QSTR(name);
    }
    return tuple;
}

// py/objclosure.c keeps its struct private; these are its first fields (v1.23.0). A closure
// calls its function with the closed-over cells as the first positional arguments.
typedef struct {
    mp_obj_base_t base;
    mp_obj_t fun;
    size_t n_closed;
} closure_fields_t;
extern const mp_obj_type_t mp_type_closure;  // (py/objclosure.c declares it in no header)

// (positional names, keyword-only names, positional defaults, keyword defaults (a dict),
//  has *args, has **kwargs) of a function, closure or generator function written in Python;
// other callables (built-ins, bound methods: MicroPython has no __func__) raise ValueError.
static mp_obj_t signature_describe(mp_obj_t function) {
    size_t n_hidden = 0;
    if (mp_obj_is_type(function, &mp_type_closure)) {
        const closure_fields_t *closure = MP_OBJ_TO_PTR(function);
        n_hidden = closure->n_closed;
        function = closure->fun;
    }
    if (!mp_obj_is_type(function, &mp_type_fun_bc) && !mp_obj_is_type(function, &mp_type_gen_wrap)) {
        mp_raise_ValueError(MP_ERROR_TEXT("no signature found"));
    }
    const mp_obj_fun_bc_t *fun = MP_OBJ_TO_PTR(function);
    const byte *ip = fun->bytecode;
    MP_BC_PRELUDE_SIG_DECODE(ip);
    MP_BC_PRELUDE_SIZE_DECODE(ip);
    (void)n_state;
    (void)n_exc_stack;
    (void)n_info;
    (void)n_cell;
    const byte *names = mp_decode_uint_skip(ip);  // (the function's own name)
    for (size_t i = 0; i < n_hidden && i < n_pos_args; i++) {
        names = mp_decode_uint_skip(names);
    }
    n_pos_args -= n_hidden < n_pos_args ? n_hidden : n_pos_args;
    mp_obj_t positional = parameter_names(fun, &names, n_pos_args);
    mp_obj_t keyword_only = parameter_names(fun, &names, n_kwonly_args);
    mp_obj_t defaults = mp_obj_new_tuple(n_def_pos_args, fun->extra_args);
    mp_obj_t keyword_defaults = (scope_flags & MP_SCOPE_FLAG_DEFKWARGS)
        ? fun->extra_args[n_def_pos_args] : mp_obj_new_dict(0);
    mp_obj_t items[6] = {
        positional, keyword_only, defaults, keyword_defaults,
        mp_obj_new_bool(scope_flags & MP_SCOPE_FLAG_VARARGS),
        mp_obj_new_bool(scope_flags & MP_SCOPE_FLAG_VARKEYWORDS),
    };
    return mp_obj_new_tuple(MP_ARRAY_SIZE(items), items);
}
static MP_DEFINE_CONST_FUN_OBJ_1(signature_describe_obj, signature_describe);

static const mp_rom_map_elem_t signature_module_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR__signature) },
    { MP_ROM_QSTR(MP_QSTR_describe), MP_ROM_PTR(&signature_describe_obj) },
};
static MP_DEFINE_CONST_DICT(signature_module_globals, signature_module_globals_table);

const mp_obj_module_t mp_module_signature = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&signature_module_globals,
};

MP_REGISTER_MODULE(MP_QSTR__signature, mp_module_signature);
