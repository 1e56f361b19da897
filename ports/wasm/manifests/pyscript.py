# The micropython-lib set that upstream's webassembly `pyscript` variant freezes
# (micropython/ports/webassembly/variants/pyscript/manifest.py), plus asyncio and our own modules.
include("$(PORT_DIR)/manifests/asyncio.py")

require("abc")
# base64 without micropython-lib's binascii: that module replaces the C binascii's a2b_base64 with
# a pure-Python one that raises Exception, not ValueError, on bad padding (upstream's
# extmod/binascii_a2b_base64.py fails with it). For the same reason no `uu`, whose b2a_uu/a2b_uu
# only that module has (uu left CPython in 3.13).
require("struct")
module("base64.py", base_path="$(MPY_LIB_DIR)/python-stdlib/base64")
require("collections")
require("collections-defaultdict")
require("copy")
require("datetime")
require("fnmatch")
# Not micropython-lib's functools: ports/wasm/modules/functools.py (frozen by port.py) also has
# cache/lru_cache and raises TypeError for reduce() of an empty sequence, as CPython does.
require("gzip")
require("hmac")
require("html")
# Not micropython-lib's inspect: ports/wasm/optional_modules/inspect.py also has signature(), which
# PyScript's @when calls.
freeze("$(PORT_DIR)/optional_modules", "inspect.py")
require("io")
require("itertools")
require("locale")
require("logging")
require("operator")
require("os")
require("os-path")
require("pathlib")
require("stat")
require("tarfile")
require("tarfile-write")
require("time")
require("unittest")
require("zlib")
