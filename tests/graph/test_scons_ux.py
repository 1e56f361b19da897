"""What users expect from the SCons front end: help, quiet steps, V=1, cleaning, compile_commands, cache, serve."""

import json
import os
import subprocess
import sys

import pytest

from buildtree import REPO, BuildRun


@pytest.fixture(scope="module")
def tree(make_scratch_tree):
    return make_scratch_tree("ux", quick_unix=True)


def test_help_lists_options_and_variants(tree):
    run = tree.scons("-h")
    for word in ("variant", "V:", "cache", "build_dir", "CC", "unix", "quick flags for build tests"):
        assert word in run.stdout


def test_quiet_steps_then_full_commands_with_v(tree, tmp_path):
    run = tree.scons("variant=unix")
    steps = run.steps
    assert ("CC", "micropython/py/obj.c") in steps
    assert ("LINK", "build/unix/micropython") in steps and ("LINK", "build/mpy-cross/mpy-cross") in steps
    assert ("GEN", "build/unix/genhdr/qstrdefs.generated.h") in steps
    assert ("QSTR", "ports/wasm/core/modtime.c") in steps
    assert "gcc -o" not in run.stdout and " -c " not in run.stdout  # no raw command lines by default
    tree.path("ports/wasm/core/modtime.c").write_text(
        tree.path("ports/wasm/core/modtime.c").read_text() + "\n// edited\n")
    verbose = tree.scons("variant=unix", "V=1")
    assert any("-c" in line and "modtime.c" in line and "gcc" in line for line in verbose.stdout.splitlines())


def test_v_shows_every_command_line_of_a_clean_build(tree):
    tree.scons("variant=unix", "-c")
    lines = tree.scons("variant=unix", "V=1").stdout.splitlines()
    # Command steps (link, freeze, upstream generators) print the command itself, not a label.
    assert any("gcc -o build/unix/micropython " in line for line in lines)
    assert any("mpy-tool.py" in line and "frozen_content.c" in line for line in lines)
    assert any("makemoduledefs.py" in line for line in lines)
    # (the QSTR pass's preprocessor: gcc's cc1 itself, see mpbuild/preprocessor.py)
    assert any(" -E " in line and "-DNO_QSTR" in line and "modtime.c" in line for line in lines)
    assert not [line for line in lines if line.startswith(("FREEZE ", "GEN ", "LINK ", "QSTR "))]
    # Steps run in parallel: each line is written whole (no blank or merged lines).
    assert "" not in lines


def test_compile_commands_per_variant(tree):
    tree.scons("variant=unix")
    entries = json.loads(tree.path("build/unix/compile_commands.json").read_text())
    files = {entry["file"] for entry in entries}
    assert str(tree.path("ports/wasm/core/modtime.c")) in files
    assert any(f.endswith("micropython/py/vm.c") for f in files)
    assert all("-c" in entry["command"] and entry["output"].endswith(".o") for entry in entries)


def test_clean_removes_outputs(tree):
    tree.scons("variant=unix")
    tree.scons("variant=unix", "-c")
    assert not tree.path("build/unix/micropython").exists()
    assert not tree.path("build/mpy-cross/mpy-cross").exists()
    assert tree.scons("variant=unix").labels("LINK") == {"build/unix/micropython", "build/mpy-cross/mpy-cross"}


def test_shared_cache_serves_a_second_tree(tree, make_scratch_tree, tmp_path):
    cache = tmp_path / "cache"
    tree.scons("variant=unix", "-c")
    tree.scons("variant=unix", f"cache={cache}")
    other = make_scratch_tree("other")
    other.path("variants/unix.toml").write_bytes(tree.path("variants/unix.toml").read_bytes())
    other.path("ports/wasm/core/modtime.c").write_bytes(tree.path("ports/wasm/core/modtime.c").read_bytes())
    run = other.scons("variant=unix", f"cache={cache}")
    assert "Retrieved" in run.stdout and not run.labels("CC")


def test_build_dir_option_moves_all_outputs(tree, tmp_path):
    elsewhere = tmp_path / "out"
    tree.scons("variant=unix", f"build_dir={elsewhere}")
    assert (elsewhere / "unix" / "micropython").exists()
    assert (elsewhere / "mpy-cross" / "mpy-cross").exists()


def test_starting_scons_through_another_python_path_rebuilds_nothing(tree, tmp_path):
    # `scons` and `python3 -m SCons` may name the same interpreter by different
    # paths (a symlink); the generator steps depend on the interpreter itself.
    tree.scons("variant=unix")
    alias = tmp_path / "python-alias"
    alias.symlink_to(sys.executable)
    result = subprocess.run([str(alias), "-m", "SCons", "-Q", "variant=unix"], cwd=tree.root,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert BuildRun(0, result.stdout, result.stderr).steps == set()


def test_scons_serve_serves_the_variant_folder_only():
    # The repository's own build graph (a dry run: nothing is built).
    result = subprocess.run([sys.executable, "-m", "SCons", "-Q", "-n", "serve", "variant=default", "port=8765",
                             "V=1"], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    command = next(line for line in result.stdout.splitlines() if "devserver.py" in line)
    assert command.split()[-4:] == ["--root", os.path.join("build", "default"), "--port", "8765"]
