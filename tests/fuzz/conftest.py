"""tests/fuzz: fuzzing the `unix` and `default` interpreters among the variants under test (test_fuzz.py; the
input generators are this package's modules, regressions/ the inputs that once crashed). Marker `fuzz`."""

import pytest


def pytest_itemcollected(item):
    item.add_marker(pytest.mark.fuzz)
