# Upstream's asyncio package (extmod/asyncio), as upstream ports freeze it; its C half is _asyncio.
# _mpjs_asyncio puts its tasks on the JavaScript event loop (WebAssembly builds import it with asyncio).
include("$(PORT_DIR)/manifests/port.py")
include("$(MPY_DIR)/extmod/asyncio")
freeze("$(PORT_DIR)/optional_modules", "_mpjs_asyncio.py")
