"""micropython.mjs: the ES module made from emcc's output of the link (micropython.js) and the API layer.

One link serves both files: ``micropython.js`` (a plain script for the node launcher and
old pages) and ``micropython.mjs`` (for ``import()``: browsers, workers, bundlers, node)
load the same ``micropython.wasm`` and ``micropython.data``. ``es_module_text`` turns
emcc's MODULARIZE script into the body of a module:

- emcc finds its folder through ``document.currentScript`` (null in a module) or node's
  ``__filename``; the module uses ``import.meta.url`` instead;
- emcc 3.1.6's node code calls ``require`` and reads ``__dirname``, which a module lacks:
  under node only, the module makes them with ``module.createRequire`` (a dynamic import,
  so browsers and bundlers never load node's modules);
- the CommonJS/AMD export lines at the end go (the module exports ``loadMicroPython``).

The API layer (``ports/wasm/js/api.mjs``) follows, and may use ``createMicroPythonModule``
and ``MPW_IS_NODE``.
"""

from __future__ import annotations

# emcc 3.1.6 (-sMODULARIZE -sEXPORT_NAME=createMicroPythonModule) writes these exact lines.
SCRIPT_DIR_LINES = (
    "  var _scriptDir = typeof document !== 'undefined' && document.currentScript ? document.currentScript.src : undefined;\n"
    "  if (typeof __filename !== 'undefined') _scriptDir = _scriptDir || __filename;\n"
)
COMMONJS_EXPORT_TAIL = (
    "if (typeof exports === 'object' && typeof module === 'object')\n"
    "  module.exports = createMicroPythonModule;\n"
    "else if (typeof define === 'function' && define['amd'])\n"
    "  define([], function() { return createMicroPythonModule; });\n"
    "else if (typeof exports === 'object')\n"
    "  exports[\"createMicroPythonModule\"] = createMicroPythonModule;\n"
)
FACTORY_START = "var createMicroPythonModule = "

# The names emcc's node code expects from CommonJS. The specifiers are held in a variable
# (and marked for webpack and vite) so that bundlers leave node's modules out of web bundles.
NODE_PRELUDE = """\
const MPW_IS_NODE = typeof process === "object" && typeof process.versions === "object"
  && typeof process.versions.node === "string";
const MPW_NODE_MODULE = "module";
const require = MPW_IS_NODE
  ? (await import(/* webpackIgnore: true */ /* @vite-ignore */ MPW_NODE_MODULE)).createRequire(import.meta.url)
  : undefined;
const __filename = MPW_IS_NODE ? require("url").fileURLToPath(import.meta.url) : undefined;
const __dirname = MPW_IS_NODE ? require("path").dirname(__filename) : undefined;
"""


class JsModuleError(Exception):
    """emcc's output does not have the shape this step knows (another emscripten version)."""


def es_module_text(emcc_js: str, api_js: str, *, emcc_name: str = "micropython.js",
                   header: str = "") -> str:
    """The text of micropython.mjs from emcc's script and the API layer's text."""
    emcc_js = emcc_js.lstrip("\n")  # (emcc starts with an empty line)
    if not emcc_js.startswith(FACTORY_START):
        raise JsModuleError(f"{emcc_name} does not start with `{FACTORY_START.strip()}` "
                            "(emcc's -sMODULARIZE output, EXPORT_NAME createMicroPythonModule)")
    if emcc_js.count(SCRIPT_DIR_LINES) != 1:
        raise JsModuleError(f"{emcc_name} lacks emcc 3.1.6's `var _scriptDir = ...document.currentScript...` "
                            "lines: this emscripten writes another preamble; update mpbuild/js_module.py")
    if not emcc_js.endswith(COMMONJS_EXPORT_TAIL):
        raise JsModuleError(f"{emcc_name} does not end with emcc 3.1.6's CommonJS/AMD export lines: "
                            "this emscripten writes another ending; update mpbuild/js_module.py")
    body = emcc_js[:-len(COMMONJS_EXPORT_TAIL)].replace(SCRIPT_DIR_LINES, "  var _scriptDir = import.meta.url;\n")
    return header + NODE_PRELUDE + body + "\n" + api_js
