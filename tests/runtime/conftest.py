"""tests/runtime: the built interpreter of each variant under test (--variant): the tests/py language programs,
the command line, user modules, garbage collection, and in WebAssembly builds (marker `wasm`) the runtime file
system, the `js` module, asyncify and node's code cache. They build nothing but the selected variants (a no-op
when built). Marker `runtime`; `language`, `cli` and `wasm` mark parts of it."""

import pytest


def pytest_itemcollected(item):
    item.add_marker(pytest.mark.runtime)
