// The `stats` module: descriptive statistics of a sequence of numbers, in plain C.
// A user module written directly against MicroPython's C API (the other way is a
// .pym file, see docs/pym.md). Every function takes any iterable of int/float.
//
//   stats.fsum(data)                  exact-ish sum (Neumaier compensation)
//   stats.mean(data)
//   stats.variance(data, *, sample=True)
//   stats.stdev(data, *, sample=True)
//   stats.median(data)
//   stats.minmax(data)                (min, max) as floats
#include <math.h>
#include <stdlib.h>

#include "py/obj.h"
#include "py/runtime.h"

// The numbers of an iterable, as a GC-allocated array (freed by the caller).
typedef struct {
    mp_float_t *items;
    size_t len;
    size_t alloc;
} number_list_t;

static number_list_t collect_numbers(mp_obj_t iterable) {
    number_list_t list = { m_new(mp_float_t, 8), 0, 8 };
    mp_obj_iter_buf_t iter_buf;
    mp_obj_t iterator = mp_getiter(iterable, &iter_buf);
    mp_obj_t item;
    while ((item = mp_iternext(iterator)) != MP_OBJ_STOP_ITERATION) {
        if (list.len == list.alloc) {
            list.items = m_renew(mp_float_t, list.items, list.alloc, list.alloc * 2);
            list.alloc *= 2;
        }
        list.items[list.len++] = mp_obj_get_float(item);
    }
    return list;
}

static void free_numbers(number_list_t *list) {
    m_del(mp_float_t, list->items, list->alloc);
}

static void require_items(const number_list_t *list, size_t minimum, const char *what) {
    if (list->len < minimum) {
        mp_float_t *items = list->items;
        m_del(mp_float_t, items, list->alloc);
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("%s requires at least %d data points"),
            what, (int)minimum);
    }
}

// Neumaier's variant of Kahan summation: the rounding error of each addition is kept.
static mp_float_t compensated_sum(const mp_float_t *items, size_t len) {
    mp_float_t sum = 0, compensation = 0;
    for (size_t i = 0; i < len; i++) {
        mp_float_t t = sum + items[i];
        if (MICROPY_FLOAT_C_FUN(fabs)(sum) >= MICROPY_FLOAT_C_FUN(fabs)(items[i])) {
            compensation += (sum - t) + items[i];
        } else {
            compensation += (items[i] - t) + sum;
        }
        sum = t;
    }
    // An infinity or NaN makes the compensation NaN (inf - inf): the plain sum is the answer.
    return isfinite(sum) ? sum + compensation : sum;
}

static mp_obj_t stats_fsum(mp_obj_t data) {
    number_list_t list = collect_numbers(data);
    mp_float_t sum = compensated_sum(list.items, list.len);
    free_numbers(&list);
    return mp_obj_new_float(sum);
}
static MP_DEFINE_CONST_FUN_OBJ_1(stats_fsum_obj, stats_fsum);

static mp_obj_t stats_mean(mp_obj_t data) {
    number_list_t list = collect_numbers(data);
    require_items(&list, 1, "mean");
    mp_float_t mean = compensated_sum(list.items, list.len) / (mp_float_t)list.len;
    free_numbers(&list);
    return mp_obj_new_float(mean);
}
static MP_DEFINE_CONST_FUN_OBJ_1(stats_mean_obj, stats_mean);

// Two passes (mean, then squared deviations): stable for data far from zero.
static mp_float_t variance_of(mp_obj_t data, bool sample, const char *what) {
    number_list_t list = collect_numbers(data);
    require_items(&list, sample ? 2 : 1, what);
    mp_float_t mean = compensated_sum(list.items, list.len) / (mp_float_t)list.len;
    for (size_t i = 0; i < list.len; i++) {
        mp_float_t deviation = list.items[i] - mean;
        list.items[i] = deviation * deviation;
    }
    mp_float_t squares = compensated_sum(list.items, list.len);
    size_t divisor = sample ? list.len - 1 : list.len;
    free_numbers(&list);
    return squares / (mp_float_t)divisor;
}

enum { ARG_data, ARG_sample };
static const mp_arg_t spread_args[] = {
    { MP_QSTR_data, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL} },
    { MP_QSTR_sample, MP_ARG_KW_ONLY | MP_ARG_BOOL, {.u_bool = true} },
};

static mp_obj_t stats_variance(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    mp_arg_val_t args[MP_ARRAY_SIZE(spread_args)];
    mp_arg_parse_all(n_args, pos_args, kw_args, MP_ARRAY_SIZE(spread_args), spread_args, args);
    return mp_obj_new_float(variance_of(args[ARG_data].u_obj, args[ARG_sample].u_bool, "variance"));
}
static MP_DEFINE_CONST_FUN_OBJ_KW(stats_variance_obj, 0, stats_variance);

static mp_obj_t stats_stdev(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {
    mp_arg_val_t args[MP_ARRAY_SIZE(spread_args)];
    mp_arg_parse_all(n_args, pos_args, kw_args, MP_ARRAY_SIZE(spread_args), spread_args, args);
    mp_float_t variance = variance_of(args[ARG_data].u_obj, args[ARG_sample].u_bool, "stdev");
    return mp_obj_new_float(MICROPY_FLOAT_C_FUN(sqrt)(variance));
}
static MP_DEFINE_CONST_FUN_OBJ_KW(stats_stdev_obj, 0, stats_stdev);

static int compare_numbers(const void *a, const void *b) {
    mp_float_t x = *(const mp_float_t *)a, y = *(const mp_float_t *)b;
    return (x > y) - (x < y);
}

static mp_obj_t stats_median(mp_obj_t data) {
    number_list_t list = collect_numbers(data);
    require_items(&list, 1, "median");
    qsort(list.items, list.len, sizeof(mp_float_t), compare_numbers);
    size_t middle = list.len / 2;
    mp_float_t median = list.len % 2 ? list.items[middle]
        : (list.items[middle - 1] + list.items[middle]) / 2;
    free_numbers(&list);
    return mp_obj_new_float(median);
}
static MP_DEFINE_CONST_FUN_OBJ_1(stats_median_obj, stats_median);

static mp_obj_t stats_minmax(mp_obj_t data) {
    number_list_t list = collect_numbers(data);
    require_items(&list, 1, "minmax");
    mp_float_t low = list.items[0], high = list.items[0];
    for (size_t i = 1; i < list.len; i++) {
        low = list.items[i] < low ? list.items[i] : low;
        high = list.items[i] > high ? list.items[i] : high;
    }
    free_numbers(&list);
    mp_obj_t pair[2] = { mp_obj_new_float(low), mp_obj_new_float(high) };
    return mp_obj_new_tuple(2, pair);
}
static MP_DEFINE_CONST_FUN_OBJ_1(stats_minmax_obj, stats_minmax);

static const mp_rom_map_elem_t stats_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_stats) },
    { MP_ROM_QSTR(MP_QSTR_fsum), MP_ROM_PTR(&stats_fsum_obj) },
    { MP_ROM_QSTR(MP_QSTR_mean), MP_ROM_PTR(&stats_mean_obj) },
    { MP_ROM_QSTR(MP_QSTR_variance), MP_ROM_PTR(&stats_variance_obj) },
    { MP_ROM_QSTR(MP_QSTR_stdev), MP_ROM_PTR(&stats_stdev_obj) },
    { MP_ROM_QSTR(MP_QSTR_median), MP_ROM_PTR(&stats_median_obj) },
    { MP_ROM_QSTR(MP_QSTR_minmax), MP_ROM_PTR(&stats_minmax_obj) },
};
static MP_DEFINE_CONST_DICT(stats_globals, stats_globals_table);

const mp_obj_module_t stats_user_module = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&stats_globals,
};

MP_REGISTER_MODULE(MP_QSTR_stats, stats_user_module);
