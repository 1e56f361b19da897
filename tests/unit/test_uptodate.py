"""The no-op fast path's record (site_scons/mpbuild/uptodate.py), without SCons."""

import os

import pytest

from mpbuild import uptodate

KEY = uptodate.run_key(["variant=unix"], {"PATH": "/usr/bin"}, {"scons": "4"})


@pytest.mark.parametrize("argv, expected", [
    ([], []),
    (["-Q", "variant=unix"], ["-Q", "variant=unix"]),
    (["-j2", "variant=unix"], ["variant=unix"]),
    (["-j", "4", "V=1"], ["V=1"]),
    (["--jobs=3", "-Q"], ["-Q"]),
])
def test_plain_builds_keep_what_decides_the_result(argv, expected):
    assert uptodate.run_arguments(argv) == expected


@pytest.mark.parametrize("argv", [
    ["build/unix/micropython"], ["-c"], ["-n", "variant=unix"], ["--debug=time"], ["--interactive"],
    ["serve"], ["-h"], ["-u"],
])
def test_other_runs_are_left_to_scons(argv):
    assert uptodate.run_arguments(argv) is None


def test_key_changes_with_arguments_environment_and_tools_but_not_shell_noise():
    base = uptodate.run_key(["variant=unix"], {"PATH": "/usr/bin", "OLDPWD": "/a"}, {"scons": "4"})
    assert base == uptodate.run_key(["variant=unix"], {"PATH": "/usr/bin", "OLDPWD": "/b", "SHLVL": "3"},
                                    {"scons": "4"})
    assert base != uptodate.run_key(["variant=default"], {"PATH": "/usr/bin"}, {"scons": "4"})
    assert base != uptodate.run_key(["variant=unix"], {"PATH": "/usr/bin", "CC": "clang"}, {"scons": "4"})
    assert base != uptodate.run_key(["variant=unix"], {"PATH": "/usr/bin"}, {"scons": "5"})


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "tree"
    (root / "src").mkdir(parents=True)
    (root / "src" / "a.c").write_text("int a;\n")
    (root / ".git").mkdir()
    (root / ".git" / "index").write_text("x")
    (root / "build").mkdir()
    (root / "build" / "out.o").write_text("object")
    return root


def record_build(tree, targets=("build/out.o",)):
    record = uptodate.record_path(str(tree / "build"), KEY)
    paths = uptodate.source_tree_paths(str(tree), [str(tree / "build")])
    uptodate.save(record, KEY, paths, [str(tree / "build" / "out.o")], list(targets))
    return record


def check(tree, record, key=KEY):
    return uptodate.unchanged_targets(record, key, uptodate.source_tree_paths(str(tree), [str(tree / "build")]))


def test_tree_walk_skips_build_and_vcs_folders(tree):
    paths = uptodate.source_tree_paths(str(tree), [str(tree / "build")])
    assert sorted(os.path.relpath(p, tree) for p in paths) == ["src", "src/a.c"]


def test_tree_walk_follows_linked_folders_once(tree, tmp_path):
    outside = tmp_path / "upstream"
    (outside / "py").mkdir(parents=True)
    (outside / "py" / "obj.c").write_text("")
    (tree / "micropython").symlink_to(outside, target_is_directory=True)
    (tree / "src" / "loop").symlink_to(tree / "src", target_is_directory=True)
    relative = sorted(os.path.relpath(p, tree) for p in uptodate.source_tree_paths(str(tree)))
    assert "micropython/py/obj.c" in relative
    assert sum(1 for p in relative if p.endswith("a.c")) == 1


def test_nothing_changed_gives_the_recorded_targets(tree):
    record = record_build(tree)
    assert check(tree, record) == ["build/out.o"]


def test_an_edit_that_keeps_size_and_mtime_is_still_a_change(tree):
    record = record_build(tree)
    source = tree / "src" / "a.c"
    before = source.stat()
    source.write_text("int b;\n")  # same size
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))  # same mtime: ctime still moves
    assert check(tree, record) is None


@pytest.mark.parametrize("change", ["added file", "removed file", "added folder", "output deleted",
                                    "output edited"])
def test_tree_and_output_changes_send_the_run_to_scons(tree, change):
    record = record_build(tree)
    if change == "added file":
        (tree / "src" / "b.c").write_text("")
    elif change == "removed file":
        (tree / "src" / "a.c").unlink()
    elif change == "added folder":
        (tree / "cmod").mkdir()
    elif change == "output deleted":
        (tree / "build" / "out.o").unlink()
    else:
        (tree / "build" / "out.o").write_text("hand-edited")
    assert check(tree, record) is None


def test_another_kind_of_run_or_a_damaged_record_is_not_trusted(tree):
    record = record_build(tree)
    other = uptodate.run_key(["variant=default"], {}, {})
    assert check(tree, record, key=other) is None
    with open(record, "w") as stream:
        stream.write("{not json")
    assert check(tree, record) is None
    assert check(tree, str(tree / "build" / "missing.json")) is None


def test_forget_drops_this_record_and_keeps_a_few_others(tree):
    build = str(tree / "build")
    records = []
    for index in range(10):
        key = uptodate.run_key([f"variant=v{index}"], {}, {})
        path = uptodate.record_path(build, key)
        uptodate.save(path, key, [], [], [])
        records.append(path)
    uptodate.forget(records[-1], keep=4)
    left = [path for path in records if os.path.exists(path)]
    assert records[-1] not in left
    assert len(left) == 3


def test_toolchain_files_are_noted_by_their_real_path(tmp_path):
    program = tmp_path / "gcc-12"
    program.write_text("#!/bin/sh\n")
    link = tmp_path / "gcc"
    link.symlink_to(program)
    uptodate.note_toolchain_file(str(link))
    uptodate.note_toolchain_file(None)  # (a tool that found nothing)
    assert str(program) in uptodate.toolchain_files()
