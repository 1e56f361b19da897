"""Unit tests import the build's helper modules directly from site_scons/ (tests/conftest.py puts it on sys.path)."""

import pathlib

import pytest

HERE = pathlib.Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in pathlib.Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.unit)
