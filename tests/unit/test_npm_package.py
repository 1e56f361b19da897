"""mpbuild/npm_package.py: package.json and npm's tarball layout, reproducibly."""

import io
import json
import tarfile

from mpbuild import npm_package


def test_package_json_exports_the_module_and_its_types():
    manifest = npm_package.package_json("asyncify", "1.23.0", ["micropython.mjs", "micropython.wasm"])
    assert manifest["name"] == "micropython-wasm-asyncify" and manifest["type"] == "module"
    assert manifest["exports"]["."] == {"types": "./micropython.d.ts", "import": "./micropython.mjs",
                                        "default": "./micropython.mjs"}
    # The Web Worker entry: `import { loadMicroPythonWorker } from "micropython-wasm/worker"`.
    assert manifest["exports"]["./worker"] == {"types": "./micropython-worker.d.ts", "import": "./micropython-worker.mjs",
                                               "default": "./micropython-worker.mjs"}
    assert npm_package.package_json("default", "1.23.0", [])["name"] == "micropython-wasm"
    assert npm_package.version_from_tag("v1.23.0") == "1.23.0"


def test_tarball_has_npms_layout_and_is_reproducible():
    entries = {"package.json": json.dumps({"name": "x"}).encode(), "b.wasm": b"\0asm", "a.mjs": b"export {}"}
    first = npm_package.tarball_bytes(entries)
    assert first == npm_package.tarball_bytes(dict(reversed(list(entries.items()))))
    with tarfile.open(fileobj=io.BytesIO(first)) as tar:
        members = tar.getmembers()
        assert [m.name for m in members] == ["package/a.mjs", "package/b.wasm", "package/package.json"]
        assert {(m.mtime, m.uid, m.mode) for m in members} == {(npm_package.NPM_FIXED_MTIME, 0, 0o644)}
        assert tar.extractfile("package/b.wasm").read() == b"\0asm"
