"""tests/unit: pure-Python tests of the build's helper modules (site_scons/mpbuild/), without SCons and without
a build: test_<module>.py tests mpbuild/<module>.py (test_<module>_<aspect>.py when a module has more than one
file). Marker `unit`. Seconds."""

import pytest


def pytest_itemcollected(item):
    item.add_marker(pytest.mark.unit)
