"""`scons variant=NAME dist`: the variant as an npm package tarball (what `npm pack` makes, reproducibly).

The package holds micropython.mjs (its entry point, `exports["."]`), the .wasm and .data it
loads from its own folder, the API's types (micropython.d.ts), the Web Worker entry
(micropython-worker.mjs, `exports["./worker"]`, with its types) and package.json. The tarball
has npm's layout (every file under ``package/``) with fixed times, owners and order, so two
builds of the same files are the same bytes.
"""

from __future__ import annotations

import gzip
import io
import json
import tarfile

# 1985-10-26T08:15:00Z: the fixed time npm itself stamps into packed tarballs.
NPM_FIXED_MTIME = 499162500


def package_name(variant: str) -> str:
    return "micropython-wasm" if variant == "default" else f"micropython-wasm-{variant}"


def package_json(variant: str, version: str, files: list[str]) -> dict:
    """package.json: an ES module package whose entry point is micropython.mjs."""
    return {
        "name": package_name(variant),
        "version": version,
        "description": f"MicroPython {version} on WebAssembly ({variant} build): loadMicroPython() as upstream's micropython.mjs",
        "license": "MIT",
        "type": "module",
        "main": "./micropython.mjs",
        "types": "./micropython.d.ts",
        "exports": {
            ".": {"types": "./micropython.d.ts", "import": "./micropython.mjs", "default": "./micropython.mjs"},
            "./worker": {"types": "./micropython-worker.d.ts", "import": "./micropython-worker.mjs",
                         "default": "./micropython-worker.mjs"},
            # Served beside the module by bundlers and pages that copy assets.
            "./micropython.mjs": "./micropython.mjs",
            "./micropython-worker.mjs": "./micropython-worker.mjs",
            "./micropython.wasm": "./micropython.wasm",
            "./micropython.data": "./micropython.data",
            "./package.json": "./package.json",
        },
        "files": sorted(files),
        "engines": {"node": ">=18"},
    }


def version_from_tag(tag: str) -> str:
    """`v1.23.0` -> `1.23.0` (a preview tag keeps its suffix: `1.24.0-preview`)."""
    return tag[1:] if tag.startswith("v") else tag


def tarball_bytes(entries: dict[str, bytes]) -> bytes:
    """A gzipped tar of entries (name -> content) under package/, in npm's shape, reproducible."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name in sorted(entries):
            info = tarfile.TarInfo("package/" + name)
            info.size = len(entries[name])
            info.mtime = NPM_FIXED_MTIME
            info.mode = 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(entries[name]))
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0, filename="") as stream:
        stream.write(raw.getvalue())
    return out.getvalue()
