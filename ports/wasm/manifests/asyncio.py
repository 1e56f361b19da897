# Upstream's asyncio package (extmod/asyncio), as upstream ports freeze it; its C half is _asyncio.
include("$(PORT_DIR)/manifests/port.py")
include("$(MPY_DIR)/extmod/asyncio")
