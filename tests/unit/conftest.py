"""Unit tests import the build's helper modules directly from site_scons/."""

import sys
from pathlib import Path

SITE_SCONS = Path(__file__).resolve().parents[2] / "site_scons"
if str(SITE_SCONS) not in sys.path:
    sys.path.insert(0, str(SITE_SCONS))


def pytest_configure(config):
    config.addinivalue_line("markers", "network: needs PyPI over the network (deselect with -m 'not network')")
