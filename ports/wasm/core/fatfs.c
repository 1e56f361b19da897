// FatFs (lib/oofatfs), the file system behind VfsFat. Its header includes its
// configuration by the name in FFCONF_H, which mpconfigport.h defines: compiled
// through this file, FatFs sees it without a quoted -D on the command line.
#include "py/mpconfig.h"

#include "lib/oofatfs/ff.c"
#include "lib/oofatfs/ffunicode.c"
