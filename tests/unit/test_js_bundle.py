"""mpbuild/js_bundle.py: what a browser bundle imports (its exact dependencies) and esbuild's command line."""

import os

import pytest

from mpbuild import js_bundle


def test_import_specifiers_of_every_static_form_in_order_once():
    text = """
import { EditorView, basicSetup } from "codemirror";
import {keymap} from '@codemirror/view'
import * as state from "@codemirror/state";
import theme, { dark as night } from "./theme.mjs";
import "./side-effect.js";
export { python } from "@codemirror/lang-python/extra";
export * from "../shared/util.mjs";
const lazy = await import("./lazy.mjs");
import { EditorView as Again } from "codemirror";
const notAnImport = "from 'nowhere'";
"""
    assert js_bundle.import_specifiers(text) == [
        "codemirror", "@codemirror/view", "@codemirror/state", "./theme.mjs", "./side-effect.js",
        "@codemirror/lang-python/extra", "../shared/util.mjs", "./lazy.mjs"]


@pytest.mark.parametrize("specifier, package", [
    ("codemirror", "codemirror"), ("codemirror/dist/index.js", "codemirror"),
    ("@codemirror/view", "@codemirror/view"), ("@lezer/highlight/dist/x.js", "@lezer/highlight"),
])
def test_package_name(specifier, package):
    assert js_bundle.package_name(specifier) == package


def test_scan_follows_local_imports_and_collects_packages():
    files = {
        os.path.normpath("web/editor.mjs"): 'import "./theme.mjs";\nimport { a } from "codemirror";\n',
        os.path.normpath("web/theme.mjs"): 'import { tags } from "@lezer/highlight";\nimport "./editor.mjs";\n'
                                           'import "../lib/colours.mjs";\nimport "https://example.org/x.js";\n',
        os.path.normpath("lib/colours.mjs"): 'export const red = "#f00";\nimport "node:fs";\n',
    }
    local, packages = js_bundle.scan("web/editor.mjs", read=files.__getitem__)
    assert local == [os.path.normpath(p) for p in ("web/editor.mjs", "web/theme.mjs", "lib/colours.mjs")]
    assert packages == ["@lezer/highlight", "codemirror"]


def test_missing_packages_and_esbuild_are_named_with_the_fix():
    installed = {os.path.join("nm", "codemirror", "package.json")}
    with pytest.raises(js_bundle.JsBundleError) as raised:
        js_bundle.check_installed("ports/wasm/web/editor.mjs", ["@codemirror/view", "codemirror"], "nm",
                                  exists=installed.__contains__)
    message = str(raised.value)
    assert message.startswith("ports/wasm/web/editor.mjs needs the npm packages esbuild, @codemirror/view,")
    assert "npm ci" in message and "codemirror," not in message
    installed |= {os.path.join("nm", name, "package.json") for name in ("esbuild", "@codemirror/view")}
    js_bundle.check_installed("e.mjs", ["@codemirror/view", "codemirror"], "nm", exists=installed.__contains__)


def test_esbuild_command_writes_one_minified_browser_module():
    command = js_bundle.esbuild_command("node_modules/esbuild/bin/esbuild", "/src/editor.mjs", "/out/editor.js.tmp")
    assert command[:2] == ["node_modules/esbuild/bin/esbuild", "/src/editor.mjs"]
    for flag in ("--bundle", "--format=esm", "--platform=browser", "--minify", "--outfile=/out/editor.js.tmp"):
        assert flag in command
    assert not any(flag.startswith(("--sourcemap", "--metafile", "--splitting")) for flag in command)
