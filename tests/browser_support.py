"""Fixtures and helpers for driving the web page in headless Chromium (tests/browser/; its conftest.py
registers the fixtures, the tests import the helpers).

The page under test is the built index.html; test pages are that same file
with extra tags, so that they load exactly what a user's page loads. Each
site is served by mpbuild.devserver on a free loopback port; a second server
on another port is "another origin" for the cross-origin checks.
"""

import os
import pathlib
import shutil

import pytest

from repo_builds import build_variant

REPO = pathlib.Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("MPW_CHROMIUM", "/usr/bin/chromium")
# Debian's chromium, as it runs in a container as root; no downloads, no first-run UI.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
# What a page needs from the build folder.
PAGE_FILES = ["index.html", "pythons.js", "style.css", "xterm.js", "xterm.css",
              "playground.js", "editor.js", "micropython-worker.mjs",
              "micropython.mjs", "micropython.wasm", "micropython.data"]
READY = 'body[data-micropython="ready"], body[data-micropython="failed"]'
PAGE_TIMEOUT_MS = 30_000


@pytest.fixture(scope="session")
def web_variant(variant, variant_settings):
    """The variant under test when it is a WebAssembly build, else `default`."""
    return variant if variant_settings.target == "wasm" else "default"  # (host variants are not selected)


@pytest.fixture(scope="session")
def web_build(web_variant, variant, request):
    """build/<web_variant>/, built (a no-op when up to date)."""
    if web_variant == variant:
        return request.getfixturevalue("built_variant")
    return build_variant(web_variant)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -r requirements.txt)")
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} not found (apt-get install chromium, or tools/setup.sh)")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Site:
    """A folder served over HTTP on 127.0.0.1 for the duration of a test module."""

    def __init__(self, folder, server):
        self.folder = pathlib.Path(folder)
        self.server = server
        self.url = server.url

    def add(self, relative, text):
        path = self.folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return self.url + relative

    def add_page(self, relative, body_html="", head_html=""):
        """The built index.html with extra tags at the end of <head> and <body>."""
        page = (self.folder / "index.html").read_text()
        assert "</head>" in page and "</body>" in page
        page = page.replace("</head>", head_html + "\n</head>", 1).replace("</body>", body_html + "\n</body>", 1)
        return self.add(relative, page)


def serve_folder(folder, **options):
    from mpbuild import devserver
    return Site(folder, devserver.start_in_thread(folder, 0, quiet=True, **options))


@pytest.fixture(scope="module")
def site(web_build, tmp_path_factory):
    """A copy of the build's page files, where tests add their own pages and scripts."""
    folder = tmp_path_factory.mktemp("site")
    for name in PAGE_FILES:
        shutil.copy2(web_build / name, folder / name)
    served = serve_folder(folder)
    yield served
    served.server.shutdown()
    served.server.server_close()


@pytest.fixture(scope="module")
def other_site(tmp_path_factory):
    """Another origin (same host, another port) that allows cross-origin fetches."""
    served = serve_folder(tmp_path_factory.mktemp("elsewhere"), allow_cross_origin=True)
    yield served
    served.server.shutdown()
    served.server.server_close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 800})
    opened = context.new_page()
    opened.set_default_timeout(PAGE_TIMEOUT_MS)
    errors = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    # A page that opens a dialog (alert from an injected script) fails the test.
    opened.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    opened.javascript_errors = errors
    yield opened
    context.close()


def open_page(page, url):
    """Load url and wait until the page has run its scripts (or failed to start)."""
    page.goto(url)
    page.wait_for_selector(READY, state="attached")
    return page.evaluate("document.body.dataset.micropython")


_TERMINAL_TEXT_JS = """() => {
  const page = window.micropythonPage;
  if (!page || !page.terminal) return "";
  const buffer = page.terminal.buffer.active;
  const lines = [];
  for (let i = 0; i < buffer.length; i++) {
    const line = buffer.getLine(i);
    // A wrapped line continues the previous one.
    if (line.isWrapped && lines.length) lines[lines.length - 1] += line.translateToString(true);
    else lines.push(line.translateToString(true));
  }
  return lines.join("\\n");
}"""


def terminal_text(page):
    """Everything the terminal shows, scrollback included, one string."""
    return page.evaluate(_TERMINAL_TEXT_JS)


def visible_terminal_text(page, expected=None, timeout_ms=PAGE_TIMEOUT_MS):
    """The rows xterm.js has drawn into the page (its DOM renderer). xterm.js
    draws on the next animation frame, so with `expected`, wait until it shows."""
    if expected is not None:
        page.wait_for_function(
            "(expected) => (document.querySelector('.xterm-rows') || {innerText: ''}).innerText.includes(expected)",
            arg=expected, timeout=timeout_ms)
    return page.inner_text(".xterm-rows")


def wait_for_terminal(page, expected, timeout_ms=PAGE_TIMEOUT_MS):
    """Wait until the terminal shows `expected`; return the terminal's text."""
    page.wait_for_function(f"(expected) => ({_TERMINAL_TEXT_JS})().includes(expected)",
                           arg=expected, timeout=timeout_ms)
    return terminal_text(page)


def type_line(page, line):
    """Type into the terminal as a user does (in its tab, on index.html), then Enter."""
    repl_tab = page.locator("#tab-repl")
    if repl_tab.count() and repl_tab.get_attribute("aria-selected") != "true":
        repl_tab.click()
    page.click(".xterm-screen")
    page.keyboard.type(line)
    page.keyboard.press("Enter")


def is_async_build(page):
    return page.evaluate("Boolean(window.micropythonPage && window.micropythonPage.mp.isAsync)")


def python_tag(code=None, src=None, type_="text/µpython"):
    """A <script type="text/µpython"> tag, inline or with src=."""
    if src is not None:
        return f'<script type="{type_}" src="{src}"></script>'
    return f'<script type="{type_}">\n{code}\n</script>'


def query(*words):
    """The page-address form of a command line: index.html?word%20word."""
    from urllib.parse import quote
    return "?" + "%20".join(quote(word, safe="/:") for word in words)


__all__ = ["web_variant", "web_build", "browser", "site", "other_site", "page",
           "open_page", "terminal_text", "visible_terminal_text", "wait_for_terminal", "type_line",
           "is_async_build", "python_tag", "query"]
