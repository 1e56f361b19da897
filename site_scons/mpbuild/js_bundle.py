"""One browser script from an ES module and the npm packages it imports, made by esbuild.

The page's editor (``ports/wasm/web/editor.mjs``) imports CodeMirror from npm; browsers cannot
resolve bare names such as ``"codemirror"``, so esbuild (a pinned dev dependency) bundles the entry
and what it imports into one minified ES module beside the page.

What the bundle depends on, exactly: the entry and the local modules it imports (``./x.mjs``,
followed recursively); for the npm packages, ``node_modules/.package-lock.json``, which npm
rewrites whenever it installs or removes anything, so a changed package is a changed file; and
esbuild's own ``package.json`` (its version). esbuild's minified output holds no paths, so the
bundle is the same wherever the tree is.
"""

from __future__ import annotations

import os
import re

ESBUILD = os.path.join("node_modules", "esbuild", "bin", "esbuild")
INSTALLED_LOCK = os.path.join("node_modules", ".package-lock.json")

# The specifier of a static import or re-export: `import x from "a"`, `import "a"`,
# `export {y} from "a"`, `import("a")` with a literal. Comments are not parsed; a specifier
# inside a comment only adds a dependency, never loses one.
_SPECIFIER = re.compile(
    r"""(?:\bimport\s*(?:[\w*${}\s,]+?\s*from\s*)?|\bexport\s*[\w*${}\s,]+?\s*from\s*|\bimport\s*\(\s*)"""
    r"""(["'])([^"'\n]+)\1""")


class JsBundleError(Exception):
    """An entry that cannot be bundled (a package is not installed): the message says the fix."""


def import_specifiers(text: str) -> list[str]:
    """The module specifiers ``text`` imports, in order, each once."""
    found = []
    for match in _SPECIFIER.finditer(text):
        if match.group(2) not in found:
            found.append(match.group(2))
    return found


def is_relative(specifier: str) -> bool:
    return specifier.startswith(("./", "../"))


def package_name(specifier: str) -> str:
    """The npm package of a bare specifier: ``@scope/name/sub`` -> ``@scope/name``, ``name/sub`` -> ``name``."""
    parts = specifier.split("/")
    return "/".join(parts[:2]) if specifier.startswith("@") else parts[0]


def scan(entry: str, read=None) -> tuple[list[str], list[str]]:
    """(the local module files of the bundle, entry first; the npm packages they import, sorted)."""
    read = read or _read_text
    files, packages, pending = [], set(), [os.path.normpath(entry)]
    while pending:
        path = pending.pop(0)
        if path in files:
            continue
        files.append(path)
        for specifier in import_specifiers(read(path)):
            if is_relative(specifier):
                pending.append(os.path.normpath(os.path.join(os.path.dirname(path), specifier)))
            elif not specifier.startswith(("/", "data:", "http:", "https:", "node:")):
                packages.add(package_name(specifier))
    return files, sorted(packages)


def missing_packages(packages, node_modules: str, exists=os.path.isfile) -> list[str]:
    return [name for name in packages if not exists(os.path.join(node_modules, name, "package.json"))]


def check_installed(entry_name: str, packages, node_modules: str, exists=os.path.isfile) -> None:
    """Raise JsBundleError naming the entry and the packages that are not installed."""
    missing = missing_packages(packages, node_modules, exists)
    if not exists(os.path.join(node_modules, "esbuild", "package.json")):
        missing = ["esbuild"] + missing
    if missing:
        raise JsBundleError(f"{entry_name} needs the npm package{'s' if len(missing) > 1 else ''} "
                            f"{', '.join(missing)}, not installed in {node_modules}: run `npm ci` in the "
                            "repository root (or tools/setup.sh)")


def esbuild_command(esbuild: str, entry: str, outfile: str) -> list[str]:
    """The esbuild command line: one minified ES module for browsers, nothing else written."""
    return [esbuild, entry, "--bundle", "--format=esm", "--platform=browser", "--minify", "--charset=utf8",
            "--log-level=warning", f"--outfile={outfile}"]


def _read_text(path: str) -> str:
    with open(path, encoding="utf-8") as stream:
        return stream.read()
