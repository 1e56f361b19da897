"""The node launcher's cache of optimised wasm code (ports/wasm/node/code_cache.js).

Each test runs a private copy of a built variant's launcher with its own cache
folder, and reads what happened from MICROPYTHON_WASM_CODE_CACHE_TRACE=1."""

import os
import shutil

import pytest

from interpreter import run_python

pytestmark = pytest.mark.wasm

LAUNCHER_FILES = ("micropython", "micropython.js", "micropython.wasm", "micropython.data", "code_cache.js")
PROGRAM = "import sys\nprint(sum(i * i for i in range(1000)), sys.platform)"
EXPECTED = "332833500 webassembly"


@pytest.fixture
def code_cache_applies(variant_settings):
    if "jspi" in variant_settings.features:
        # (the launcher says so: "code cache: off: this node's V8 cannot save wasm code")
        pytest.skip("jspi builds run under node 26, whose V8 has no %SerializeWasmModule: no code cache")


@pytest.fixture
def launcher(built_variant, code_cache_applies, tmp_path):
    folder = tmp_path / "build"
    folder.mkdir()
    for name in LAUNCHER_FILES:
        shutil.copy2(built_variant / name, folder / name)
    return folder / "micropython"


def run(launcher, cache, **settings):
    environment = {key: value for key, value in os.environ.items() if key != "NODE_OPTIONS"}
    environment.update(MICROPYTHON_WASM_CODE_CACHE=str(cache), MICROPYTHON_WASM_CODE_CACHE_TRACE="1", **settings)
    completed = run_python(launcher, PROGRAM, env=environment)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == EXPECTED
    outcomes = [line.split(":")[1].strip() for line in completed.stderr.splitlines()
                if line.startswith("code cache:")]
    assert len(outcomes) == 1, completed.stderr
    return outcomes[0]


def entries(cache):
    return sorted(path for path in cache.iterdir() if path.name.endswith(".v8code")) if cache.exists() else []


def test_first_run_fills_the_cache_and_later_runs_use_it(launcher, tmp_path):
    cache = tmp_path / "cache" / "nested"
    assert run(launcher, cache) == "miss"
    [entry] = entries(cache)
    assert entry.read_bytes()[:8] == b"MPWCODE1" and entry.stat().st_size > 256 * 1024  # the module's machine code
    assert run(launcher, cache) == "hit"
    assert run(launcher, cache) == "hit"
    assert entries(cache) == [entry]
    assert not [path for path in cache.iterdir() if ".tmp-" in path.name]


@pytest.mark.parametrize("damage", ["flipped byte", "truncated", "empty", "foreign file"])
def test_a_damaged_entry_is_never_handed_to_v8(launcher, tmp_path, damage):
    cache = tmp_path / "cache"
    run(launcher, cache)
    [entry] = entries(cache)
    data = bytearray(entry.read_bytes())
    if damage == "flipped byte":
        data[len(data) // 2] ^= 0x5A  # inside the machine code: V8 itself would accept it
    elif damage == "truncated":
        data = data[: len(data) - 4096]
    elif damage == "empty":
        data = bytearray()
    else:
        data = bytearray(b"not a cache entry\n" * 100)
    entry.write_bytes(bytes(data))
    assert run(launcher, cache) == "miss"
    assert run(launcher, cache) == "hit"  # rewritten whole


def test_a_rebuilt_module_replaces_its_entry(launcher, tmp_path):
    cache = tmp_path / "cache"
    run(launcher, cache)
    [old] = entries(cache)
    wasm = launcher.with_name("micropython.wasm")
    data = wasm.read_bytes()
    wasm.unlink()
    wasm.write_bytes(data)  # a new file (inode, time) with the same bytes, as a relink writes
    assert run(launcher, cache) == "miss"
    assert run(launcher, cache) == "hit"
    assert len(entries(cache)) == 1 and entries(cache)[0].name == old.name


def test_entries_of_deleted_builds_are_pruned(built_variant, code_cache_applies, tmp_path):
    cache = tmp_path / "cache"
    copies = []
    for name in ("one", "two"):
        folder = tmp_path / name
        folder.mkdir()
        for file in LAUNCHER_FILES:
            shutil.copy2(built_variant / file, folder / file)
        copies.append(folder / "micropython")
    run(copies[0], cache)
    assert len(entries(cache)) == 1
    shutil.rmtree(copies[0].parent)
    run(copies[1], cache)
    assert len(entries(cache)) == 1


def test_other_node_flags_get_their_own_entry(launcher, tmp_path):
    cache = tmp_path / "cache"
    assert run(launcher, cache) == "miss"
    assert run(launcher, cache, NODE_OPTIONS="--max-old-space-size=300") == "miss"
    assert len(entries(cache)) == 2
    assert run(launcher, cache) == "hit"
    assert run(launcher, cache, NODE_OPTIONS="--max-old-space-size=300") == "hit"


def test_the_cache_can_be_turned_off(launcher, tmp_path):
    assert run(launcher, "off") == "off"
    assert not list(tmp_path.glob("**/*.v8code"))


@pytest.mark.parametrize("where", ["a file", "under /proc"])
def test_an_unusable_cache_folder_only_costs_speed(launcher, tmp_path, where):
    if where == "a file":
        cache = tmp_path / "occupied"
        cache.write_text("a file where the folder would be\n")
    else:
        cache = "/proc/no-such-folder/cache"  # (node's own recursive mkdir spins forever here)
    assert run(launcher, cache) == "off"


def test_under_a_debugger_the_cache_stands_aside(launcher, tmp_path):
    # --inspect-port alone does not start the inspector, but says a debugger is meant to attach.
    cache = tmp_path / "cache"
    assert run(launcher, cache, NODE_OPTIONS="--inspect-port=0") == "off"
    assert entries(cache) == []
