"""Concurrent builds and unusual places: two builds on one build folder, a read-only source tree.

The build lock (site_scons/mpbuild/buildlock.py) makes a second build on the
same build folder wait for the first and say so; the folder must come out of
it exactly as one build would leave it. A source tree that cannot be written
builds into a folder elsewhere (build_dir=) without writing a byte to the tree.
"""

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import pytest

from buildtree import REPO
from interpreter import run_python

WAITING = "is in use by another build"


@pytest.fixture(scope="module")
def tree(make_scratch_tree):
    return make_scratch_tree("lock", quick_unix=True)


def start_build(tree, *args):
    return subprocess.Popen([sys.executable, "-m", "SCons", "-Q", *args], cwd=tree.root, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def wait_for_lock_holder(tree, process, build_folder="build", timeout=60):
    """Wait until `process` holds the build folder's lock (it writes its pid into the lock file)."""
    lock = tree.path(build_folder) / ".lock"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if lock.exists() and lock.read_text().strip() == f"pid {process.pid}":
            return
        assert process.poll() is None, f"the first build ended early:\n{process.communicate()}"
        time.sleep(0.05)
    raise AssertionError("the first build never took the lock")


def test_second_build_waits_for_the_first_and_the_folder_stays_sound(tree):
    first = start_build(tree, "variant=unix")
    wait_for_lock_holder(tree, first)
    second_started = time.monotonic()
    second = start_build(tree, "variant=unix")
    second_out, second_err = second.communicate(timeout=600)
    second_seconds = time.monotonic() - second_started
    first_out, first_err = first.communicate(timeout=600)
    assert first.returncode == 0, first_err[-3000:]
    assert second.returncode == 0, second_err[-3000:]
    assert WAITING not in first_err
    assert WAITING in second_err and "waiting for it to finish" in second_err, second_err
    assert "the other build finished after" in second_err
    assert first.returncode == 0 and "LINK build/unix/micropython" in first_out
    # The second build read the signatures the first one wrote: nothing left to do.
    assert "LINK" not in second_out and "CC " not in second_out, second_out
    assert second_seconds > 1
    result = run_python(tree.path("build/unix/micropython"), "print(6 * 7)")
    assert result.stdout == "42\n"
    assert tree.scons("variant=unix").steps == set()
    tree.assert_matches_clean_build("unix")


def test_another_build_folder_does_not_wait(tree):
    first = start_build(tree, "variant=unix", "-c")  # holds build/'s lock while it cleans
    try:
        wait_for_lock_holder(tree, first)
        other = subprocess.run([sys.executable, "-m", "SCons", "-Q", "-n", "variant=unix",
                                f"build_dir={tree.root / 'elsewhere'}"],
                               cwd=tree.root, capture_output=True, text=True, timeout=120)
        assert other.returncode == 0, other.stderr
        assert WAITING not in other.stderr
    finally:
        first.communicate(timeout=600)


def test_a_killed_build_leaves_no_stale_lock(tree):
    first = start_build(tree, "variant=unix")
    wait_for_lock_holder(tree, first)
    os.killpg(first.pid, signal.SIGKILL)
    first.communicate()
    after = subprocess.run([sys.executable, "-m", "SCons", "-Q", "-n", "variant=unix"],
                           cwd=tree.root, capture_output=True, text=True, timeout=120)
    assert after.returncode == 0, after.stderr
    assert WAITING not in after.stderr


# --------------------------------------------------------------------------- read-only source tree


def tree_digest(root):
    """Names, kinds and contents of everything under `root` (symbolic links not followed)."""
    digest = hashlib.sha256()
    for directory, folders, files in os.walk(root):
        folders.sort()
        for name in sorted(files + [f for f in folders if os.path.islink(os.path.join(directory, f))]):
            path = os.path.join(directory, name)
            digest.update(os.path.relpath(path, root).encode() + b"\0")
            if os.path.islink(path):
                digest.update(b"link:" + os.readlink(path).encode())
            else:
                with open(path, "rb") as stream:
                    digest.update(hashlib.sha256(stream.read()).digest())
    return digest.hexdigest()


def read_only_mount_works():
    """Whether this (root) process can run a command under a private read-only bind mount."""
    if not shutil.which("unshare"):
        return False
    with tempfile.TemporaryDirectory() as folder:
        probe = subprocess.run(["unshare", "--mount", "sh", "-c",
                                'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && ! touch "$1/x" 2>/dev/null',
                                "sh", folder], capture_output=True)
        return probe.returncode == 0 and not os.path.exists(os.path.join(folder, "x"))


def read_only_command(command, read_only_folders):
    """`command` run so that `read_only_folders` cannot be written, even by root."""
    if os.geteuid() != 0:
        return command  # chmod -R a-w is enough for a normal user
    mounts = " && ".join(f'mount --bind "${i}" "${i}" && mount -o remount,bind,ro "${i}"'
                         for i in range(1, len(read_only_folders) + 1))
    count = len(read_only_folders)
    return ["unshare", "--mount", "sh", "-c", f'{mounts} && shift {count} && exec "$@"', "sh",
            *map(str, read_only_folders), *command]


def test_read_only_source_tree_builds_into_another_folder(make_scratch_tree, tmp_path):
    if os.geteuid() == 0 and not read_only_mount_works():
        pytest.skip("running as root without `unshare --mount`: the tree cannot be made read-only")
    tree = make_scratch_tree("read-only", quick_unix=True)
    out = tmp_path / "out"
    subprocess.run(["chmod", "-R", "a-w", str(tree.root)], check=True)
    try:
        before = tree_digest(tree.root)
        command = [sys.executable, "-m", "SCons", "-Q", "variant=unix", f"build_dir={out}"]
        wrapped = read_only_command(command, [tree.root, REPO / "micropython"])
        build = subprocess.run(wrapped, cwd=tree.root, capture_output=True, text=True, timeout=900)
        assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
        assert "LINK" in build.stdout and str(out / "unix" / "micropython") in build.stdout
        result = run_python(out / "unix" / "micropython", "import stats, textutil; print(textutil.gcd(12, 18))")
        assert result.stdout == "6\n", result.stderr
        assert (out / "mpy-cross" / "mpy-cross").is_file()
        again = subprocess.run(wrapped, cwd=tree.root, capture_output=True, text=True, timeout=600)
        assert again.returncode == 0, again.stderr[-3000:]
        assert "CC " not in again.stdout and "LINK" not in again.stdout, again.stdout
        assert tree_digest(tree.root) == before, "the build wrote into the read-only source tree"
        assert not tree.path("build").exists()
    finally:
        subprocess.run(["chmod", "-R", "u+w", str(tree.root)], check=True)
