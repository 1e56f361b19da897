"""tests/upstream: upstream MicroPython's run-tests.py suite on each variant under test (`scons variant=NAME test`;
minutes per variant). Marker `upstream`."""

import pytest


def pytest_itemcollected(item):
    item.add_marker(pytest.mark.upstream)
