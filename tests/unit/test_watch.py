"""The watch command's change detection, debouncing and output handling (no SCons)."""

import os

from mpbuild.watch import (
    PROMPT, Change, ChangeBatcher, OutputSplitter, build_folder, changes_between, describe, is_failure_line,
    is_shown, needs_restart, scan, watched_paths)


def make_tree(root):
    for relative, text in {
        "SConstruct": "# build\n",
        "ports/wasm/SConscript": "# port\n",
        "ports/wasm/core/modtime.c": "int x;\n",
        "variants/unix.toml": 'target = "host"\n',
        "site_scons/mpbuild/qstr.py": "# helper\n",
        "micropython/py/obj.c": "int y;\n",
        "micropython/docs/index.rst": "not read by the build\n",
        "micropython/lib/micropython-lib/python-stdlib/abc/abc.py": "# frozen\n",
        "micropython/lib/micropython-lib/unix-ffi/os/os.py": "# not searched by require()\n",
    }.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def scan_tree(root, *extra_args, excluded=()):
    return scan(root, watched_paths(root, list(extra_args)), excluded=excluded)


def bump(path, text):
    """Write new content with a later mtime (coarse file-system clocks would otherwise hide the edit)."""
    before = path.stat().st_mtime_ns
    path.write_text(text)
    os.utime(path, ns=(before + 10_000_000, before + 10_000_000))


def test_scan_finds_the_source_tree_and_only_the_used_upstream_folders(tmp_path):
    make_tree(tmp_path)
    assert set(scan_tree(tmp_path)) == {
        "SConstruct", "ports/wasm/SConscript", "ports/wasm/core/modtime.c", "variants/unix.toml",
        "site_scons/mpbuild/qstr.py", "micropython/py/obj.c",
        "micropython/lib/micropython-lib/python-stdlib/abc/abc.py"}


def test_new_modified_and_deleted_files_are_reported(tmp_path):
    make_tree(tmp_path)
    before = scan_tree(tmp_path)
    bump(tmp_path / "ports/wasm/core/modtime.c", "int x = 1;\n")
    (tmp_path / "ports/wasm/core/new.c").write_text("int z;\n")
    (tmp_path / "micropython/py/obj.c").unlink()
    assert changes_between(before, scan_tree(tmp_path)) == [
        Change("micropython/py/obj.c", "deleted"),
        Change("ports/wasm/core/modtime.c", "modified"),
        Change("ports/wasm/core/new.c", "created"),
    ]


def test_same_size_rewrite_is_a_change(tmp_path):
    make_tree(tmp_path)
    before = scan_tree(tmp_path)
    bump(tmp_path / "ports/wasm/core/modtime.c", "int q;\n")  # same length as before
    assert changes_between(before, scan_tree(tmp_path)) == [Change("ports/wasm/core/modtime.c", "modified")]


def test_replacing_a_file_by_rename_is_a_modification(tmp_path):
    make_tree(tmp_path)
    before = scan_tree(tmp_path)
    target = tmp_path / "ports/wasm/core/modtime.c"
    replacement = target.with_name("modtime.c.new")
    replacement.write_text("int x;\n")  # same content and size: only the inode tells
    os.utime(replacement, ns=(target.stat().st_atime_ns, target.stat().st_mtime_ns))
    os.replace(replacement, target)
    assert changes_between(before, scan_tree(tmp_path)) == [Change("ports/wasm/core/modtime.c", "modified")]


def test_build_output_caches_hidden_and_editor_files_are_ignored(tmp_path):
    make_tree(tmp_path)
    before = scan_tree(tmp_path)
    for relative in ["build/unix/micropython", "ports/build/x.o", "site_scons/mpbuild/__pycache__/qstr.cpython-311.pyc",
                     "ports/wasm/core/.modtime.c.swp", "ports/wasm/core/modtime.c~", "ports/wasm/core/4913",
                     "ports/wasm/core/#modtime.c#", "ports/wasm/core/.#modtime.c", "micropython/.git/HEAD",
                     "micropython/mpy-cross/build/main.o", "micropython/lib/x/y.c", "cmod/stats/stats.o"]:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    assert changes_between(before, scan_tree(tmp_path)) == []


def test_build_dir_inside_a_watched_folder_is_excluded(tmp_path):
    make_tree(tmp_path)
    folder = build_folder(tmp_path, ["variant=unix", "build_dir=ports/out"])
    assert folder == (tmp_path / "ports/out").resolve()
    before = scan_tree(tmp_path, excluded=[folder])
    (tmp_path / "ports/out/unix").mkdir(parents=True)
    (tmp_path / "ports/out/unix/compile_commands.json").write_text("[]")
    assert changes_between(before, scan_tree(tmp_path, excluded=[folder])) == []
    assert build_folder(tmp_path, []) == (tmp_path / "build").resolve()


def test_user_module_folders_on_the_command_line_are_watched(tmp_path):
    make_tree(tmp_path)
    extra = tmp_path.parent / (tmp_path.name + "-mods")
    (extra / "mymod").mkdir(parents=True)
    (extra / "mymod" / "mymod.c").write_text("int m;\n")
    found = scan_tree(tmp_path, f"USER_C_MODULES={extra}")
    assert str(extra / "mymod" / "mymod.c") in found


def test_symlinked_folders_are_followed_once(tmp_path):
    make_tree(tmp_path)
    (tmp_path / "ports/wasm/core/loop").symlink_to(tmp_path / "ports/wasm", target_is_directory=True)
    found = scan_tree(tmp_path)
    assert "ports/wasm/core/modtime.c" in found
    assert not any("loop/" in path for path in found)


def test_which_changes_restart_the_interactive_process():
    restart = ["SConstruct", "ports/wasm/SConscript", "mpy-cross/SConscript", "variants/unix.toml",
               "site_scons/mpbuild/qstr.py", "site_scons/site_tools/emscripten.py",
               "ports/wasm/manifests/pyscript.py", "micropython/lib/micropython-lib/python-stdlib/os/manifest.py",
               "micropython/extmod/asyncio/manifest.py"]
    for path in restart:
        assert needs_restart(Change(path, "modified")), path
    build = ["ports/wasm/core/modtime.c", "ports/wasm/modules/functools.py", "cmod/stats/stats.c",
             "micropython/py/obj.c", "ports/wasm/core/mpconfigport.h", "variants/README.md",
             "micropython/lib/micropython-lib/python-stdlib/abc/abc.py"]
    for path in build:
        assert not needs_restart(Change(path, "modified")), path
    # New and deleted files change what the SConscripts' globs and module folders find.
    assert needs_restart(Change("ports/wasm/modules/new.py", "created"))
    assert needs_restart(Change("cmod/stats/stats.c", "deleted"))


def test_a_burst_of_saves_is_one_batch_after_the_quiet_period():
    batcher = ChangeBatcher(quiet=0.05, longest=1.0)
    batcher.add([Change("a.c", "modified")], now=10.00)
    assert not batcher.due(10.02)
    batcher.add([Change("b.h", "modified")], now=10.03)
    assert not batcher.due(10.07)
    assert batcher.due(10.08)
    assert batcher.take() == [Change("a.c", "modified"), Change("b.h", "modified")]
    assert not batcher.due(20.0) and batcher.take() == []


def test_a_tree_that_never_goes_quiet_still_builds_after_the_longest_wait():
    batcher = ChangeBatcher(quiet=0.05, longest=1.0)
    for step in range(30):
        now = 5.0 + step * 0.04
        batcher.add([Change(f"gen{step}.c", "modified")], now=now)
        if now - 5.0 >= 1.0:
            assert batcher.due(now)
            break
        assert not batcher.due(now)
    else:
        raise AssertionError("never due")


def test_nothing_is_due_without_changes():
    batcher = ChangeBatcher()
    batcher.add([], now=1.0)
    assert not batcher.due(100.0)


def test_successive_changes_of_one_file_merge():
    batcher = ChangeBatcher(quiet=0.05)
    batcher.add([Change("x.c", "created")], now=1.0)
    batcher.add([Change("x.c", "modified")], now=1.01)
    batcher.add([Change("y.c", "deleted")], now=1.01)
    batcher.add([Change("y.c", "created")], now=1.02)
    batcher.add([Change("z.c", "modified")], now=1.02)
    batcher.add([Change("z.c", "deleted")], now=1.03)
    assert batcher.take() == [Change("x.c", "created"), Change("y.c", "modified"), Change("z.c", "deleted")]


def test_a_scratch_file_that_came_and_went_is_no_change():
    batcher = ChangeBatcher(quiet=0.05)
    batcher.add([Change("ports/tmpfile", "created")], now=1.0)
    batcher.add([Change("ports/tmpfile", "deleted")], now=1.02)
    assert not batcher.due(5.0)
    assert batcher.take() == []


def test_output_is_split_into_lines_and_prompts_across_chunks():
    splitter = OutputSplitter()
    events = splitter.feed("scons: Reading SConscript files ...\nMicroPython source: x\nscons")
    events += splitter.feed(">>> ")
    events += splitter.feed("scons: Building targets ...\nCC a.c\nLINK ")
    events += splitter.feed("build/unix/micropython\n" + PROMPT)
    assert events == [
        ("line", "scons: Reading SConscript files ..."), ("line", "MicroPython source: x"), ("prompt", None),
        ("line", "scons: Building targets ..."), ("line", "CC a.c"), ("line", "LINK build/unix/micropython"),
        ("prompt", None),
    ]
    assert splitter.feed("half a line") == [] and splitter.finish() == [("line", "half a line")]


def test_a_line_that_merely_starts_like_the_prompt_is_a_line():
    assert OutputSplitter().feed("scons: done\n") == [("line", "scons: done")]


def test_failures_are_recognised_and_scons_chatter_is_hidden():
    assert is_failure_line("scons: *** [build/unix/port/core/modtime.o] Error 1")
    assert is_failure_line("scons: building terminated because of errors.")
    assert is_failure_line("scons: error: unknown variant 'x'")
    assert not is_failure_line("CC ports/wasm/core/modtime.c")
    assert not is_failure_line("ports/wasm/core/modtime.c:3:1: warning: unused")
    assert not is_shown("scons: `build/unix/micropython' is up to date.")
    assert not is_shown("scons: Clearing cached node information ...")
    assert is_shown("CC ports/wasm/core/modtime.c")
    assert is_shown("scons: *** [x.o] Error 1")


def test_describe_names_the_changed_files():
    batch = [Change(f"f{n}.c", "modified") for n in range(7)] + [Change("g.c", "created")]
    assert describe(batch[:2]) == "f0.c, f1.c"
    assert describe(batch) == "f0.c, f1.c, f2.c, f3.c, f4.c and 3 more"
    assert describe([Change("g.c", "created")]) == "g.c (created)"
