# What every variant freezes: the port's own modules (ports/wasm/modules/*.py) but those of
# features a variant may leave out, which their feature's manifest freezes (asyncio.py).
# Upstream's manifest format: https://docs.micropython.org/en/latest/reference/manifest.html
freeze("$(PORT_DIR)/modules", ("gc.py", "functools.py"))
