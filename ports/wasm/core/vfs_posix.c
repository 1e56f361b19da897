// Upstream's VfsPosix (extmod/vfs_posix.c), with its errors in MicroPython's
// errno numbers: that file raises OSError(errno) straight from libc, whose
// numbers differ in emscripten (ENOENT is 44 there), while the errno module and
// the rest of the port use MicroPython's own (MICROPY_USE_INTERNAL_ERRNO).
// Here `errno` reads the translated number; the file only ever reads it.
#include <errno.h>

int mpw_python_errno(int libc_errno);

#undef errno
#define errno (mpw_python_errno(*__errno_location()))

#include "extmod/vfs_posix.c"
