# What every variant freezes: the port's own modules (ports/wasm/modules/*.py).
# Upstream's manifest format: https://docs.micropython.org/en/latest/reference/manifest.html
freeze("$(PORT_DIR)/modules")
