"""Provisioning micropython/ from upstream's `git archive` tarballs, with small fake archives (and the real ones)."""

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
from mpbuild.provision import ARCHIVES, PIN, ProvisionError

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_UPSTREAM = REPO_ROOT.parent / "shared" / "upstream"

# One file per required part, as the real trees have them (micropython-lib comes from the second archive).
MICROPYTHON_FILES = {
    "py/mpconfig.h": (
        "#define MICROPY_VERSION_MAJOR 1\n#define MICROPY_VERSION_MINOR 23\n#define MICROPY_VERSION_MICRO 0\n"
    ),
    "py/obj.c": "/* obj */\n",
    "shared/runtime/pyexec.c": "/* pyexec */\n",
    "tools/manifestfile.py": "#!/usr/bin/env python3\n",
    "mpy-cross/main.c": "int main(void) { return 0; }\n",
    "extmod/vfs.c": "/* vfs */\n",
    "lib/re1.5/re1.5.h": "/* re */\n",
    "tests/run-tests.py": "#!/usr/bin/env python3\n",
    "ports/unix/main.c": "/* unix */\n",
}
LIB_FILES = {
    "python-stdlib/abc/manifest.py": "module('abc.py')\n",
    "python-stdlib/abc/abc.py": "# abc\n",
}
EXECUTABLES = {"tools/manifestfile.py", "tests/run-tests.py"}
# The same tree as a checkout gives it (micropython-lib inside lib/).
FULL_TREE = {**MICROPYTHON_FILES, **{f"lib/micropython-lib/{name}": text for name, text in LIB_FILES.items()}}


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


def write_archive(path, prefix, files, extra_members=()):
    """A gzipped tarball shaped like `git archive --prefix=PREFIX/` output; returns its sha256."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path, "w:gz", format=tarfile.PAX_FORMAT, pax_headers={"comment": "0" * 40}) as archive:
        info = tarfile.TarInfo(prefix)
        info.type = tarfile.DIRTYPE
        info.mode = 0o755
        archive.addfile(info)
        for name, text in files.items():
            _add_file(archive, f"{prefix}/{name}", text, 0o755 if name in EXECUTABLES else 0o644)
        for member in extra_members:
            data = b"evil" if member.isfile() else None
            if data is not None:
                member.size = len(data)
            archive.addfile(member, io.BytesIO(data) if data is not None else None)
    return sha256_of(path)


@pytest.fixture
def upstream(tmp_path, monkeypatch):
    """A folder holding fake archives of both repositories, with their hashes pinned in place of the real ones."""
    folder = tmp_path / "upstream"
    micropython, lib = ARCHIVES
    pinned = (
        dataclasses.replace(micropython, sha256=write_archive(folder / micropython.filename, micropython.prefix,
                                                              MICROPYTHON_FILES)),
        dataclasses.replace(lib, sha256=write_archive(folder / lib.filename, lib.prefix, LIB_FILES)),
    )
    monkeypatch.setattr(prov, "ARCHIVES", pinned)
    # Nothing from the real environment: only the folders a test names are searched.
    monkeypatch.delenv(prov.ARCHIVES_VARIABLE, raising=False)
    monkeypatch.setattr(prov, "SHARED_ARCHIVES", tmp_path / "no-shared-folder")
    return folder


@pytest.fixture
def paths(tmp_path):
    return tmp_path / "repo" / "micropython", tmp_path / "repo" / "build" / ".cache" / "provision"


def make_local_tree(root, files=FULL_TREE):
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def staging_dirs(root):
    return list(root.parent.glob(f".{root.name}.provision-*"))


def nowhere(*args, **kwargs):
    raise AssertionError("the archives must not be looked for")


# --------------------------------------------------------------------------- the pins


def test_pins_describe_v1_23_0_and_its_micropython_lib():
    assert (PIN.tag, PIN.commit, PIN.date) == ("v1.23.0", "a61c446c0b34e82aeb54b9770250d267656f2b7f", "2024-05-31")
    micropython, lib = ARCHIVES
    assert (micropython.filename, micropython.prefix, micropython.destination) == (
        "micropython-1.23.0.tar.gz", "micropython-1.23.0", ())
    assert (lib.filename, lib.prefix, lib.destination) == (
        "micropython-lib-50ed36f.tar.gz", "micropython-lib", ("lib", "micropython-lib"))
    assert "50ed36fbeb919753bcc26ce13a8cffd7691d06ef" in lib.what
    with pytest.raises(dataclasses.FrozenInstanceError):
        lib.sha256 = "0" * 64


def test_pins_agree_with_the_shared_folders_checksums():
    sums = SHARED_UPSTREAM / "SHA256SUMS"
    if not sums.is_file():
        pytest.skip(f"{sums} is not on this machine")
    listed = dict(reversed(line.split()) for line in sums.read_text().splitlines() if line.strip())
    for archive in ARCHIVES:
        assert listed[archive.filename] == archive.sha256


# --------------------------------------------------------------------------- provisioning


def test_fresh_provisioning(paths, upstream):
    root, lock = paths
    messages = []

    info = prov.ensure_source(root, lock, folders=[upstream], log=messages.append)

    assert info.kind == "provisioned" and info.usable and info.matches_pin
    assert info.description == (
        "micropython/ provisioned from micropython-1.23.0.tar.gz + micropython-lib-50ed36f.tar.gz (v1.23.0)")
    assert info.absent == ()
    for name, text in FULL_TREE.items():
        assert (root / name).read_text() == text
    assert os.access(root / "tests/run-tests.py", os.X_OK) and not os.access(root / "py/obj.c", os.X_OK)
    marker = json.loads((root / ".provisioned").read_text())
    assert marker["archives"] == {archive.filename: archive.sha256 for archive in prov.ARCHIVES}
    assert marker["commit"] == PIN.commit
    assert marker["entries"] == ["extmod", "lib", "mpy-cross", "ports", "py", "shared", "tests", "tools"]
    assert any("sha256 verified" in message for message in messages)
    assert staging_dirs(root) == []


def test_ensure_source_leaves_a_usable_tree_alone(paths, upstream, monkeypatch):
    root, lock = paths
    prov.ensure_source(root, lock, folders=[upstream], log=quiet)
    monkeypatch.setattr(prov, "find_archive", nowhere)
    assert prov.ensure_source(root, lock, folders=[upstream], log=quiet).kind == "provisioned"


def test_search_order_variable_first_then_the_shared_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(prov, "SHARED_ARCHIVES", tmp_path / "shared")
    environ = {prov.ARCHIVES_VARIABLE: os.pathsep.join([str(tmp_path / "a"), "", str(tmp_path / "b")])}
    assert prov.archive_folders(environ) == [tmp_path / "a", tmp_path / "b", tmp_path / "shared"]
    assert prov.archive_folders({}) == [tmp_path / "shared"]
    assert prov.SHARED_ARCHIVES.name == "shared"


def test_archives_found_through_the_variable(paths, upstream, monkeypatch):
    root, lock = paths
    monkeypatch.setenv(prov.ARCHIVES_VARIABLE, str(upstream))
    assert prov.ensure_source(root, lock, log=quiet).usable


def test_missing_archive_names_the_folders_searched_and_both_fixes(paths, upstream, tmp_path):
    root, lock = paths
    (upstream / ARCHIVES[1].filename).unlink()
    with pytest.raises(ProvisionError) as caught:
        prov.ensure_source(root, lock, folders=[tmp_path / "empty", upstream], log=quiet)
    message = str(caught.value)
    assert "micropython-lib-50ed36f.tar.gz" in message
    assert f"{tmp_path / 'empty'}, {upstream}" in message
    assert prov.ARCHIVES_VARIABLE in message
    assert "git -C micropython submodule update --init lib/micropython-lib" in message
    assert prov.inspect_tree(root).kind == "missing"


def test_hash_mismatch_is_refused_and_nothing_is_extracted(paths, upstream, tmp_path):
    root, lock = paths
    other = tmp_path / "other"
    micropython = prov.ARCHIVES[0]
    actual = write_archive(other / micropython.filename, micropython.prefix, {"py/mpconfig.h": "tampered\n"})
    shutil.copy(upstream / prov.ARCHIVES[1].filename, other)
    with pytest.raises(ProvisionError) as caught:
        # A bad copy where we are told to look is an error, even if a good one comes later.
        prov.ensure_source(root, lock, folders=[other, upstream], log=quiet)
    message = str(caught.value)
    assert f"{other / micropython.filename}: sha256 is {actual}, expected {micropython.sha256}" in message
    assert "Replace it" in message
    assert not (root / "py").exists()


def _member(name, kind, linkname=""):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = linkname
    info.mode = 0o644
    return info


@pytest.mark.parametrize(
    "member, reason",
    [
        (_member("/etc/evil", tarfile.REGTYPE), "absolute path"),
        (_member("micropython-1.23.0/../../evil", tarfile.REGTYPE), "'..' in path"),
        (_member("elsewhere/evil", tarfile.REGTYPE), "outside the archive's folder"),
        (_member("micropython-1.23.0/.git/config", tarfile.REGTYPE), "reserved or unusual name '.git'"),
        (_member("micropython-1.23.0/.provisioned", tarfile.REGTYPE), "reserved or unusual name"),
        (_member("micropython-1.23.0/py/link", tarfile.SYMTYPE, "/etc/passwd"), "link to '/etc/passwd'"),
        (_member("micropython-1.23.0/py/hard", tarfile.LNKTYPE, "micropython-1.23.0/py/obj.c"), "link to"),
        (_member("micropython-1.23.0/py/fifo", tarfile.FIFOTYPE), "device or special file"),
    ],
)
def test_unsafe_members_are_refused(paths, upstream, monkeypatch, member, reason):
    root, lock = paths
    micropython = prov.ARCHIVES[0]
    sha = write_archive(upstream / micropython.filename, micropython.prefix, MICROPYTHON_FILES, [member])
    monkeypatch.setattr(prov, "ARCHIVES", (dataclasses.replace(micropython, sha256=sha), prov.ARCHIVES[1]))
    with pytest.raises(ProvisionError) as caught:
        prov.provision(root, lock, folders=[upstream], log=quiet)
    assert reason in str(caught.value)
    assert not root.exists() or not any(root.iterdir())
    assert not os.path.lexists("/etc/evil") or Path("/etc/evil").read_bytes() != b"evil"
    assert staging_dirs(root) == []


def test_unreadable_archive_with_matching_hash(paths, upstream, monkeypatch):
    root, lock = paths
    micropython = prov.ARCHIVES[0]
    (upstream / micropython.filename).write_bytes(b"\x1f\x8b" + b"garbage" * 100)
    pinned = dataclasses.replace(micropython, sha256=sha256_of(upstream / micropython.filename))
    monkeypatch.setattr(prov, "ARCHIVES", (pinned, prov.ARCHIVES[1]))
    with pytest.raises(ProvisionError) as caught:
        prov.provision(root, lock, folders=[upstream], log=quiet)
    assert "cannot read the archive" in str(caught.value)
    assert staging_dirs(root) == []


def test_archives_without_the_full_tree(paths, upstream, monkeypatch):
    root, lock = paths
    micropython = prov.ARCHIVES[0]
    core_only = {name: text for name, text in MICROPYTHON_FILES.items() if not name.startswith("extmod/")}
    sha = write_archive(upstream / micropython.filename, micropython.prefix, core_only)
    monkeypatch.setattr(prov, "ARCHIVES", (dataclasses.replace(micropython, sha256=sha), prov.ARCHIVES[1]))
    with pytest.raises(ProvisionError) as caught:
        prov.provision(root, lock, folders=[upstream], log=quiet)
    assert "have no extmod/vfs.c" in str(caught.value) and "full tree" in str(caught.value)


def test_unrelated_files_in_root_are_kept(paths, upstream):
    root, lock = paths
    root.mkdir(parents=True)
    (root / "NOTES.txt").write_text("mine\n")
    prov.ensure_source(root, lock, folders=[upstream], log=quiet)
    assert (root / "NOTES.txt").read_text() == "mine\n"


def test_core_only_tree_is_not_overwritten(paths, upstream):
    """A tree with only py/, shared/, tools/, mpy-cross/ (the former PyPI route's, unmarked) is not enough."""
    root, lock = paths
    make_local_tree(root, {name: text for name, text in MICROPYTHON_FILES.items()
                           if name.split("/")[0] in ("py", "shared", "tools", "mpy-cross")})
    info = prov.inspect_tree(root)
    assert info.kind == "incomplete" and "extmod/vfs.c" in info.description
    with pytest.raises(ProvisionError) as caught:
        prov.ensure_source(root, lock, folders=[upstream], log=quiet)
    message = str(caught.value)
    assert "refusing to overwrite" in message and "full MicroPython v1.23.0 tree" in message
    assert (root / "py/obj.c").read_text() == "/* obj */\n"


def test_tree_of_the_former_pypi_route_is_reprovisioned(paths, upstream):
    root, lock = paths
    make_local_tree(root, {"py/mpconfig.h": "old\n", "docs/conf.py": "old\n", "shared/runtime/pyexec.c": "",
                           "tools/makemanifest.py": "", "mpy-cross/main.c": ""})
    (root / ".provisioned").write_text(json.dumps({
        "package": "mpy-cross-v6-3", "version": "1.1.1", "sha256": "5" * 64, "tag": "v1.23.0",
        "entries": ["docs", "mpy-cross", "py", "shared", "tools"]}))
    info = prov.inspect_tree(root)
    assert info.kind == "incomplete" and "PyPI sdist mpy-cross-v6-3==1.1.1" in info.description

    info = prov.ensure_source(root, lock, folders=[upstream], log=quiet)

    assert info.kind == "provisioned" and info.matches_pin
    assert (root / "py/mpconfig.h").read_text() == MICROPYTHON_FILES["py/mpconfig.h"]
    assert not (root / "docs").exists()  # owned by the old provisioning, not in the new archives


def test_tree_from_other_archives_is_reprovisioned(paths, upstream):
    root, lock = paths
    prov.ensure_source(root, lock, folders=[upstream], log=quiet)
    marker = json.loads((root / ".provisioned").read_text())
    marker["archives"] = {"micropython-1.22.0.tar.gz": "1" * 64}
    (root / ".provisioned").write_text(json.dumps(marker))
    info = prov.inspect_tree(root)
    assert info.usable and info.matches_pin is False and "re-provisioned by the next build" in info.warning
    assert prov.ensure_source(root, lock, folders=[upstream], log=quiet).matches_pin


def test_interrupted_extraction_then_retry(paths, upstream, monkeypatch):
    root, lock = paths
    real_write = prov._write_member
    written = []

    def dies_after_two_files(archive, member, target):
        if len(written) == 2:
            raise KeyboardInterrupt
        written.append(target)
        real_write(archive, member, target)

    monkeypatch.setattr(prov, "_write_member", dies_after_two_files)
    with pytest.raises(KeyboardInterrupt):
        prov.ensure_source(root, lock, folders=[upstream], log=quiet)
    assert prov.inspect_tree(root).kind == "missing"
    assert staging_dirs(root) == []

    # A provisioning killed outright (SIGKILL) leaves its staging dir behind; the retry removes it.
    leftover = root.parent / f".{root.name}.provision-killed"
    (leftover / "py").mkdir(parents=True)
    monkeypatch.setattr(prov, "_write_member", real_write)
    assert prov.ensure_source(root, lock, folders=[upstream], log=quiet).usable
    assert staging_dirs(root) == []


def test_interrupted_install_is_incomplete_then_retry(paths, upstream, monkeypatch):
    root, lock = paths
    real_install = prov._install_entry
    installed = []

    def dies_after_two_entries(source, target):
        if len(installed) == 2:
            raise KeyboardInterrupt
        installed.append(target.name)
        real_install(source, target)

    monkeypatch.setattr(prov, "_install_entry", dies_after_two_entries)
    with pytest.raises(KeyboardInterrupt):
        prov.ensure_source(root, lock, folders=[upstream], log=quiet)

    info = prov.inspect_tree(root)
    assert len(installed) == 2 and all((root / name).exists() for name in installed)
    assert info.kind == "incomplete" and not info.usable and "interrupted" in info.description
    assert not (root / ".provisioned").exists()

    monkeypatch.setattr(prov, "_install_entry", real_install)
    info = prov.ensure_source(root, lock, folders=[upstream], log=quiet)
    assert info.kind == "provisioned" and info.usable
    assert not (root / ".provisioning").exists()


def test_all_files_moved_but_marker_not_written_is_incomplete(paths, upstream):
    root, lock = paths
    prov.ensure_source(root, lock, folders=[upstream], log=quiet)
    # The state between the last move and the final marker: every file is there, but no marker yet.
    os.replace(root / ".provisioned", root / ".provisioning")
    assert prov.inspect_tree(root).kind == "incomplete"
    assert prov.ensure_source(root, lock, folders=[upstream], log=quiet).kind == "provisioned"


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
def test_checkout_without_micropython_lib_is_never_touched(paths, upstream, monkeypatch):
    root, lock = paths
    make_git_checkout(root, MICROPYTHON_FILES)  # `git submodule update --init` without the nested one
    before = snapshot(root)

    info = prov.inspect_tree(root)
    assert info.kind == "git checkout" and not info.usable
    assert "lib/micropython-lib/python-stdlib/abc/manifest.py" in info.description

    monkeypatch.setattr(prov, "find_archive", nowhere)
    for attempt in (prov.ensure_source, prov.provision):
        with pytest.raises(ProvisionError) as caught:
            attempt(root, lock, folders=[upstream], log=quiet)
        message = str(caught.value)
        assert "never modifies a git checkout" in message
        assert "git -C micropython submodule update --init lib/micropython-lib" in message
    assert snapshot(root) == before


@needs_git
def test_usable_git_checkout_at_another_commit(paths, monkeypatch):
    root, lock = paths
    head = make_git_checkout(root, FULL_TREE)

    info = prov.inspect_tree(root)

    assert info.kind == "git checkout" and info.usable
    assert info.commit == head
    assert info.matches_pin is False
    assert info.description == f"micropython/ git checkout at {head[:12]} (not the pinned v1.23.0)"
    assert "pinned to MicroPython v1.23.0" in info.warning and "git submodule update micropython" in info.warning
    # A usable checkout is used as is, even at another commit (the warning tells the user).
    monkeypatch.setattr(prov, "find_archive", nowhere)
    assert prov.ensure_source(root, lock, log=quiet) == info


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
    make_local_tree(root, {name: text for name, text in FULL_TREE.items() if not name.startswith("ports/")})
    info = prov.inspect_tree(root)
    assert info.kind == "local tree" and info.usable
    assert info.present == ("py", "shared", "tools", "mpy-cross", "extmod", "lib", "micropython-lib", "tests")
    assert info.absent == ("ports",)  # upstream's own ports are not needed
    assert info.matches_pin is None and "not known to be the pinned v1.23.0" in info.warning


def test_inspect_incomplete_kinds(tmp_path, paths, upstream):
    partial = tmp_path / "partial" / "micropython"
    make_local_tree(partial, {"py/mpconfig.h": ""})
    info = prov.inspect_tree(partial)
    assert info.kind == "incomplete" and not info.usable
    assert info.present == ("py",)
    assert "shared/runtime/pyexec.c" in info.description

    root, lock = paths
    prov.ensure_source(root, lock, folders=[upstream], log=quiet)
    (root / "extmod" / "vfs.c").unlink()
    info = prov.inspect_tree(root)
    assert info.kind == "incomplete" and not info.usable
    assert "extmod/vfs.c missing" in info.description
    # The damaged tree is ours (marker), so it is simply provisioned again.
    assert prov.ensure_source(root, lock, folders=[upstream], log=quiet).usable

    (root / ".provisioned").write_text("{not json")
    info = prov.inspect_tree(root)
    assert info.kind == "incomplete" and "unreadable" in info.description


# --------------------------------------------------------------------------- command line


def test_cli_check_exit_codes(paths, upstream, monkeypatch, capsys):
    root, lock = paths
    assert prov.main(["--root", str(root), "--check"]) == 1
    out, err = capsys.readouterr()
    assert "micropython/ does not exist" in out
    assert "absent: py/, shared/, tools/, mpy-cross/, extmod/, lib/, micropython-lib/, ports/, tests/" in out
    assert err.startswith("error: micropython/ is not usable")
    assert not root.exists()  # --check never provisions

    monkeypatch.setenv(prov.ARCHIVES_VARIABLE, str(upstream))
    assert prov.main(["--root", str(root), "--cache", str(lock)]) == 0
    out, err = capsys.readouterr()
    assert "micropython/ provisioned from micropython-1.23.0.tar.gz + micropython-lib-50ed36f.tar.gz" in out
    assert "absent:" not in out

    assert prov.main(["--root", str(root), "--check"]) == 0


def test_cli_error_has_no_traceback(paths, upstream, capsys):
    root, lock = paths
    assert prov.main(["--root", str(root), "--cache", str(lock)]) == 1
    out, err = capsys.readouterr()
    assert err.startswith("error: micropython/ is not checked out and micropython-1.23.0.tar.gz")
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


def test_real_archives_give_the_full_tree(tmp_path):
    if not all((SHARED_UPSTREAM / archive.filename).is_file() for archive in ARCHIVES):
        pytest.skip(f"upstream's archives are not in {SHARED_UPSTREAM} on this machine")
    root = tmp_path / "micropython"

    info = prov.provision(root, tmp_path / "lock", folders=[SHARED_UPSTREAM], log=quiet)

    assert info.kind == "provisioned" and info.usable and info.matches_pin and info.absent == ()
    assert "#define MICROPY_VERSION_MINOR 23" in (root / "py" / "mpconfig.h").read_text()
    assert (root / "lib/micropython-lib/python-stdlib/base64/base64.py").is_file()
    assert (root / "extmod/asyncio/core.py").is_file()
