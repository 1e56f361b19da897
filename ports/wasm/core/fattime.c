// FatFs asks the port for the time to stamp files with: local time, packed as
// FAT stores it (years since 1980, month, day, hours, minutes, seconds / 2).
#include <time.h>

#include "py/mpconfig.h"
#include "lib/oofatfs/ff.h"

#if MICROPY_VFS_FAT

DWORD get_fattime(void) {
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return ((DWORD)(tm.tm_year - 80) << 25) | ((DWORD)(tm.tm_mon + 1) << 21) | ((DWORD)tm.tm_mday << 16)
           | ((DWORD)tm.tm_hour << 11) | ((DWORD)tm.tm_min << 5) | ((DWORD)tm.tm_sec / 2);
}

#endif
