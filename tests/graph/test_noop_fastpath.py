"""The no-op fast path: an unchanged tree is reported up to date without loading the
graph, and every kind of change still reaches SCons and rebuilds what it must.

A full SCons run rewrites the signature database (build/.sconsign.dblite); the fast
path does not touch it, which is how these tests tell the two apart.
"""

import os
import shutil
import subprocess
import sys

import pytest

PORT_FILE = "ports/wasm/core/modtime.c"


@pytest.fixture(scope="module")
def tree(make_scratch_tree):
    return make_scratch_tree("fastpath", second_variant=True, build="unix")


def signatures_written(tree, *args, env=None):
    """Run scons; return (run, whether SCons itself ran, i.e. rewrote its signature database)."""
    database = tree.path("build/.sconsign.dblite")
    before = database.stat().st_mtime_ns
    run = tree.scons(*args, env=env)
    return run, database.stat().st_mtime_ns != before


def settle(tree):
    """Build until a record exists for this kind of run."""
    tree.scons("variant=unix")


def test_unchanged_tree_is_reported_up_to_date_without_scons(tree):
    settle(tree)
    run, full = signatures_written(tree, "variant=unix")
    assert not full
    assert run.steps == set()
    assert "scons: `build/unix/micropython' is up to date." in run.stdout
    assert "scons: `build/mpy-cross/mpy-cross' is up to date." in run.stdout


def test_progress_messages_match_scons_without_quiet(tree):
    full_run = subprocess.run([sys.executable, "-m", "SCons", "variant=unix"], cwd=tree.root,
                              capture_output=True, text=True, check=True)
    database = tree.path("build/.sconsign.dblite").stat().st_mtime_ns
    fast_run = subprocess.run([sys.executable, "-m", "SCons", "variant=unix"], cwd=tree.root,
                              capture_output=True, text=True, check=True)
    assert tree.path("build/.sconsign.dblite").stat().st_mtime_ns == database  # (the fast path)

    def progress(output):
        return [line for line in output.splitlines() if line.startswith("scons: ")]
    assert progress(fast_run.stdout) == progress(full_run.stdout)
    assert progress(fast_run.stdout)[0] == "scons: Reading SConscript files ..."
    assert progress(fast_run.stdout)[-1] == "scons: done building targets."


def test_edit_keeping_size_and_mtime_is_rebuilt(tree):
    settle(tree)
    path = tree.path(PORT_FILE)
    before = path.stat()
    text = path.read_text()
    edited = text.replace("sleep length must be non-negative", "sleep length must be non-positive", 1)
    assert edited != text and len(edited) == len(text)
    path.write_text(edited)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    run, full = signatures_written(tree, "variant=unix")
    assert full and run.labels("CC") == {PORT_FILE}
    path.write_text(text)
    tree.scons("variant=unix")


def test_new_file_in_a_globbed_folder_reaches_scons(tree):
    settle(tree)
    module = tree.path("ports/wasm/modules/fastpath_probe.py")
    module.write_text("VALUE = 1\n")
    try:
        run, full = signatures_written(tree, "variant=unix")
        assert full and "FREEZE build/unix/frozen/frozen_content.c" in run.stdout
    finally:
        module.unlink()
    run, full = signatures_written(tree, "variant=unix")
    assert full and "FREEZE build/unix/frozen/frozen_content.c" in run.stdout


def test_deleted_output_is_rebuilt(tree):
    settle(tree)
    tree.path("build/unix/micropython").unlink()
    run, full = signatures_written(tree, "variant=unix")
    assert full and run.labels("LINK") == {"build/unix/micropython"}
    assert tree.path("build/unix/micropython").exists()


def test_changed_environment_or_arguments_reach_scons(tree):
    settle(tree)
    env = dict(os.environ, SOURCE_DATE_EPOCH="86400")
    run, full = signatures_written(tree, "variant=unix", env=env)
    assert full and "GEN build/unix/genhdr/mpversion.h" in run.stdout
    run, full = signatures_written(tree, "variant=unix")  # back: the date changes back too
    assert full and "GEN build/unix/genhdr/mpversion.h" in run.stdout
    run, full = signatures_written(tree, "variant=unix", "V=1")
    assert full


def test_switching_variant_and_back_stays_fast(tree):
    tree.scons("variant=other")
    tree.scons("variant=unix")
    settle(tree)
    run, full = signatures_written(tree, "variant=other")
    assert not full and "scons: `build/other/micropython' is up to date." in run.stdout
    run, full = signatures_written(tree, "variant=unix")
    assert not full


def test_failed_build_leaves_no_record(tree):
    settle(tree)
    tree.edit(PORT_FILE, "sleep length must be non-negative", "sleep length must be non-negative\" oops")
    try:
        assert tree.scons("variant=unix", check=False).returncode != 0
        assert tree.scons("variant=unix", check=False).returncode != 0  # still failing: SCons ran again
    finally:
        tree.edit(PORT_FILE, "sleep length must be non-negative\" oops", "sleep length must be non-negative")
    run, full = signatures_written(tree, "variant=unix")
    assert full  # (the source is as it was built last: SCons finds nothing to do)
    tree.assert_matches_clean_build("unix")


def test_replaced_compiler_reaches_scons(tree, tmp_path):
    # SCons itself would not notice a new compiler at the same path; the fast path must not
    # report up to date after one (an upgrade replaces the file).
    compiler = tmp_path / "cc-wrapper"
    compiler.write_text(f"#!/bin/sh\nexec {shutil.which('gcc')} \"$@\"\n")
    compiler.chmod(0o755)
    tree.scons("variant=unix", f"CC={compiler}")
    run, full = signatures_written(tree, "variant=unix", f"CC={compiler}")
    assert not full
    compiler.write_text(compiler.read_text())  # same content: a reinstall
    run, full = signatures_written(tree, "variant=unix", f"CC={compiler}")
    assert full and run.steps == set()
