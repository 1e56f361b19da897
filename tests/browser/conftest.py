"""tests/browser: the web page and pythons.js in headless Chromium through playwright, on each WebAssembly
variant under test (host variants are not selected here). Marker `browser`. The fixtures and page helpers
are in tests/browser_support.py."""

import pytest

from browser_support import browser, other_site, page, site, web_build, web_variant  # noqa: F401 (fixtures)


def pytest_itemcollected(item):
    item.add_marker(pytest.mark.browser)
