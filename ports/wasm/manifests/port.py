# What every variant freezes: all of the port's modules/ (a file added there is frozen).
# ports/wasm/optional_modules/ holds modules that only some manifests freeze, one by one
# (asyncio.py, pyscript.py).
# Upstream's manifest format: https://docs.micropython.org/en/latest/reference/manifest.html
freeze("$(PORT_DIR)/modules")
