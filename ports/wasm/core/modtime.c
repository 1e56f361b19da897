// The port's `time` module: sleeping, wall-clock time, calendar conversions and
// wrapping tick counters.
#include <time.h>

#include "py/mphal.h"
#include "py/runtime.h"
#include "py/smallint.h"

// Tick counters wrap at a power of two that fits a small int, as in MicroPython.
#define TICKS_PERIOD (MP_SMALL_INT_POSITIVE_MASK + 1)
#define TICKS_MAX (TICKS_PERIOD - 1)
#define TICKS_HALF_PERIOD (TICKS_PERIOD >> 1)

static mp_obj_t time_sleep(mp_obj_t seconds_in) {
    mp_float_t seconds = mp_obj_get_float(seconds_in);
    if (seconds < 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("sleep length must be non-negative"));
    }
    mp_hal_delay_us((mp_uint_t)(seconds * 1000000));
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(time_sleep_obj, time_sleep);

static mp_obj_t time_sleep_ms(mp_obj_t ms_in) {
    mp_int_t ms = mp_obj_get_int(ms_in);
    if (ms > 0) {
        mp_hal_delay_ms(ms);
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(time_sleep_ms_obj, time_sleep_ms);

static mp_obj_t time_sleep_us(mp_obj_t us_in) {
    mp_int_t us = mp_obj_get_int(us_in);
    if (us > 0) {
        mp_hal_delay_us(us);
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(time_sleep_us_obj, time_sleep_us);

static mp_obj_t time_time(void) {
    return mp_obj_new_float((mp_float_t)mp_hal_time_ns() / 1e9);
}
static MP_DEFINE_CONST_FUN_OBJ_0(time_time_obj, time_time);

static mp_obj_t time_time_ns(void) {
    return mp_obj_new_int_from_ull(mp_hal_time_ns());
}
static MP_DEFINE_CONST_FUN_OBJ_0(time_time_ns_obj, time_time_ns);

// gmtime([secs]) and localtime([secs]) as MicroPython has them: an 8-tuple
// (year, month, mday, hour, minute, second, weekday 0=Monday, yearday 1-366).
// libc does the calendar and time-zone work (in wasm: the JS engine's zone).
static mp_obj_t struct_time_tuple(size_t n_args, const mp_obj_t *args, bool local) {
    time_t seconds;
    if (n_args == 0 || args[0] == mp_const_none) {
        seconds = (time_t)(mp_hal_time_ns() / 1000000000u);
    } else if (mp_obj_is_float(args[0])) {
        seconds = (time_t)mp_obj_get_float(args[0]);  // gmtime(time.time()): the fraction goes
    } else {
        seconds = (time_t)mp_obj_get_int(args[0]);
    }
    struct tm tm;
    if ((local ? localtime_r(&seconds, &tm) : gmtime_r(&seconds, &tm)) == NULL) {
        mp_raise_msg(&mp_type_OverflowError, MP_ERROR_TEXT("timestamp out of range"));
    }
    mp_obj_t fields[8] = {
        mp_obj_new_int(tm.tm_year + 1900), MP_OBJ_NEW_SMALL_INT(tm.tm_mon + 1), MP_OBJ_NEW_SMALL_INT(tm.tm_mday),
        MP_OBJ_NEW_SMALL_INT(tm.tm_hour), MP_OBJ_NEW_SMALL_INT(tm.tm_min), MP_OBJ_NEW_SMALL_INT(tm.tm_sec),
        MP_OBJ_NEW_SMALL_INT((tm.tm_wday + 6) % 7), MP_OBJ_NEW_SMALL_INT(tm.tm_yday + 1),
    };
    return mp_obj_new_tuple(8, fields);
}

static mp_obj_t time_gmtime(size_t n_args, const mp_obj_t *args) {
    return struct_time_tuple(n_args, args, false);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(time_gmtime_obj, 0, 1, time_gmtime);

static mp_obj_t time_localtime(size_t n_args, const mp_obj_t *args) {
    return struct_time_tuple(n_args, args, true);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(time_localtime_obj, 0, 1, time_localtime);

// mktime(tuple): the inverse of localtime(); takes 8 or 9 fields (CPython's).
static mp_obj_t time_mktime(mp_obj_t tuple_in) {
    size_t len;
    mp_obj_t *fields;
    mp_obj_get_array(tuple_in, &len, &fields);
    if (len < 8 || len > 9) {
        mp_raise_TypeError(MP_ERROR_TEXT("mktime needs a tuple of length 8 or 9"));
    }
    struct tm tm = {
        .tm_year = mp_obj_get_int(fields[0]) - 1900, .tm_mon = mp_obj_get_int(fields[1]) - 1,
        .tm_mday = mp_obj_get_int(fields[2]), .tm_hour = mp_obj_get_int(fields[3]),
        .tm_min = mp_obj_get_int(fields[4]), .tm_sec = mp_obj_get_int(fields[5]),
        .tm_isdst = -1,  // libc decides whether daylight saving applies
    };
    time_t seconds = mktime(&tm);
    if (seconds == (time_t)-1 && tm.tm_year != 69) {
        mp_raise_msg(&mp_type_OverflowError, MP_ERROR_TEXT("mktime argument out of range"));
    }
    return mp_obj_new_int_from_ll((long long)seconds);
}
static MP_DEFINE_CONST_FUN_OBJ_1(time_mktime_obj, time_mktime);

static mp_obj_t time_ticks_ms(void) {
    return MP_OBJ_NEW_SMALL_INT(mp_hal_ticks_ms() & TICKS_MAX);
}
static MP_DEFINE_CONST_FUN_OBJ_0(time_ticks_ms_obj, time_ticks_ms);

static mp_obj_t time_ticks_us(void) {
    return MP_OBJ_NEW_SMALL_INT(mp_hal_ticks_us() & TICKS_MAX);
}
static MP_DEFINE_CONST_FUN_OBJ_0(time_ticks_us_obj, time_ticks_us);

static mp_obj_t time_ticks_cpu(void) {
    return MP_OBJ_NEW_SMALL_INT(mp_hal_ticks_cpu() & TICKS_MAX);
}
static MP_DEFINE_CONST_FUN_OBJ_0(time_ticks_cpu_obj, time_ticks_cpu);

static mp_obj_t time_ticks_diff(mp_obj_t end_in, mp_obj_t start_in) {
    // Differences within half a period are exact, whichever side wrapped.
    mp_uint_t start = MP_OBJ_SMALL_INT_VALUE(start_in);
    mp_uint_t end = MP_OBJ_SMALL_INT_VALUE(end_in);
    mp_int_t diff = ((end - start + TICKS_HALF_PERIOD) & TICKS_MAX) - TICKS_HALF_PERIOD;
    return MP_OBJ_NEW_SMALL_INT(diff);
}
static MP_DEFINE_CONST_FUN_OBJ_2(time_ticks_diff_obj, time_ticks_diff);

static mp_obj_t time_ticks_add(mp_obj_t ticks_in, mp_obj_t delta_in) {
    mp_uint_t ticks = MP_OBJ_SMALL_INT_VALUE(ticks_in);
    mp_uint_t delta = mp_obj_get_int(delta_in);
    // |delta| < half a period, both ways: ticks_diff(ticks_add(t, d), t) == d
    // and ticks_diff(t, ticks_add(t, d)) == -d (-HALF_PERIOD fails the second).
    if ((mp_int_t)delta <= -(mp_int_t)TICKS_HALF_PERIOD || (mp_int_t)delta >= (mp_int_t)TICKS_HALF_PERIOD) {
        mp_raise_msg(&mp_type_OverflowError, MP_ERROR_TEXT("ticks interval overflow"));
    }
    return MP_OBJ_NEW_SMALL_INT((ticks + delta) & TICKS_MAX);
}
static MP_DEFINE_CONST_FUN_OBJ_2(time_ticks_add_obj, time_ticks_add);

static const mp_rom_map_elem_t mp_module_time_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_time) },
    { MP_ROM_QSTR(MP_QSTR_sleep), MP_ROM_PTR(&time_sleep_obj) },
    { MP_ROM_QSTR(MP_QSTR_sleep_ms), MP_ROM_PTR(&time_sleep_ms_obj) },
    { MP_ROM_QSTR(MP_QSTR_sleep_us), MP_ROM_PTR(&time_sleep_us_obj) },
    { MP_ROM_QSTR(MP_QSTR_time), MP_ROM_PTR(&time_time_obj) },
    { MP_ROM_QSTR(MP_QSTR_time_ns), MP_ROM_PTR(&time_time_ns_obj) },
    { MP_ROM_QSTR(MP_QSTR_gmtime), MP_ROM_PTR(&time_gmtime_obj) },
    { MP_ROM_QSTR(MP_QSTR_localtime), MP_ROM_PTR(&time_localtime_obj) },
    { MP_ROM_QSTR(MP_QSTR_mktime), MP_ROM_PTR(&time_mktime_obj) },
    { MP_ROM_QSTR(MP_QSTR_ticks_ms), MP_ROM_PTR(&time_ticks_ms_obj) },
    { MP_ROM_QSTR(MP_QSTR_ticks_us), MP_ROM_PTR(&time_ticks_us_obj) },
    { MP_ROM_QSTR(MP_QSTR_ticks_cpu), MP_ROM_PTR(&time_ticks_cpu_obj) },
    { MP_ROM_QSTR(MP_QSTR_ticks_diff), MP_ROM_PTR(&time_ticks_diff_obj) },
    { MP_ROM_QSTR(MP_QSTR_ticks_add), MP_ROM_PTR(&time_ticks_add_obj) },
};
static MP_DEFINE_CONST_DICT(mp_module_time_globals, mp_module_time_globals_table);

const mp_obj_module_t mp_module_time = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&mp_module_time_globals,
};

MP_REGISTER_EXTENSIBLE_MODULE(MP_QSTR_time, mp_module_time);
