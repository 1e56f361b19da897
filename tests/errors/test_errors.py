"""Bad input to the build: one clear message and a non-zero exit, never a traceback."""

import os
import shutil
import sys
import tarfile

import pytest

from buildtree import REPO


def assert_clear_failure(run, *phrases):
    output = run.stdout + run.stderr
    assert run.returncode != 0, output
    assert "Traceback" not in output, output
    for phrase in phrases:
        assert phrase in output, output


@pytest.fixture
def tree(scratch_tree):
    return scratch_tree


@pytest.fixture
def unprovisioned_tree(scratch_tree):
    tree = scratch_tree
    tree.path("micropython").unlink()
    tree.path("micropython").mkdir()  # an uninitialised submodule folder
    return tree


SHARED_UPSTREAM = REPO.parent / "shared" / "upstream"


def archives_env(folder):
    """Archives looked for only in ``folder`` (a scratch tree has no ../shared beside it)."""
    return dict(os.environ, MICROPYTHON_ARCHIVES=str(folder))


def test_unknown_variant_lists_the_valid_ones(tree):
    run = tree.scons("variant=nosuch", check=False)
    assert_clear_failure(run, "unknown variant 'nosuch'", "unix")


def test_malformed_variant_file_names_file_and_line(tree):
    tree.path("variants/broken.toml").write_text('description = "x"\ntarget = "host"\ncflags = [-O2]\n')
    run = tree.scons("variant=broken", check=False)
    assert_clear_failure(run, "variants/broken.toml:3")


def test_unknown_option_is_refused(tree):
    run = tree.scons("varient=unix", check=False)
    assert_clear_failure(run, "unknown option", "varient")


def test_named_compiler_missing(tree):
    run = tree.scons("CC=/nonexistent/bin/gcc", check=False)
    assert_clear_failure(run, "no C compiler", "/nonexistent/bin/gcc", "apt-get install gcc")


def test_no_compiler_on_path(tree, tmp_path):
    bare_bin = tmp_path / "bin"
    bare_bin.mkdir()
    (bare_bin / "python3").symlink_to(sys.executable)
    run = tree.scons(env=dict(os.environ, PATH=str(bare_bin)), check=False)
    assert_clear_failure(run, "no C compiler", "apt-get install gcc")


def test_no_source_and_no_archives(unprovisioned_tree, tmp_path):
    run = unprovisioned_tree.scons(env=archives_env(tmp_path / "empty"), check=False)
    assert_clear_failure(run, "micropython-1.23.0.tar.gz", str(tmp_path / "empty"), "MICROPYTHON_ARCHIVES",
                         "git submodule update --init micropython")
    assert not unprovisioned_tree.path("micropython/py").exists()


def test_archive_with_a_wrong_hash_is_refused(unprovisioned_tree, tmp_path):
    tampered = tmp_path / "tampered"
    tampered.mkdir()
    with tarfile.open(tampered / "micropython-1.23.0.tar.gz", "w:gz") as archive:
        member = tmp_path / "payload.txt"
        member.write_text("not the pinned sources\n")
        archive.add(member, "micropython-1.23.0/py/payload.txt")
    run = unprovisioned_tree.scons(env=archives_env(tampered), check=False)
    assert_clear_failure(run, "sha256", "fbe32162ab549de902c6d0eb4ba293a4d40945bb2975a98bd2cce8d83bb1d266")
    assert not unprovisioned_tree.path("micropython/py").exists()


def test_core_only_tree_stops_the_build(tree):
    """A tree without extmod/ (what the former PyPI route gave) no longer builds any variant."""
    tree.path("micropython").unlink()
    for part in ("py", "shared", "tools", "mpy-cross"):
        shutil.copytree(REPO / "micropython" / part, tree.path(f"micropython/{part}"))
    run = tree.scons("variant=unix", env=archives_env(tree.path("no-archives")), check=False)
    assert_clear_failure(run, "extmod/vfs.c", "git submodule update --init micropython")


def test_archives_provision_offline(unprovisioned_tree):
    if not SHARED_UPSTREAM.is_dir():
        pytest.skip(f"{SHARED_UPSTREAM} is not on this machine")
    run = unprovisioned_tree.scons("-n", env=archives_env(SHARED_UPSTREAM))
    assert "provisioned from micropython-1.23.0.tar.gz + micropython-lib-50ed36f.tar.gz" in run.stdout
    assert unprovisioned_tree.path("micropython/extmod/vfs.c").exists()
    assert unprovisioned_tree.path("micropython/lib/micropython-lib/python-stdlib/abc/abc.py").exists()


def test_syntax_error_in_frozen_module_names_file_and_line(tree):
    tree.path("ports/wasm/modules/broken_mod.py").write_text("x = 1\ndef f(:\n    pass\n")
    run = tree.scons("variant=unix", check=False)
    assert_clear_failure(run, "ports/wasm/modules/broken_mod.py:2: SyntaxError", "frozen module")
    assert not tree.path("build/unix/frozen/broken_mod.mpy").exists()


def test_manifest_requiring_an_unknown_package_names_manifest_and_line(tree):
    manifest = tree.path("ports/wasm/manifests/pyscript.py")
    lines = manifest.read_text().splitlines()
    manifest.write_text("\n".join(lines + ['require("nosuch")']) + "\n")
    run = tree.scons("variant=unix", check=False)
    assert_clear_failure(run, f"ports/wasm/manifests/pyscript.py:{len(lines) + 1}: require('nosuch'): "
                              "no such package in micropython-lib", "fix the name or remove the line")
    assert not tree.path("build/unix/frozen").exists()  # stopped while reading the build description


def test_syntax_error_in_a_required_package_module_names_file_and_line(tree):
    # A library of packages like micropython-lib's, with a module inside a package folder.
    tree.path("lib/brokenpkg/brokenpkg").mkdir(parents=True)
    tree.path("lib/brokenpkg/manifest.py").write_text('metadata(version="1.0")\npackage("brokenpkg")\n')
    tree.path("lib/brokenpkg/brokenpkg/__init__.py").write_text("")
    tree.path("lib/brokenpkg/brokenpkg/sub.py").write_text("x = 1\n\nif x\n    pass\n")
    tree.path("ports/wasm/manifests/broken.py").write_text(
        'include("$(PORT_DIR)/manifests/port.py")\nadd_library("ours", "$(PORT_DIR)/../../lib")\n'
        'require("brokenpkg", library="ours")\n')
    tree.path("variants/broken.toml").write_text(
        'description = "x"\nextends = "unix"\nmanifest = "ports/wasm/manifests/broken.py"\n')
    run = tree.scons("variant=broken", check=False)
    assert_clear_failure(run, "lib/brokenpkg/brokenpkg/sub.py:3: SyntaxError", "frozen module",
                         "ports/wasm/manifests/broken.py")
    assert not tree.path("build/broken/frozen/brokenpkg/sub.mpy").exists()
