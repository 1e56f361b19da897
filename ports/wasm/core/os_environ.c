// os.getenv, os.putenv and os.unsetenv (as upstream's unix port has them),
// over the C library's environment: the host's natively; in WebAssembly
// emscripten's, which the node launcher fills from node's (node/launcher.js).
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "py/runtime.h"

static mp_obj_t os_getenv(size_t n_args, const mp_obj_t *args) {
    const char *value = getenv(mp_obj_str_get_str(args[0]));
    if (value == NULL) {
        return n_args > 1 ? args[1] : mp_const_none;
    }
    return mp_obj_new_str(value, strlen(value));
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(mp_os_getenv_obj, 1, 2, os_getenv);

static mp_obj_t os_putenv(mp_obj_t name, mp_obj_t value) {
    if (setenv(mp_obj_str_get_str(name), mp_obj_str_get_str(value), 1) != 0) {
        mp_raise_OSError(errno);
    }
    return mp_const_none;
}
MP_DEFINE_CONST_FUN_OBJ_2(mp_os_putenv_obj, os_putenv);

static mp_obj_t os_unsetenv(mp_obj_t name) {
    if (unsetenv(mp_obj_str_get_str(name)) != 0) {
        mp_raise_OSError(errno);
    }
    return mp_const_none;
}
MP_DEFINE_CONST_FUN_OBJ_1(mp_os_unsetenv_obj, os_unsetenv);
