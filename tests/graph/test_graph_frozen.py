"""Frozen modules listed by an upstream-format manifest: the manifest's edits change the graph,
each module is its own MPY step, and the incremental result equals a clean build."""

import pytest

import interpreter

MANIFEST = "ports/wasm/manifests/graphtest.py"


@pytest.fixture
def tree(make_scratch_tree):
    tree = make_scratch_tree(second_variant=True)
    tree.path(MANIFEST).write_text('include("$(PORT_DIR)/manifests/port.py")\nrequire("abc")\n')
    tree.path("variants/unix.toml").write_text(
        tree.path("variants/unix.toml").read_text() + f'manifest = "{MANIFEST}"\n')
    return tree


def run_python(tree, code):
    return interpreter.run_python(tree.path("build/unix/micropython"), code)


def test_manifest_edits_rebuild_only_what_they_change(tree):
    tree.scons("variant=unix")
    assert run_python(tree, "import abc; print(abc.__version__)").stdout == "0.0.1\n"

    tree.edit(MANIFEST, 'require("abc")\n', 'require("abc")\nrequire("collections-defaultdict")\n')
    run = tree.scons("variant=unix")
    lib = "micropython/lib/micropython-lib/python-stdlib"
    assert run.labels("MPY") == {f"{lib}/collections/collections/__init__.py",
                                 f"{lib}/collections-defaultdict/collections/defaultdict.py"}
    assert run.labels("FREEZE") == {"build/unix/frozen/frozen_content.c"}
    assert run.labels("CC") == {"build/unix/frozen/frozen_content.c"}
    assert tree.path("build/unix/frozen/collections/defaultdict.mpy").is_file()
    probe = run_python(tree, "from collections.defaultdict import defaultdict; d = defaultdict(int); d[1] += 2; "
                             "print(d[1])")
    assert probe.stdout == "2\n", probe.stderr

    tree.edit(MANIFEST, 'require("collections-defaultdict")\n', "")
    run = tree.scons("variant=unix")
    assert not run.labels("MPY") and run.labels("FREEZE") == {"build/unix/frozen/frozen_content.c"}
    assert not tree.path("build/unix/frozen/collections/defaultdict.mpy").exists()  # pruned
    assert "ImportError" in run_python(tree, "import collections.defaultdict").stderr
    tree.assert_matches_clean_build("unix")
