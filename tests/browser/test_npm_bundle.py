"""The npm package of `scons variant=NAME dist`, installed into a project and bundled for the browser by a bundler
(esbuild, pinned in package-lock.json), runs Python in headless Chromium: node's modules stay out of the bundle and
the module finds its .wasm and .data beside the bundle."""

import json
import shutil
import subprocess
import sys

import pytest

from browser_support import REPO, serve_folder

ESBUILD = REPO / "node_modules" / "esbuild" / "bin" / "esbuild"

ENTRY = """\
import { loadMicroPython } from "PACKAGE";
const lines = [];
const mp = await loadMicroPython({ stdout: (line) => lines.push(line) });
mp.runPython("import sys\\nprint(sys.platform, sum(range(10)))");
window.bundleResult = lines;
"""


@pytest.fixture(scope="module")
def bundled_site(web_variant, web_build, tmp_path_factory):
    if not ESBUILD.is_file():
        pytest.fail("node_modules/esbuild is missing: run `npm ci` in the repository root (or tools/setup.sh)")
    dist = subprocess.run([sys.executable, "-m", "SCons", "-Q", f"variant={web_variant}", "dist"], cwd=REPO,
                          capture_output=True, text=True)
    assert dist.returncode == 0, dist.stdout[-2000:] + dist.stderr[-2000:]
    (tarball,) = (web_build / "dist").glob("*.tgz")
    project = tmp_path_factory.mktemp("bundled")
    (project / "package.json").write_text(json.dumps({"name": "app", "version": "1.0.0", "type": "module"}))
    install = subprocess.run(["npm", "install", "--offline", "--no-audit", "--no-fund", str(tarball)], cwd=project,
                             capture_output=True, text=True, timeout=300)
    assert install.returncode == 0, install.stderr[-2000:]
    (package,) = (project / "node_modules").glob("micropython-wasm*")
    (project / "entry.mjs").write_text(ENTRY.replace("PACKAGE", package.name))
    site = project / "site"
    site.mkdir()
    bundle = subprocess.run([str(ESBUILD), "entry.mjs", "--bundle", "--format=esm", "--platform=browser",
                             "--outfile=site/app.js"], cwd=project, capture_output=True, text=True, timeout=120)
    assert bundle.returncode == 0, bundle.stderr[-3000:]
    for name in ("micropython.wasm", "micropython.data"):
        shutil.copy2(package / name, site / name)
    (site / "index.html").write_text('<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">'
                                     '<script type="module" src="app.js"></script>')
    served = serve_folder(site)
    yield served, (site / "app.js").read_text()
    served.server.shutdown()
    served.server.server_close()


def test_bundle_leaves_node_modules_out(bundled_site):
    _, bundle = bundled_site
    # The node branch stays (never taken in a browser); node's "module" is imported by name at run time only.
    assert "createRequire(import.meta.url)" in bundle
    assert "node:module" not in bundle and "__require(" not in bundle


def test_bundled_package_runs_python_in_the_browser(page, bundled_site):
    served, _ = bundled_site
    page.goto(served.url + "index.html")
    page.wait_for_function("Array.isArray(window.bundleResult)")
    assert page.evaluate("window.bundleResult") == ["webassembly 45"]
    assert page.javascript_errors == []
