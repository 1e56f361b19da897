"""Compiling with emcc's clang directly gives exactly what emcc gives.

The emscripten tool asks emcc once which clang command it runs for a set of flags
(remembered in build/.cache/emcc-clang.json) and then runs that command itself. For
the variant under test, each remembered flag set and a few of the variant's sources
are compiled both ways; the objects and the preprocessed text must be identical.
"""

import json
import os
import shlex
import shutil
import subprocess

import pytest

pytestmark = pytest.mark.wasm

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLES = ("py/vm.c", "py/objfun.c", "emscripten/main.c", "emscripten/vm_reentry.c", "core/runtime.c")


def emcc_env():
    return dict(os.environ, NODE_PATH=os.pathsep.join(filter(None, ["/usr/share/nodejs",
                                                                    os.environ.get("NODE_PATH")])))


def sample_entries(built_variant):
    with open(built_variant / "compile_commands.json") as stream:
        entries = json.load(stream)
    chosen = [e for e in entries if e["file"].endswith(SAMPLES)]
    assert len(chosen) >= len(SAMPLES) - 1, "sample sources missing from compile_commands.json"
    return chosen


def remembered_commands():
    with open(os.path.join(REPO, "build", ".cache", "emcc-clang.json")) as stream:
        return {tuple(json.loads(key)[2]): command for key, command in json.load(stream).items()}


def split_entry(entry, remembered):
    """An entry's command is clang-command + [-o OUT -c] + includes/defines + [SOURCE]:
    return the emcc flags that produced it and the part after the clang command."""
    argv = shlex.split(entry["command"])
    for flags, command in remembered.items():
        # (One flag set's command can be a prefix of another's: the output option comes next.)
        if argv[:len(command)] == command and argv[len(command)] == "-o":
            return list(flags), argv[len(command):]
    raise AssertionError(f"no remembered emcc translation starts {entry['file']}'s command")


def without_output(argv):
    at = argv.index("-o")
    return argv[:at] + argv[at + 2:]


def run(argv, directory):
    result = subprocess.run(argv, cwd=directory, capture_output=True, text=True, env=emcc_env())
    assert result.returncode == 0, f"{' '.join(argv)}\n{result.stderr}"
    return result.stdout


def test_direct_clang_equals_emcc(built_variant, tmp_path):
    emcc = shutil.which("emcc")
    assert emcc, "emcc is not on PATH"
    remembered = remembered_commands()
    for entry in sample_entries(built_variant):
        flags, rest = split_entry(entry, remembered)
        direct = shlex.split(entry["command"])
        via_emcc = [emcc, *flags, *rest]
        objects = []
        for name, argv in (("direct.o", direct), ("emcc.o", via_emcc)):
            argv = without_output(argv) + ["-o", str(tmp_path / name)]
            run(argv, entry["directory"])
            objects.append((tmp_path / name).read_bytes())
        assert objects[0] == objects[1], entry["file"]
        # Preprocessing, as QSTR extraction does it.
        texts = [run([a for a in without_output(argv) if a != "-c"] + ["-E", "-DNO_QSTR"], entry["directory"])
                 for argv in (direct, via_emcc)]
        assert texts[0] == texts[1], entry["file"]
