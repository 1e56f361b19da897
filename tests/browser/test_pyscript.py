"""PyScript (npm @pyscript/core, pinned in package-lock.json; no CDN) running `<script type="mpy">` blocks on our
micropython.mjs, named by its `interpreter` config, in headless Chromium: pyscript's display/document/when, a click
handler, `await asyncio.sleep`, json, and a `src=` script."""

import shutil

import pytest

from browser_support import REPO, serve_folder

PYSCRIPT_DIST = REPO / "node_modules" / "@pyscript" / "core" / "dist"
# What PyScript's own Python (pyscript/*.py, inside @pyscript/core) imports beyond the built-in
# modules: the micropython-lib set that ports/wasm/manifests/pyscript.py freezes, as upstream's
# `pyscript` variant does (minimal freezes only the port's modules).
PYSCRIPT_NEEDS_FROZEN = ["asyncio/__init__.py", "pathlib.py", "inspect.py", "base64.py"]
MODULE_FILES = ["micropython.mjs", "micropython.wasm", "micropython.data"]

PAGE = """<!doctype html>
<html><head><meta charset="utf-8">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="pyscript/core.css">
<script type="module" src="pyscript/core.js"></script>
</head><body>
<button id="press">press</button>
<div id="clicked"></div>
<div id="shown"></div>
<script type="mpy" config='{"interpreter": "./micropython.mjs"}'>
import asyncio, json
from pyscript import display, document, when

display("inline ran", target="shown")

@when("click", "#press")
def pressed(event):
    document.getElementById("clicked").innerText = "clicked " + json.dumps({"n": 1})

await asyncio.sleep(0.05)
display("after sleep", target="shown")
</script>
<script type="mpy" src="./from_file.py"></script>
</body></html>
"""


@pytest.fixture(scope="module")
def pyscript_site(web_build, tmp_path_factory):
    if not (PYSCRIPT_DIST / "core.js").is_file():
        pytest.fail("node_modules/@pyscript/core is missing: run `npm ci` in the repository root (or tools/setup.sh)")
    folder = tmp_path_factory.mktemp("pyscript")
    for name in MODULE_FILES:
        shutil.copy2(web_build / name, folder / name)
    shutil.copytree(PYSCRIPT_DIST, folder / "pyscript")
    (folder / "index.html").write_text(PAGE)
    (folder / "from_file.py").write_text('from pyscript import display\ndisplay("src file ran", target="shown")\n')
    served = serve_folder(folder)
    yield served
    served.server.shutdown()
    served.server.server_close()


def test_pyscript_runs_mpy_scripts_on_our_module(page, pyscript_site, frozen_names):
    missing = [name for name in PYSCRIPT_NEEDS_FROZEN if name not in frozen_names]
    if missing:
        pytest.skip(f"PyScript needs frozen modules the variant's manifest leaves out: {', '.join(missing)}")
    page.goto(pyscript_site.url + "index.html")
    page.wait_for_function("document.getElementById('shown').innerText.includes('after sleep')")
    shown = page.inner_text("#shown")
    assert "inline ran" in shown
    page.wait_for_function("document.getElementById('shown').innerText.includes('src file ran')")
    page.click("#press")
    page.wait_for_function("document.getElementById('clicked').innerText.length > 0")
    assert page.inner_text("#clicked") == 'clicked {"n": 1}'
    assert page.javascript_errors == []
