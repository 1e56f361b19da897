"""Provisioning micropython/ from the PyPI sdist, with fake sdists and no network (except one marked test)."""

import dataclasses
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from mpbuild import provision as prov
from mpbuild.provision import PIN, ProvisionError

REPO_ROOT = Path(__file__).resolve().parents[2]
TOP = "mpy_cross_v6_3-1.1.1"

UPSTREAM_FILES = {
    "py/mpconfig.h": (
        "#define MICROPY_VERSION_MAJOR 1\n#define MICROPY_VERSION_MINOR 23\n#define MICROPY_VERSION_MICRO 0\n"
    ),
    "py/obj.c": "/* obj */\n",
    "shared/runtime/pyexec.c": "/* pyexec */\n",
    "tools/makemanifest.py": "#!/usr/bin/env python3\n",
    "mpy-cross/main.c": "int main(void) { return 0; }\n",
    "extmod/modplatform.h": "/* platform */\n",
    "docs/conf.py": "project = 'MicroPython'\n",
}
# Files of the sdist outside micropython/: never extracted.
PACKAGE_FILES = {
    "PKG-INFO": "Name: mpy-cross-v6-3\n",
    "src/mpy_cross_v6_3/__init__.py": "",
}
EXECUTABLES = {"tools/makemanifest.py"}


def quiet(message):
    pass


def sha256_of(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _add_file(archive, name, text, mode=0o644):
    data = text.encode()
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = mode
    info.mtime = 1_700_000_000
    archive.addfile(info, io.BytesIO(data))


def build_sdist(path, files=UPSTREAM_FILES, extra_members=()):
    """Write a gzipped sdist shaped like the real one; return its sha256."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path, "w:gz") as archive:
        for directory in (TOP, f"{TOP}/micropython"):
            info = tarfile.TarInfo(directory)
            info.type = tarfile.DIRTYPE
            info.mode = 0o755
            archive.addfile(info)
        for name, text in PACKAGE_FILES.items():
            _add_file(archive, f"{TOP}/{name}", text)
        for name, text in files.items():
            _add_file(archive, f"{TOP}/micropython/{name}", text, 0o755 if name in EXECUTABLES else 0o644)
        for member in extra_members:
            data = b"evil" if member.isfile() else None
            if data is not None:
                member.size = len(data)
            archive.addfile(member, io.BytesIO(data) if data is not None else None)
    return sha256_of(path)


class FakeDownload:
    """Stands in for pip: copies a prepared sdist into the cache and counts calls."""

    def __init__(self, source):
        self.source = source
        self.calls = []

    def __call__(self, cache_dir):
        self.calls.append(Path(cache_dir))
        shutil.copyfile(self.source, Path(cache_dir) / PIN.sdist_filename)


def never_download(cache_dir):
    raise AssertionError("download must not be called")


@pytest.fixture
def sdist(tmp_path):
    path = tmp_path / "upstream" / PIN.sdist_filename
    return path, build_sdist(path)


@pytest.fixture
def fake_pin(monkeypatch, sdist):
    """Pin the fake sdist's hash, so ensure_source() (which always checks PIN) accepts it."""
    pin = dataclasses.replace(PIN, sha256=sdist[1])
    monkeypatch.setattr(prov, "PIN", pin)
    return pin


@pytest.fixture
def paths(tmp_path):
    return tmp_path / "repo" / "micropython", tmp_path / "repo" / "build" / ".cache" / "provision"


def make_local_tree(root, parts=UPSTREAM_FILES):
    for name, text in parts.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def staging_dirs(root):
    return list(root.parent.glob(f".{root.name}.provision-*"))


# --------------------------------------------------------------------------- provisioning


def test_pin_describes_v1_23_0():
    assert PIN.package == "mpy-cross-v6-3"
    assert PIN.version == "1.1.1"
    assert PIN.requirement == "mpy-cross-v6-3==1.1.1"
    assert PIN.sdist_filename == "mpy_cross_v6_3-1.1.1.tar.gz"
    assert PIN.sha256 == "55414c358f5844c784e76d3b253cbd7af5f243ddd4c0b47a26d3875d628df300"
    assert (PIN.tag, PIN.commit, PIN.date) == ("v1.23.0", "a61c446c0b34e82aeb54b9770250d267656f2b7f", "2024-05-31")
    with pytest.raises(dataclasses.FrozenInstanceError):
        PIN.version = "2"


def test_fresh_provisioning(paths, sdist, fake_pin):
    root, cache = paths
    download = FakeDownload(sdist[0])
    messages = []

    info = prov.ensure_source(root, cache, download=download, log=messages.append)

    assert download.calls == [cache]
    assert info.kind == "provisioned" and info.usable and info.matches_pin
    assert info.description == (
        "micropython/ provisioned from PyPI sdist mpy-cross-v6-3==1.1.1 (v1.23.0 py/, shared/, tools/, mpy-cross/)"
    )
    assert info.present == ("py", "shared", "tools", "mpy-cross")
    assert info.absent == ("extmod", "lib", "ports", "tests")
    assert info.warning is None
    for name, text in UPSTREAM_FILES.items():
        assert (root / name).read_text() == text
    assert os.access(root / "tools/makemanifest.py", os.X_OK)
    assert not os.access(root / "py/obj.c", os.X_OK)
    assert not (root / "PKG-INFO").exists() and not (root / "src").exists()
    marker = json.loads((root / ".provisioned").read_text())
    assert (marker["package"], marker["version"], marker["sha256"]) == (PIN.package, PIN.version, fake_pin.sha256)
    assert not (root / ".provisioning").exists()
    assert staging_dirs(root) == []
    assert any("provisioning MicroPython v1.23.0" in m for m in messages)


def test_ensure_source_leaves_a_usable_tree_alone(paths, sdist, fake_pin):
    root, cache = paths
    prov.ensure_source(root, cache, download=FakeDownload(sdist[0]), log=quiet)
    before = (root / "py/mpconfig.h").stat().st_mtime_ns
    messages = []
    info = prov.ensure_source(root, cache, download=never_download, log=messages.append)
    assert info.kind == "provisioned"
    assert messages == []
    assert (root / "py/mpconfig.h").stat().st_mtime_ns == before


def test_cached_sdist_is_reused(paths, sdist):
    root, cache = paths
    cache.mkdir(parents=True)
    shutil.copyfile(sdist[0], cache / PIN.sdist_filename)
    messages = []
    info = prov.provision(root, cache, download=never_download, expected_sha256=sdist[1], log=messages.append)
    assert info.usable
    assert any("using cached" in m for m in messages)


def test_corrupted_cache_is_downloaded_again(paths, sdist):
    root, cache = paths
    cache.mkdir(parents=True)
    (cache / PIN.sdist_filename).write_bytes(b"truncated download")
    download = FakeDownload(sdist[0])
    messages = []
    info = prov.provision(root, cache, download=download, expected_sha256=sdist[1], log=messages.append)
    assert info.usable
    assert len(download.calls) == 1
    assert sha256_of(cache / PIN.sdist_filename) == sdist[1]
    assert any("wrong sha256" in m for m in messages)


def test_hash_mismatch_is_reported_after_one_retry(paths, sdist):
    root, cache = paths
    cache.mkdir(parents=True)
    (cache / PIN.sdist_filename).write_bytes(b"stale")
    download = FakeDownload(sdist[0])
    expected = "0" * 64

    with pytest.raises(ProvisionError) as caught:
        prov.provision(root, cache, download=download, expected_sha256=expected, log=quiet)

    message = str(caught.value)
    assert len(download.calls) == 1  # the stale file was replaced once, not in a loop
    assert f"sha256 is {sdist[1]}, expected {expected}" in message
    assert str(cache / PIN.sdist_filename) in message
    assert f"Delete {cache} and build again" in message
    assert "mirror" in message
    assert not prov.inspect_tree(root).usable


def test_download_that_produces_no_file(paths):
    root, cache = paths
    with pytest.raises(ProvisionError) as caught:
        prov.provision(root, cache, download=lambda cache_dir: None, log=quiet)
    assert f"{cache / PIN.sdist_filename} is not there" in str(caught.value)
    assert "PIP_INDEX_URL" in str(caught.value)


def test_pip_failure_quotes_pips_last_error(paths, monkeypatch):
    root, cache = paths
    commands = []

    def failing_pip(command, **kwargs):
        commands.append(command)
        return subprocess.CompletedProcess(
            command,
            1,
            stdout="Looking in indexes: https://pypi.org/simple\nCollecting mpy-cross-v6-3==1.1.1\n",
            stderr=(
                "WARNING: Retrying (Retry(total=4)) after connection broken\n"
                "ERROR: Could not find a version that satisfies the requirement mpy-cross-v6-3==1.1.1\n"
                "ERROR: No matching distribution found for mpy-cross-v6-3==1.1.1\n"
            ),
        )

    monkeypatch.setattr(prov.subprocess, "run", failing_pip)
    with pytest.raises(ProvisionError) as caught:
        prov.ensure_source(root, cache, log=quiet)

    assert commands == [[
        sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
        "mpy-cross-v6-3==1.1.1", "-d", str(cache),
    ]]  # fmt: skip
    message = str(caught.value)
    assert message.startswith("could not download mpy-cross-v6-3==1.1.1 from PyPI with pip: pip exited with status 1")
    assert "ERROR: No matching distribution found for mpy-cross-v6-3==1.1.1" in message
    assert "Could not find a version" not in message  # only the last error line
    assert "PIP_INDEX_URL" in message
    assert "git submodule update --init micropython" in message
    assert prov.inspect_tree(root).kind == "missing"


def test_pip_that_cannot_start(paths, monkeypatch):
    root, cache = paths

    def missing_python(command, **kwargs):
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr(prov.subprocess, "run", missing_python)
    with pytest.raises(ProvisionError) as caught:
        prov.provision(root, cache, log=quiet)
    assert "cannot run" in str(caught.value) and "git submodule update --init micropython" in str(caught.value)


def _member(name, kind, linkname=""):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = linkname
    return info


@pytest.mark.parametrize(
    ("member", "reason"),
    [
        (_member("/tmp/evil", tarfile.REGTYPE), "absolute path"),
        (_member(f"{TOP}/micropython/../../evil", tarfile.REGTYPE), "'..' in path"),
        (_member(f"{TOP}/../evil", tarfile.REGTYPE), "'..' in path"),
        (_member(f"{TOP}/micropython/py/evil", tarfile.SYMTYPE, "/etc/passwd"), "link to '/etc/passwd'"),
        (_member(f"{TOP}/micropython/py/evil", tarfile.LNKTYPE, f"{TOP}/micropython/py/obj.c"), "link to"),
        (_member(f"{TOP}/micropython/py/evil", tarfile.CHRTYPE), "device or special file"),
        (_member(f"{TOP}/micropython/py/evil", tarfile.BLKTYPE), "device or special file"),
        (_member(f"{TOP}/micropython/py/evil", tarfile.FIFOTYPE), "device or special file"),
        (_member(f"{TOP}/micropython/.provisioned", tarfile.REGTYPE), "reserved or unusual name '.provisioned'"),
        (_member(f"{TOP}/micropython/.git/HEAD", tarfile.REGTYPE), "reserved or unusual name '.git'"),
    ],
    ids=[
        "absolute", "dotdot-inside", "dotdot-outside", "symlink", "hardlink", "chardev", "blockdev", "fifo",
        "marker", "git",
    ],  # fmt: skip
)
def test_unsafe_members_are_refused(tmp_path, paths, member, reason):
    root, cache = paths
    source = tmp_path / "upstream" / PIN.sdist_filename
    sha = build_sdist(source, extra_members=[member])

    with pytest.raises(ProvisionError) as caught:
        prov.provision(root, cache, download=FakeDownload(source), expected_sha256=sha, log=quiet)

    message = str(caught.value)
    assert f"refusing to extract member {member.name!r} ({reason}" in message
    assert not prov.inspect_tree(root).usable
    assert not (root / "py").exists()
    assert staging_dirs(root) == []
    assert not Path("/tmp/evil").exists() or Path("/tmp/evil").read_bytes() != b"evil"
    assert [p for p in tmp_path.rglob("evil")] == []


def test_unreadable_sdist_with_matching_hash(paths, tmp_path):
    root, cache = paths
    source = tmp_path / "upstream" / PIN.sdist_filename
    source.parent.mkdir()
    source.write_bytes(b"\x1f\x8b not really gzip")
    with pytest.raises(ProvisionError) as caught:
        prov.provision(root, cache, download=FakeDownload(source), expected_sha256=sha256_of(source), log=quiet)
    assert "cannot read the sdist" in str(caught.value)
    assert "delete it and build again" in str(caught.value)


def test_sdist_without_micropython_sources(paths, tmp_path):
    root, cache = paths
    source = tmp_path / "upstream" / PIN.sdist_filename
    files = {k: v for k, v in UPSTREAM_FILES.items() if not k.startswith("shared/")}
    sha = build_sdist(source, files=files)
    with pytest.raises(ProvisionError) as caught:
        prov.provision(root, cache, download=FakeDownload(source), expected_sha256=sha, log=quiet)
    assert "has no micropython/shared/runtime/pyexec.c" in str(caught.value)
    assert not root.exists() or not (root / "py").exists()


def test_unrelated_files_in_root_are_kept(paths, sdist, fake_pin):
    root, cache = paths
    root.mkdir(parents=True)
    (root / "NOTES.txt").write_text("mine")
    (root / "scratch").mkdir()
    (root / "scratch" / "a.py").write_text("print(1)")
    assert prov.inspect_tree(root).kind == "missing"

    info = prov.ensure_source(root, cache, download=FakeDownload(sdist[0]), log=quiet)

    assert info.kind == "provisioned"
    assert (root / "NOTES.txt").read_text() == "mine"
    assert (root / "scratch" / "a.py").read_text() == "print(1)"


def test_foreign_partial_tree_is_not_overwritten(paths, sdist, fake_pin):
    root, cache = paths
    (root / "py").mkdir(parents=True)
    (root / "py" / "mine.c").write_text("int mine;")
    info = prov.inspect_tree(root)
    assert info.kind == "incomplete" and not info.usable

    with pytest.raises(ProvisionError) as caught:
        prov.ensure_source(root, cache, download=FakeDownload(sdist[0]), log=quiet)

    message = str(caught.value)
    assert "micropython/py already exist(s) but were not created by provisioning" in message
    assert "git submodule update --init micropython" in message
    assert (root / "py" / "mine.c").read_text() == "int mine;"
    assert not (root / "shared").exists()


def test_tree_from_another_pin_is_reprovisioned(paths, sdist, fake_pin):
    root, cache = paths
    prov.ensure_source(root, cache, download=FakeDownload(sdist[0]), log=quiet)
    marker = json.loads((root / ".provisioned").read_text())
    marker.update(version="1.0.0", sha256="f" * 64, entries=marker["entries"] + ["oldpart"])
    (root / ".provisioned").write_text(json.dumps(marker))
    (root / "oldpart").mkdir()
    (root / "py" / "removed-upstream.c").write_text("")

    stale = prov.inspect_tree(root)
    assert stale.kind == "provisioned" and stale.usable and stale.matches_pin is False
    assert "mpy-cross-v6-3==1.0.0" in stale.warning and "re-provisioned" in stale.warning

    info = prov.ensure_source(root, cache, download=never_download, log=quiet)

    assert info.kind == "provisioned" and info.matches_pin and info.warning is None
    assert not (root / "oldpart").exists()
    assert not (root / "py" / "removed-upstream.c").exists()


# --------------------------------------------------------------------------- interruption


def test_interrupted_download_then_retry(paths, sdist, fake_pin):
    root, cache = paths

    def dies_midway(cache_dir):
        data = sdist[0].read_bytes()
        (cache_dir / PIN.sdist_filename).write_bytes(data[: len(data) // 2])
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        prov.ensure_source(root, cache, download=dies_midway, log=quiet)
    assert not prov.inspect_tree(root).usable

    download = FakeDownload(sdist[0])
    info = prov.ensure_source(root, cache, download=download, log=quiet)
    assert info.usable and len(download.calls) == 1


def test_interrupted_extraction_then_retry(paths, sdist, fake_pin, monkeypatch):
    root, cache = paths
    real_write = prov._write_member
    written = []

    def dies_after_two_files(archive, member, target):
        if len(written) == 2:
            raise KeyboardInterrupt
        written.append(target)
        real_write(archive, member, target)

    monkeypatch.setattr(prov, "_write_member", dies_after_two_files)
    with pytest.raises(KeyboardInterrupt):
        prov.ensure_source(root, cache, download=FakeDownload(sdist[0]), log=quiet)
    assert prov.inspect_tree(root).kind == "missing"
    assert staging_dirs(root) == []

    # A provisioning killed outright (SIGKILL) leaves its staging dir behind; the retry removes it.
    leftover = root.parent / f".{root.name}.provision-killed"
    (leftover / "py").mkdir(parents=True)
    monkeypatch.setattr(prov, "_write_member", real_write)
    info = prov.ensure_source(root, cache, download=never_download, log=quiet)
    assert info.usable
    assert staging_dirs(root) == []


def test_interrupted_install_is_incomplete_then_retry(paths, sdist, fake_pin, monkeypatch):
    root, cache = paths
    real_install = prov._install_entry
    installed = []

    def dies_after_two_entries(source, target):
        if len(installed) == 2:
            raise KeyboardInterrupt
        installed.append(target.name)
        real_install(source, target)

    monkeypatch.setattr(prov, "_install_entry", dies_after_two_entries)
    with pytest.raises(KeyboardInterrupt):
        prov.ensure_source(root, cache, download=FakeDownload(sdist[0]), log=quiet)

    info = prov.inspect_tree(root)
    assert len(installed) == 2 and all((root / name).exists() for name in installed)
    assert info.kind == "incomplete" and not info.usable
    assert "interrupted" in info.description
    assert not (root / ".provisioned").exists()

    monkeypatch.setattr(prov, "_install_entry", real_install)
    info = prov.ensure_source(root, cache, download=never_download, log=quiet)
    assert info.kind == "provisioned" and info.usable
    assert not (root / ".provisioning").exists()


def test_all_files_moved_but_marker_not_written_is_incomplete(paths, sdist, fake_pin):
    root, cache = paths
    prov.ensure_source(root, cache, download=FakeDownload(sdist[0]), log=quiet)
    # The state between the last move and the final marker: every file is there, but no marker yet.
    os.replace(root / ".provisioned", root / ".provisioning")
    assert prov.inspect_tree(root).kind == "incomplete"
    assert prov.ensure_source(root, cache, download=never_download, log=quiet).kind == "provisioned"


# --------------------------------------------------------------------------- git checkouts


def git(root, *args):
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=test", "-c", "user.email=test@example.com", *args],
        check=True,
        capture_output=True,
    )


def make_git_checkout(root, files):
    root.mkdir(parents=True)
    git(root, "init", "-q")
    make_local_tree(root, files)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "test tree")
    result = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, check=True)
    return result.stdout.strip()


def snapshot(root):
    return sorted(
        (str(p.relative_to(root)), p.read_bytes() if p.is_file() else None)
        for p in root.rglob("*")
        if ".git" not in p.relative_to(root).parts
    )


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@needs_git
def test_broken_git_checkout_is_never_touched(paths, sdist, fake_pin):
    root, cache = paths
    make_git_checkout(root, {"README.md": "upstream readme\n"})
    before = snapshot(root)

    info = prov.inspect_tree(root)
    assert info.kind == "git checkout" and not info.usable
    assert "py/mpconfig.h" in info.description

    download = FakeDownload(sdist[0])
    for attempt in (prov.ensure_source, prov.provision):
        with pytest.raises(ProvisionError) as caught:
            attempt(root, cache, download=download, log=quiet)
        message = str(caught.value)
        assert "never modifies a git checkout" in message
        assert "git submodule update --init --force micropython" in message
    assert download.calls == []
    assert snapshot(root) == before


@needs_git
def test_usable_git_checkout_at_another_commit(paths):
    root, cache = paths
    head = make_git_checkout(root, UPSTREAM_FILES)

    info = prov.inspect_tree(root)

    assert info.kind == "git checkout" and info.usable
    assert info.commit == head
    assert info.matches_pin is False
    assert info.description == f"micropython/ git checkout at {head[:12]} (not the pinned v1.23.0)"
    assert "pinned to MicroPython v1.23.0" in info.warning and "git submodule update micropython" in info.warning
    # A usable checkout is used as is, even at another commit (the warning tells the user).
    assert prov.ensure_source(root, cache, download=never_download, log=quiet) == info


def test_git_checkout_at_the_pinned_commit(paths, monkeypatch):
    root, _ = paths
    make_local_tree(root)
    (root / ".git").mkdir()
    monkeypatch.setattr(prov, "_read_git_commit", lambda root: PIN.commit)

    info = prov.inspect_tree(root)

    assert info.description == "micropython/ git checkout at a61c446c0b34 (v1.23.0)"
    assert info.kind == "git checkout" and info.usable and info.matches_pin
    assert info.commit == PIN.commit and info.warning is None


@needs_git
def test_git_file_pointing_nowhere(paths):
    root, _ = paths
    make_local_tree(root)
    (root / ".git").write_text("gitdir: /nonexistent/modules/micropython\n")

    info = prov.inspect_tree(root)

    assert info.kind == "git checkout" and info.usable
    assert info.commit is None and info.matches_pin is None
    assert "commit unknown" in info.description
    assert "cannot read the commit" in info.warning


# --------------------------------------------------------------------------- inspect_tree


def test_inspect_missing_kinds(tmp_path):
    absent = prov.inspect_tree(tmp_path / "micropython")
    assert (absent.kind, absent.usable, absent.present) == ("missing", False, ())
    assert absent.description == "micropython/ does not exist"
    assert absent.absent == prov.PARTS

    (tmp_path / "micropython").mkdir()
    empty = prov.inspect_tree(tmp_path / "micropython")
    assert empty.kind == "missing" and not empty.usable
    assert "submodule not checked out" in empty.description


def test_inspect_local_tree(tmp_path):
    root = tmp_path / "micropython"
    make_local_tree(root, {**UPSTREAM_FILES, "extmod/vfs.c": "", "ports/unix/main.c": ""})
    info = prov.inspect_tree(root)
    assert info.kind == "local tree" and info.usable
    assert info.present == ("py", "shared", "tools", "mpy-cross", "extmod", "ports")
    assert info.absent == ("lib", "tests")
    assert info.matches_pin is None and "not known to be the pinned v1.23.0" in info.warning


def test_inspect_incomplete_kinds(tmp_path, paths, sdist, fake_pin):
    partial = tmp_path / "partial" / "micropython"
    make_local_tree(partial, {"py/mpconfig.h": ""})
    info = prov.inspect_tree(partial)
    assert info.kind == "incomplete" and not info.usable
    assert info.present == ("py",)
    assert "shared/runtime/pyexec.c" in info.description

    root, cache = paths
    prov.ensure_source(root, cache, download=FakeDownload(sdist[0]), log=quiet)
    (root / "mpy-cross" / "main.c").unlink()
    info = prov.inspect_tree(root)
    assert info.kind == "incomplete" and not info.usable
    assert "mpy-cross/main.c missing" in info.description
    # The damaged tree is ours (marker), so it is simply provisioned again.
    assert prov.ensure_source(root, cache, download=never_download, log=quiet).usable

    (root / ".provisioned").write_text("{not json")
    info = prov.inspect_tree(root)
    assert info.kind == "incomplete" and "unreadable" in info.description


# --------------------------------------------------------------------------- command line


def test_cli_check_exit_codes(paths, sdist, fake_pin, capsys):
    root, cache = paths
    assert prov.main(["--root", str(root), "--check"]) == 1
    out, err = capsys.readouterr()
    assert "micropython/ does not exist" in out
    assert "absent: py/, shared/, tools/, mpy-cross/, extmod/, lib/, ports/, tests/" in out
    assert err.startswith("error: micropython/ is not usable")
    assert not root.exists()  # --check never provisions

    cache.mkdir(parents=True)
    shutil.copyfile(sdist[0], cache / PIN.sdist_filename)
    assert prov.main(["--root", str(root), "--cache", str(cache)]) == 0
    out, err = capsys.readouterr()
    assert "micropython/ provisioned from PyPI sdist mpy-cross-v6-3==1.1.1" in out
    assert "absent: extmod/, lib/, ports/, tests/" in out

    assert prov.main(["--root", str(root), "--check"]) == 0


def test_cli_error_has_no_traceback(paths, monkeypatch, capsys):
    root, cache = paths

    def failing_pip(command, **kwargs):
        return subprocess.CompletedProcess(command, 1, stdout="", stderr="ERROR: network is unreachable\n")

    monkeypatch.setattr(prov.subprocess, "run", failing_pip)
    assert prov.main(["--root", str(root), "--cache", str(cache)]) == 1
    out, err = capsys.readouterr()
    assert err.startswith("error: could not download mpy-cross-v6-3==1.1.1")
    assert "ERROR: network is unreachable" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("invocation", ["script", "module"])
def test_cli_runs_as_script_and_module(tmp_path, invocation):
    root = tmp_path / "micropython"
    make_local_tree(root)
    if invocation == "script":
        command = [sys.executable, str(REPO_ROOT / "site_scons/mpbuild/provision.py")]
    else:
        command = [sys.executable, "-m", "mpbuild.provision"]
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "site_scons")}

    result = subprocess.run([*command, "--root", str(root), "--check"], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("micropython/ local tree")

    result = subprocess.run(
        [*command, "--root", str(tmp_path / "nothing"), "--check"], capture_output=True, text=True, env=env
    )
    assert result.returncode == 1
    assert "error:" in result.stderr and "Traceback" not in result.stderr


# --------------------------------------------------------------------------- the real thing


@pytest.mark.network
def test_real_download_from_pypi(tmp_path):
    root, cache = tmp_path / "micropython", tmp_path / "cache"

    info = prov.provision(root, cache, log=quiet)

    assert sha256_of(cache / PIN.sdist_filename) == PIN.sha256
    assert (root / "py" / "mpconfig.h").is_file()
    assert "#define MICROPY_VERSION_MINOR 23" in (root / "py" / "mpconfig.h").read_text()
    assert info.kind == "provisioned" and info.usable and info.matches_pin
    assert info.present == ("py", "shared", "tools", "mpy-cross")
