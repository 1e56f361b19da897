"""tests/errors: bad input to the build (unknown variant, malformed files, missing compiler or sources, syntax
errors in frozen modules) gives one clear message, never a traceback. Each test runs SCons on a fresh scratch
tree of its own (the `scratch_tree` fixture). Marker `errors`."""

import pytest


def pytest_itemcollected(item):
    item.add_marker(pytest.mark.errors)
