// `_gc`: the garbage collector's controls, which modules/gc.py re-exports as
// `gc` (upstream's py/modgc.c is off: MICROPY_PY_GC in mpconfigport.h).
//
// gc.collect() must have freed what is unreachable when it returns. Native
// builds collect at once. WebAssembly builds without exact stack scans can
// collect only where no reference sits in a wasm local alone: the running
// frame's next branch (emscripten/gccollect.c). gc.py's collect() is bytecode
// that takes a branch right after asking, so the collection runs before it
// returns; that needs a Python function, which a C module cannot hold.
#include "py/gc.h"
#include "py/runtime.h"

#include "core/port_hooks.h"

#if MICROPY_ENABLE_GC

// collect(): True when the collection waits for the caller's next branch.
static mp_obj_t gc_module_collect(void) {
    return mp_obj_new_bool(mpw_gc_collect_by_next_branch());
}
static MP_DEFINE_CONST_FUN_OBJ_0(gc_module_collect_obj, gc_module_collect);

static mp_obj_t gc_module_disable(void) {
    MP_STATE_MEM(gc_auto_collect_enabled) = 0;
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_0(gc_module_disable_obj, gc_module_disable);

static mp_obj_t gc_module_enable(void) {
    MP_STATE_MEM(gc_auto_collect_enabled) = 1;
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_0(gc_module_enable_obj, gc_module_enable);

static mp_obj_t gc_module_isenabled(void) {
    return mp_obj_new_bool(MP_STATE_MEM(gc_auto_collect_enabled));
}
static MP_DEFINE_CONST_FUN_OBJ_0(gc_module_isenabled_obj, gc_module_isenabled);

// mem_free(): free bytes, counting what the heap may still grow by (new
// areas), as upstream reports a heap that grows.
static mp_obj_t gc_module_mem_free(void) {
    gc_info_t info;
    gc_info(&info);
    size_t free_bytes = info.free;
    #if MICROPY_GC_SPLIT_HEAP_AUTO
    free_bytes += info.max_new_split;
    #endif
    return MP_OBJ_NEW_SMALL_INT(free_bytes);
}
static MP_DEFINE_CONST_FUN_OBJ_0(gc_module_mem_free_obj, gc_module_mem_free);

static mp_obj_t gc_module_mem_alloc(void) {
    gc_info_t info;
    gc_info(&info);
    return MP_OBJ_NEW_SMALL_INT(info.used);
}
static MP_DEFINE_CONST_FUN_OBJ_0(gc_module_mem_alloc_obj, gc_module_mem_alloc);

#if MICROPY_GC_ALLOC_THRESHOLD
// threshold([bytes]): a collection after that many bytes allocated; -1: none.
static mp_obj_t gc_module_threshold(size_t n_args, const mp_obj_t *args) {
    size_t *blocks = &MP_STATE_MEM(gc_alloc_threshold);
    if (n_args == 0) {
        return *blocks == (size_t)-1 ? MP_OBJ_NEW_SMALL_INT(-1)
            : mp_obj_new_int_from_uint(*blocks * MICROPY_BYTES_PER_GC_BLOCK);
    }
    mp_int_t bytes = mp_obj_get_int(args[0]);
    *blocks = bytes < 0 ? (size_t)-1 : (size_t)bytes / MICROPY_BYTES_PER_GC_BLOCK;
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(gc_module_threshold_obj, 0, 1, gc_module_threshold);
#endif

static const mp_rom_map_elem_t gc_module_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR__gc) },
    { MP_ROM_QSTR(MP_QSTR_collect), MP_ROM_PTR(&gc_module_collect_obj) },
    { MP_ROM_QSTR(MP_QSTR_disable), MP_ROM_PTR(&gc_module_disable_obj) },
    { MP_ROM_QSTR(MP_QSTR_enable), MP_ROM_PTR(&gc_module_enable_obj) },
    { MP_ROM_QSTR(MP_QSTR_isenabled), MP_ROM_PTR(&gc_module_isenabled_obj) },
    { MP_ROM_QSTR(MP_QSTR_mem_free), MP_ROM_PTR(&gc_module_mem_free_obj) },
    { MP_ROM_QSTR(MP_QSTR_mem_alloc), MP_ROM_PTR(&gc_module_mem_alloc_obj) },
    #if MICROPY_GC_ALLOC_THRESHOLD
    { MP_ROM_QSTR(MP_QSTR_threshold), MP_ROM_PTR(&gc_module_threshold_obj) },
    #endif
};
static MP_DEFINE_CONST_DICT(gc_module_globals, gc_module_globals_table);

const mp_obj_module_t mpw_module_gc = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&gc_module_globals,
};
MP_REGISTER_MODULE(MP_QSTR__gc, mpw_module_gc);

#endif
