// File objects over POSIX file descriptors: the host file system in the
// native build, emscripten's (preloaded) file system in wasm builds. They are
// the file half of upstream's VfsPosix (extmod/vfs_posix.c, whose
// extmod/vfs_posix_file.c this replaces): open() reaches them through the VFS.
// Unlike that file, these keep CPython's ways: the file name in OSError,
// mode 'x', ValueError for an invalid mode, std streams that stay open.
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "py/builtin.h"
#include "py/mperrno.h"
#include "py/runtime.h"
#include "py/stream.h"
#include "extmod/vfs_posix.h"

typedef struct _mpw_file_obj_t {
    mp_obj_base_t base;
    int fd;
} mpw_file_obj_t;

// Python sees the same errno numbers on every target (emscripten's libc
// numbers differ from Linux's): translate to MicroPython's own, which are
// Linux's, so that a Linux host passes them through unchanged.
int mpw_python_errno(int libc_errno) {
    #if defined(__linux__) && !defined(__EMSCRIPTEN__)
    return libc_errno;
    #else
    switch (libc_errno) {
        case EPERM: return MP_EPERM;
        case ENOENT: return MP_ENOENT;
        case ESRCH: return MP_ESRCH;
        case EINTR: return MP_EINTR;
        case EIO: return MP_EIO;
        case ENXIO: return MP_ENXIO;
        case E2BIG: return MP_E2BIG;
        case ENOEXEC: return MP_ENOEXEC;
        case EBADF: return MP_EBADF;
        case ECHILD: return MP_ECHILD;
        case EAGAIN: return MP_EAGAIN;
        case ENOMEM: return MP_ENOMEM;
        case EACCES: return MP_EACCES;
        case EFAULT: return MP_EFAULT;
        case EBUSY: return MP_EBUSY;
        case EEXIST: return MP_EEXIST;
        case EXDEV: return MP_EXDEV;
        case ENODEV: return MP_ENODEV;
        case ENOTDIR: return MP_ENOTDIR;
        case EISDIR: return MP_EISDIR;
        case EINVAL: return MP_EINVAL;
        case ENFILE: return MP_ENFILE;
        case EMFILE: return MP_EMFILE;
        case ENOTTY: return MP_ENOTTY;
        case ETXTBSY: return MP_ETXTBSY;
        case EFBIG: return MP_EFBIG;
        case ENOSPC: return MP_ENOSPC;
        case ESPIPE: return MP_ESPIPE;
        case EROFS: return MP_EROFS;
        case EMLINK: return MP_EMLINK;
        case EPIPE: return MP_EPIPE;
        case EDOM: return MP_EDOM;
        case ERANGE: return MP_ERANGE;
        case EOPNOTSUPP: return MP_EOPNOTSUPP;
        default: return MP_EIO;
    }
    #endif
}
#define python_errno mpw_python_errno

static mpw_file_obj_t *file_check_open(mp_obj_t self_in) {
    mpw_file_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (self->fd < 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("I/O operation on closed file"));
    }
    return self;
}

static mp_uint_t file_read(mp_obj_t self_in, void *buf, mp_uint_t size, int *errcode) {
    mpw_file_obj_t *self = file_check_open(self_in);
    ssize_t got;
    do {
        got = read(self->fd, buf, size);
    } while (got < 0 && errno == EINTR);
    if (got < 0) {
        *errcode = python_errno(errno);
        return MP_STREAM_ERROR;
    }
    return (mp_uint_t)got;
}

static mp_uint_t file_write(mp_obj_t self_in, const void *buf, mp_uint_t size, int *errcode) {
    mpw_file_obj_t *self = file_check_open(self_in);
    ssize_t written;
    do {
        written = write(self->fd, buf, size);
    } while (written < 0 && errno == EINTR);
    if (written < 0) {
        *errcode = python_errno(errno);
        return MP_STREAM_ERROR;
    }
    return (mp_uint_t)written;
}

static bool is_std_stream(const mpw_file_obj_t *self);

static mp_uint_t file_ioctl(mp_obj_t self_in, mp_uint_t request, uintptr_t arg, int *errcode) {
    mpw_file_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (request == MP_STREAM_CLOSE) {
        if (self->fd >= 0 && !is_std_stream(self)) {
            close(self->fd);
            self->fd = -1;
        }
        return 0;
    }
    if (self->fd < 0) {
        *errcode = EBADF;
        return MP_STREAM_ERROR;
    }
    switch (request) {
        case MP_STREAM_FLUSH:
            return 0;
        case MP_STREAM_SEEK: {
            struct mp_stream_seek_t *seek = (struct mp_stream_seek_t *)arg;
            off_t offset = lseek(self->fd, seek->offset, seek->whence);
            if (offset < 0) {
                *errcode = python_errno(errno);
                return MP_STREAM_ERROR;
            }
            seek->offset = offset;
            return 0;
        }
        case MP_STREAM_GET_FILENO:
            return self->fd;
        case MP_STREAM_POLL: {
            // (select.poll() on a file; the host build polls descriptors directly.)
            struct pollfd pfd = {self->fd, 0, 0};
            pfd.events = ((arg & MP_STREAM_POLL_RD) ? POLLIN : 0) | ((arg & MP_STREAM_POLL_WR) ? POLLOUT : 0);
            mp_uint_t ready = 0;
            if (poll(&pfd, 1, 0) > 0) {
                ready |= (pfd.revents & POLLIN) ? MP_STREAM_POLL_RD : 0;
                ready |= (pfd.revents & POLLOUT) ? MP_STREAM_POLL_WR : 0;
                ready |= (pfd.revents & POLLERR) ? MP_STREAM_POLL_ERR : 0;
                ready |= (pfd.revents & POLLHUP) ? MP_STREAM_POLL_HUP : 0;
                ready |= (pfd.revents & POLLNVAL) ? MP_STREAM_POLL_NVAL : 0;
            }
            return ready;
        }
        default:
            *errcode = MP_EINVAL;
            return MP_STREAM_ERROR;
    }
}

static void file_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    mpw_file_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_printf(print, "<io.%s %d>", mp_obj_get_type_str(self_in), self->fd);
}

static mp_obj_t file_fileno(mp_obj_t self_in) {
    return MP_OBJ_NEW_SMALL_INT(file_check_open(self_in)->fd);
}
static MP_DEFINE_CONST_FUN_OBJ_1(file_fileno_obj, file_fileno);

static const mp_rom_map_elem_t file_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_fileno), MP_ROM_PTR(&file_fileno_obj) },
    { MP_ROM_QSTR(MP_QSTR_read), MP_ROM_PTR(&mp_stream_read_obj) },
    { MP_ROM_QSTR(MP_QSTR_readinto), MP_ROM_PTR(&mp_stream_readinto_obj) },
    { MP_ROM_QSTR(MP_QSTR_readline), MP_ROM_PTR(&mp_stream_unbuffered_readline_obj) },
    { MP_ROM_QSTR(MP_QSTR_readlines), MP_ROM_PTR(&mp_stream_unbuffered_readlines_obj) },
    { MP_ROM_QSTR(MP_QSTR_write), MP_ROM_PTR(&mp_stream_write_obj) },
    { MP_ROM_QSTR(MP_QSTR_seek), MP_ROM_PTR(&mp_stream_seek_obj) },
    { MP_ROM_QSTR(MP_QSTR_tell), MP_ROM_PTR(&mp_stream_tell_obj) },
    { MP_ROM_QSTR(MP_QSTR_flush), MP_ROM_PTR(&mp_stream_flush_obj) },
    { MP_ROM_QSTR(MP_QSTR_close), MP_ROM_PTR(&mp_stream_close_obj) },
    { MP_ROM_QSTR(MP_QSTR___del__), MP_ROM_PTR(&mp_stream_close_obj) },
    { MP_ROM_QSTR(MP_QSTR___enter__), MP_ROM_PTR(&mp_identity_obj) },
    { MP_ROM_QSTR(MP_QSTR___exit__), MP_ROM_PTR(&mp_stream___exit___obj) },
};
static MP_DEFINE_CONST_DICT(file_locals_dict, file_locals_dict_table);

static const mp_stream_p_t fileio_stream_p = {
    .read = file_read,
    .write = file_write,
    .ioctl = file_ioctl,
};

static const mp_stream_p_t textio_stream_p = {
    .read = file_read,
    .write = file_write,
    .ioctl = file_ioctl,
    .is_text = true,
};

MP_DEFINE_CONST_OBJ_TYPE(
    mp_type_vfs_posix_fileio,
    MP_QSTR_FileIO,
    MP_TYPE_FLAG_ITER_IS_STREAM,
    print, file_print,
    protocol, &fileio_stream_p,
    locals_dict, &file_locals_dict
    );

static void textio_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest);

MP_DEFINE_CONST_OBJ_TYPE(
    mp_type_vfs_posix_textio,
    MP_QSTR_TextIOWrapper,
    MP_TYPE_FLAG_ITER_IS_STREAM,
    print, file_print,
    attr, textio_attr,
    protocol, &textio_stream_p,
    locals_dict, &file_locals_dict
    );

// sys.stdin, sys.stdout, sys.stderr (text) and their .buffer (binary). They
// are constant objects: closing them is a no-op, as writing fd = -1 into
// read-only memory would crash.
const mpw_file_obj_t mp_sys_stdin_obj = {{&mp_type_vfs_posix_textio}, STDIN_FILENO};
const mpw_file_obj_t mp_sys_stdout_obj = {{&mp_type_vfs_posix_textio}, STDOUT_FILENO};
const mpw_file_obj_t mp_sys_stderr_obj = {{&mp_type_vfs_posix_textio}, STDERR_FILENO};
static const mpw_file_obj_t std_buffers[3] = {
    {{&mp_type_vfs_posix_fileio}, STDIN_FILENO},
    {{&mp_type_vfs_posix_fileio}, STDOUT_FILENO},
    {{&mp_type_vfs_posix_fileio}, STDERR_FILENO},
};

static bool is_std_stream(const mpw_file_obj_t *self) {
    return self == &mp_sys_stdin_obj || self == &mp_sys_stdout_obj || self == &mp_sys_stderr_obj
           || (self >= &std_buffers[0] && self <= &std_buffers[2]);
}

static void textio_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    mpw_file_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (dest[0] == MP_OBJ_NULL && attr == MP_QSTR_buffer && is_std_stream(self)) {
        dest[0] = MP_OBJ_FROM_PTR(&std_buffers[self->fd]);
        return;
    }
    dest[1] = MP_OBJ_SENTINEL;  // not ours: continue with the methods
}

// VfsPosix.open() and open(fd): `file_in` is a path (already under the VFS's
// root) or a file descriptor; `type` the text type unless the mode says 'b'.
mp_obj_t mp_vfs_posix_file_open(const mp_obj_type_t *type, mp_obj_t file_in, mp_obj_t mode_in) {
    const char *mode = mp_obj_str_get_str(mode_in);
    int access = O_RDONLY, flags = 0;
    bool text = type != &mp_type_vfs_posix_fileio, plus = false;
    char primary = 0;
    for (const char *m = mode; *m; m++) {
        switch (*m) {
            case 'r': case 'w': case 'a': case 'x':
                if (primary) {
                    goto bad_mode;
                }
                primary = *m;
                break;
            case 'b': text = false; break;
            case 't': text = true; break;
            case '+': plus = true; break;
            default: goto bad_mode;
        }
    }
    switch (primary) {
        case 0: case 'r': access = plus ? O_RDWR : O_RDONLY; break;
        case 'w': access = plus ? O_RDWR : O_WRONLY; flags = O_CREAT | O_TRUNC; break;
        case 'a': access = plus ? O_RDWR : O_WRONLY; flags = O_CREAT | O_APPEND; break;
        case 'x': access = plus ? O_RDWR : O_WRONLY; flags = O_CREAT | O_EXCL; break;
    }

    int fd;
    if (mp_obj_is_small_int(file_in)) {
        fd = MP_OBJ_SMALL_INT_VALUE(file_in);
    } else {
        const char *path = mp_obj_str_get_str(file_in);
        MP_THREAD_GIL_EXIT();
        do {
            fd = open(path, access | flags | O_CLOEXEC, 0644);
        } while (fd < 0 && errno == EINTR);
        MP_THREAD_GIL_ENTER();
        if (fd < 0) {
            mp_raise_OSError_with_filename(python_errno(errno), path);
        }
    }
    mpw_file_obj_t *file = mp_obj_malloc_with_finaliser(mpw_file_obj_t,
        text ? &mp_type_vfs_posix_textio : &mp_type_vfs_posix_fileio);
    file->fd = fd;
    return MP_OBJ_FROM_PTR(file);

bad_mode:
    mp_raise_ValueError(MP_ERROR_TEXT("invalid mode"));
}
