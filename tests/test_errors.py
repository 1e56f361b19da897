"""Bad input to the build: one clear message and a non-zero exit, never a traceback."""

import os
import sys
import tarfile

import pytest

from buildtree import ScratchTree

pytestmark = pytest.mark.errors


def assert_clear_failure(run, *phrases):
    output = run.stdout + run.stderr
    assert run.returncode != 0, output
    assert "Traceback" not in output, output
    for phrase in phrases:
        assert phrase in output, output


@pytest.fixture
def tree(tmp_path):
    return ScratchTree.create(tmp_path / "tree")


@pytest.fixture
def unprovisioned_tree(tmp_path):
    tree = ScratchTree.create(tmp_path / "tree")
    tree.path("micropython").unlink()
    tree.path("micropython").mkdir()  # an uninitialised submodule folder
    return tree


def offline_env(**extra):
    env = {k: v for k, v in os.environ.items() if k != "MICROPYTHON_SDIST"}
    # A package index nobody listens on: pip fails at once.
    env.update(PIP_INDEX_URL="http://127.0.0.1:9/simple", PIP_RETRIES="0", PIP_TIMEOUT="2",
               PIP_FIND_LINKS="", PIP_NO_INPUT="1")
    env.update(extra)
    return env


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


def test_no_source_and_provisioning_impossible(unprovisioned_tree):
    run = unprovisioned_tree.scons(env=offline_env(), check=False)
    assert_clear_failure(run, "mpy-cross-v6-3==1.1.1", "git submodule update --init")
    assert not unprovisioned_tree.path("micropython/py").exists()


def test_hash_mismatch_is_refused(unprovisioned_tree, tmp_path):
    tampered = tmp_path / "mpy_cross_v6_3-1.1.1.tar.gz"
    with tarfile.open(tampered, "w:gz") as archive:
        member = tmp_path / "payload.txt"
        member.write_text("not the pinned sources\n")
        archive.add(member, "mpy_cross_v6_3-1.1.1/micropython/py/payload.txt")
    run = unprovisioned_tree.scons(env=offline_env(MICROPYTHON_SDIST=str(tampered)), check=False)
    assert_clear_failure(run, "sha256", "55414c358f5844c784e76d3b253cbd7af5f243ddd4c0b47a26d3875d628df300")
    assert not unprovisioned_tree.path("micropython/py").exists()


def test_local_sdist_copy_provisions_offline(unprovisioned_tree):
    cached = ScratchTree(os.path.dirname(os.path.dirname(__file__))).path(
        "build/.cache/provision/mpy_cross_v6_3-1.1.1.tar.gz")
    if not cached.exists():
        pytest.skip("needs the repository's provisioning cache (run the build once)")
    run = unprovisioned_tree.scons("-n", env=offline_env(MICROPYTHON_SDIST=str(cached)))
    assert "provisioned from PyPI sdist mpy-cross-v6-3==1.1.1" in run.stdout
    assert unprovisioned_tree.path("micropython/py/mpconfig.h").exists()


def test_syntax_error_in_frozen_module_names_file_and_line(tree):
    tree.path("ports/wasm/modules/broken_mod.py").write_text("x = 1\ndef f(:\n    pass\n")
    run = tree.scons("variant=unix", check=False)
    assert_clear_failure(run, "ports/wasm/modules/broken_mod.py:2: SyntaxError", "frozen module")
    assert not tree.path("build/unix/frozen/broken_mod.mpy").exists()
