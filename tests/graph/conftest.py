"""tests/graph: the build itself, mostly on scratch copies of the tree (tests/buildtree.py, the
`make_scratch_tree` fixture): incremental builds equal clean builds, no-op builds, the SCons front end, build
locks, killed builds, the watch, the coverage command, the benchmark. Tests that build a WebAssembly variant
say so with `builds(...)` and follow --variant. Marker `graph`. Minutes."""

import pytest


def pytest_itemcollected(item):
    item.add_marker(pytest.mark.graph)
