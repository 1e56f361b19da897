"""MicroPython sources for the build: the git submodule, or the same files from upstream's archives.

``micropython/`` is a git submodule pinned at v1.23.0, with its nested
``lib/micropython-lib`` at the commit v1.23.0 pins.  Machines that cannot
reach GitHub fill it instead from two ``git archive`` tarballs of exactly
those commits (:data:`ARCHIVES`, sha256-pinned here), found in the folders of
``$MICROPYTHON_ARCHIVES`` or in ``../shared/upstream/`` beside the repository.

Kinds of tree reported by :func:`inspect_tree`:

``"git checkout"``
    ``micropython/.git`` exists (file or directory).  Provisioning never
    modifies it; if it lacks files the user must repair it with git.
``"provisioned"``
    ``micropython/.provisioned`` (JSON marker written last by
    :func:`provision`) exists and the required parts are present.  A marker
    for other archives (an older pin, or the former PyPI route) is re-provisioned
    by :func:`ensure_source`.
``"local tree"``
    No ``.git`` and no marker, but the required parts are present (a copied or
    unpacked tree).  Used as is; its version is not verified.
``"incomplete"``
    Something is there but it is not usable: a provisioning that was
    interrupted (``micropython/.provisioning`` exists), a marker whose files
    are gone, or a partial tree of unknown origin (such as the core-only
    ``py/``, ``shared/``, ``tools/``, ``mpy-cross/`` of a PyPI sdist).
``"missing"``
    The directory is absent, empty, or holds none of the upstream parts (the
    usual state of a submodule that was never checked out).

Run as a script (``python3 site_scons/mpbuild/provision.py``) or as
``python3 -m mpbuild.provision`` with ``site_scons/`` on ``sys.path``.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath
from typing import Callable


@dataclass(frozen=True)
class Pin:
    """The exact upstream release this build uses."""

    tag: str
    commit: str
    date: str


PIN = Pin(tag="v1.23.0", commit="a61c446c0b34e82aeb54b9770250d267656f2b7f", date="2024-05-31")


@dataclass(frozen=True)
class Archive:
    """A ``git archive`` tarball of one upstream repository, and where its files go under micropython/."""

    filename: str
    sha256: str
    prefix: str  # the one folder at the top of the archive
    destination: tuple[str, ...]  # its files' folder, relative to micropython/
    what: str


ARCHIVES = (
    Archive(
        filename="micropython-1.23.0.tar.gz",
        sha256="fbe32162ab549de902c6d0eb4ba293a4d40945bb2975a98bd2cce8d83bb1d266",
        prefix="micropython-1.23.0",
        destination=(),
        what=f"MicroPython {PIN.tag} ({PIN.commit})",
    ),
    Archive(
        filename="micropython-lib-50ed36f.tar.gz",
        sha256="236badbf476d18b10b5477dea117b022137d6fb7dc357eab40df79d9a9053e7c",
        prefix="micropython-lib",
        destination=("lib", "micropython-lib"),
        what="micropython-lib at 50ed36fbeb919753bcc26ce13a8cffd7691d06ef, the commit v1.23.0 pins",
    ),
)

PARTS = ("py", "shared", "tools", "mpy-cross", "extmod", "lib", "micropython-lib", "ports", "tests")
# Every variant compiles extmod/ and lib/, freezes micropython-lib, and `scons test` runs tests/.
REQUIRED_PARTS = ("py", "shared", "tools", "mpy-cross", "extmod", "lib", "micropython-lib", "tests")

# A part counts as present only if a file that the real part always has exists
# (an uninitialised nested submodule is an empty folder).
PART_SENTINELS = {
    "py": "py/mpconfig.h",
    "shared": "shared/runtime/pyexec.c",
    "tools": "tools/manifestfile.py",
    "mpy-cross": "mpy-cross/main.c",
    "extmod": "extmod/vfs.c",
    "lib": "lib/re1.5/re1.5.h",
    "micropython-lib": "lib/micropython-lib/python-stdlib/abc/manifest.py",
    "ports": "ports/unix/main.c",
    "tests": "tests/run-tests.py",
}

MARKER_NAME = ".provisioned"
IN_PROGRESS_NAME = ".provisioning"

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_ROOT = REPO_ROOT / "micropython"
# Holds the lock that serialises provisionings (two builds started at once).
DEFAULT_CACHE = REPO_ROOT / "build" / ".cache" / "provision"

# Where the archives are looked for, in order: this variable (folders separated by os.pathsep),
# then the shared folder beside the repository that every developer machine and CI has.
ARCHIVES_VARIABLE = "MICROPYTHON_ARCHIVES"
SHARED_ARCHIVES = REPO_ROOT.parent / "shared" / "upstream"

SUBMODULE_FIX = "git submodule update --init micropython && git -C micropython submodule update --init lib/micropython-lib"

_ENTRY_NAME_RE = re.compile(r"[A-Za-z0-9._-]+\Z")
# Names at the top of micropython/ that an archive must not provide: they would fake our state.
_RESERVED_NAMES = {".git", MARKER_NAME, IN_PROGRESS_NAME, MARKER_NAME + ".tmp", IN_PROGRESS_NAME + ".tmp"}
_COMMIT_RE = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?\Z")

Log = Callable[[str], None]


class ProvisionError(Exception):
    """A provisioning failure; ``str(error)`` is the complete message for the user."""


@dataclass(frozen=True)
class TreeInfo:
    """What is in the MicroPython directory and whether the build can use it."""

    root: Path
    kind: str
    description: str
    present: tuple[str, ...]
    absent: tuple[str, ...]
    usable: bool
    commit: str | None = None
    warning: str | None = None
    # True/False when the tree is known to match PIN or not; None when unknown.
    matches_pin: bool | None = None


# --------------------------------------------------------------------------- inspection


def _label(root: Path) -> str:
    return f"{root.name}/"


def _present_parts(root: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    present = tuple(part for part in PARTS if (root / PART_SENTINELS[part]).is_file())
    absent = tuple(part for part in PARTS if part not in present)
    return present, absent


def _missing_required(root: Path) -> list[str]:
    return [PART_SENTINELS[part] for part in REQUIRED_PARTS if not (root / PART_SENTINELS[part]).is_file()]


def _read_marker(path: Path) -> dict | None:
    """The marker's JSON object, or None if it is unreadable (then the tree is treated as damaged)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _pinned_archives() -> dict[str, str]:
    return {archive.filename: archive.sha256 for archive in ARCHIVES}


def _marker_matches_pin(marker: dict) -> bool:
    return marker.get("archives") == _pinned_archives()


def _marker_source(marker: dict) -> str:
    archives = marker.get("archives")
    if isinstance(archives, dict) and archives:
        return " + ".join(sorted(str(name) for name in archives))
    if marker.get("package"):  # provisioned by the former PyPI route
        return f"PyPI sdist {marker.get('package')}=={marker.get('version')}"
    return "unknown archives"


def _read_git_commit(root: Path) -> str | None:
    """HEAD of the repository whose top level is ``root``, or None if git cannot tell."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--show-toplevel", "HEAD"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    lines = result.stdout.split()
    if result.returncode != 0 or len(lines) != 2:
        return None
    toplevel, commit = lines
    # A broken .git makes git search upwards and answer for the enclosing repository.
    try:
        if Path(toplevel).resolve() != root.resolve():
            return None
    except OSError:
        return None
    return commit if _COMMIT_RE.match(commit) else None


def _inspect_git_checkout(root: Path, present, absent, missing) -> TreeInfo:
    label = _label(root)
    commit = _read_git_commit(root)
    warning = None
    if commit is None:
        description = f"{label} git checkout (commit unknown: `git -C {root} rev-parse HEAD` failed)"
        warning = f"cannot read the commit of {label} with git, so it is not known to be the pinned {PIN.tag}"
        matches_pin = None
    elif commit == PIN.commit:
        description = f"{label} git checkout at {commit[:12]} ({PIN.tag})"
        matches_pin = True
    else:
        description = f"{label} git checkout at {commit[:12]} (not the pinned {PIN.tag})"
        warning = (
            f"{label} is at commit {commit[:12]} but the build is pinned to MicroPython {PIN.tag} "
            f"({PIN.commit[:12]}); run `git submodule update micropython` to check out the pinned commit"
        )
        matches_pin = False
    if missing:
        description += f", but {', '.join(missing)} missing"
    return TreeInfo(root, "git checkout", description, present, absent, not missing, commit, warning, matches_pin)


def inspect_tree(root: Path | str) -> TreeInfo:
    """Report what ``root`` holds (see the module docstring for the kinds); never modifies it."""
    root = Path(root)
    label = _label(root)
    if not root.is_dir():
        return TreeInfo(root, "missing", f"{label} does not exist", (), PARTS, False)
    present, absent = _present_parts(root)
    missing = _missing_required(root)

    if os.path.lexists(root / ".git"):
        return _inspect_git_checkout(root, present, absent, missing)

    if (root / IN_PROGRESS_NAME).exists():
        description = f"{label} incomplete: an earlier provisioning was interrupted (it is redone on the next build)"
        return TreeInfo(root, "incomplete", description, present, absent, False)

    marker_path = root / MARKER_NAME
    if marker_path.exists():
        marker = _read_marker(marker_path)
        if marker is None:
            description = f"{label} incomplete: {MARKER_NAME} is unreadable"
            return TreeInfo(root, "incomplete", description, present, absent, False)
        source = _marker_source(marker)
        if missing:
            description = f"{label} incomplete: provisioned from {source} but {', '.join(missing)} missing"
            return TreeInfo(root, "incomplete", description, present, absent, False)
        description = f"{label} provisioned from {source} ({marker.get('tag', 'unknown version')})"
        matches_pin = _marker_matches_pin(marker)
        warning = None
        if not matches_pin:
            warning = (
                f"{label} was provisioned from {source}, but the pin is MicroPython {PIN.tag} "
                f"({', '.join(archive.filename for archive in ARCHIVES)}); it is re-provisioned by the next build"
            )
        return TreeInfo(root, "provisioned", description, present, absent, True, None, warning, matches_pin)

    if not missing:
        description = f"{label} local tree (no .git, not provisioned; version not verified)"
        warning = f"{label} is neither a git checkout nor provisioned, so it is not known to be the pinned {PIN.tag}"
        return TreeInfo(root, "local tree", description, present, absent, True, None, warning, None)

    if any(os.path.lexists(root / part) for part in PARTS):
        description = f"{label} incomplete: {', '.join(missing)} missing (not a git checkout, not provisioned)"
        return TreeInfo(root, "incomplete", description, present, absent, False)

    description = f"{label} has no MicroPython sources (submodule not checked out)"
    return TreeInfo(root, "missing", description, present, absent, False)


# --------------------------------------------------------------------------- finding the archives


def archive_folders(environ=None) -> list[Path]:
    """The folders searched for the archives, in order."""
    environ = os.environ if environ is None else environ
    listed = [Path(folder) for folder in environ.get(ARCHIVES_VARIABLE, "").split(os.pathsep) if folder]
    return listed + [SHARED_ARCHIVES]


def _sha256_of(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _how_to_get_sources() -> str:
    pins = "".join(f"\n      {archive.filename}  sha256 {archive.sha256}" for archive in ARCHIVES)
    return (
        "Fix one of:\n"
        f"  - put upstream's archives in {SHARED_ARCHIVES}/ or in a folder named by "
        f"{ARCHIVES_VARIABLE}=/path/to/folder:{pins}\n"
        f"  - on a machine that reaches GitHub: {SUBMODULE_FIX}"
    )


def find_archive(archive: Archive, folders: list[Path], log: Log) -> Path:
    """The first copy of ``archive`` in ``folders``, verified against its pinned sha256."""
    for folder in folders:
        path = folder / archive.filename
        if path.is_file():
            actual = _sha256_of(path)
            if actual != archive.sha256:
                # Never fall back to another copy: a wrong file where we were told to look is an error.
                raise ProvisionError(
                    f"{path}: sha256 is {actual}, expected {archive.sha256}; it is not the pinned "
                    f"{archive.what}. Replace it with the right file (`git archive` of that commit) "
                    f"or remove it.\n{_how_to_get_sources()}"
                )
            log(f"using {path} (sha256 verified)")
            return path
    searched = ", ".join(str(folder) for folder in folders)
    raise ProvisionError(
        f"micropython/ is not checked out and {archive.filename} ({archive.what}) is not in any of: "
        f"{searched}.\n{_how_to_get_sources()}"
    )


# --------------------------------------------------------------------------- extraction


def _unsafe(path: Path, name: str, reason: str) -> ProvisionError:
    return ProvisionError(
        f"{path}: refusing to extract member {name!r} ({reason}); the archive is not the expected one. "
        f"Replace it, or run `{SUBMODULE_FIX}` on a machine that reaches GitHub"
    )


def _member_path(path: Path, archive: Archive, member: tarfile.TarInfo) -> tuple[str, ...] | None:
    """The path under micropython/ that ``member`` extracts to, or None to skip it."""
    name = member.name
    if name.startswith(("/", "\\")) or PureWindowsPath(name).drive:
        raise _unsafe(path, name, "absolute path")
    parts = [part for part in re.split(r"[/\\]", name) if part not in ("", ".")]
    if ".." in parts:
        raise _unsafe(path, name, "'..' in path")
    if not parts or parts[0] != archive.prefix:
        raise _unsafe(path, name, f"outside the archive's folder {archive.prefix!r}")
    relative = tuple(archive.destination) + tuple(parts[1:])
    if not relative:
        return None
    if not _is_plain_entry(relative[0]):
        raise _unsafe(path, name, f"reserved or unusual name {relative[0]!r} at the top of micropython/")
    if member.issym() or member.islnk():
        raise _unsafe(path, name, f"link to {member.linkname!r}")
    if not (member.isfile() or member.isdir()):
        raise _unsafe(path, name, "device or special file")
    return relative


def _write_member(archive: tarfile.TarFile, member: tarfile.TarInfo, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    source = archive.extractfile(member)
    with source, open(target, "wb") as out:
        shutil.copyfileobj(source, out)
    # Keep only the executable bit: modes and owners from an archive are not trusted.
    os.chmod(target, 0o755 if member.mode & 0o111 else 0o644)
    os.utime(target, (member.mtime, member.mtime))


def _extract(path: Path, archive: Archive, staging: Path) -> set[str]:
    """Extract ``archive`` (read from ``path``) into ``staging``; returns the top-level names."""
    entries = set()
    try:
        with tarfile.open(path, "r:*") as tar:
            for member in tar:
                if member.type in (tarfile.XGLTYPE, tarfile.XHDTYPE):
                    continue  # pax headers (git archive records the commit there)
                relative = _member_path(path, archive, member)
                if relative is None:
                    continue
                target = staging.joinpath(*relative)
                if member.isdir():
                    target.mkdir(parents=True, exist_ok=True)
                else:
                    _write_member(tar, member, target)
                entries.add(relative[0])
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise ProvisionError(f"{path}: cannot read the archive ({error}); replace it with a good copy") from None
    return entries


def _extract_all(paths: dict[Archive, Path], staging: Path) -> set[str]:
    entries = set()
    for archive in ARCHIVES:  # MicroPython first: micropython-lib goes into its lib/ folder
        entries |= _extract(paths[archive], archive, staging)
    missing = _missing_required(staging)
    if missing:
        raise ProvisionError(
            f"the archives ({', '.join(str(p) for p in paths.values())}) have no {missing[0]}, so they do not "
            f"carry MicroPython {PIN.tag}'s full tree; the pin in site_scons/mpbuild/provision.py is wrong. "
            f"Use `{SUBMODULE_FIX}` instead"
        )
    return entries


# --------------------------------------------------------------------------- installation


def _staging_prefix(root: Path) -> str:
    return f".{root.name}.provision-"


def _remove_stale_staging(root: Path) -> None:
    """Delete temp dirs left by provisionings that were killed (we hold the lock, so none is live)."""
    for stale in root.parent.glob(_staging_prefix(root) + "*"):
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)


def _is_plain_entry(name) -> bool:
    return (
        isinstance(name, str)
        and _ENTRY_NAME_RE.match(name) is not None
        and name not in (".", "..")
        and name not in _RESERVED_NAMES
    )


def _owned_entries(root: Path) -> set[str]:
    """Top-level names that earlier provisionings put in ``root`` (safe to replace)."""
    owned = set()
    for name in (MARKER_NAME, IN_PROGRESS_NAME):
        marker = _read_marker(root / name) if (root / name).exists() else None
        entries = marker.get("entries", []) if marker else []
        if isinstance(entries, list):
            # Only plain names: a tampered marker must not make us delete outside root.
            owned.update(e for e in entries if _is_plain_entry(e))
    return owned


def _write_json_atomically(path: Path, data: dict) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(temporary, path)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif os.path.lexists(path):
        path.unlink()


def _install_entry(source: Path, target: Path) -> None:
    _remove(target)
    os.replace(source, target)


def _marker_data(entries) -> dict:
    return {"archives": _pinned_archives(), "tag": PIN.tag, "commit": PIN.commit, "entries": sorted(entries)}


def _move_into_place(staging: Path, root: Path, entries: set[str]) -> None:
    """Move the extracted entries into ``root``, leaving unrelated files alone.

    The in-progress marker is written first and the final marker last, so every
    intermediate state is reported "incomplete" and the next run redoes it.
    """
    label = _label(root)
    root.mkdir(parents=True, exist_ok=True)
    owned = _owned_entries(root)
    conflicts = sorted(e for e in entries if os.path.lexists(root / e) and e not in owned)
    if conflicts:
        listed = ", ".join(f"{label}{name}" for name in conflicts)
        raise ProvisionError(
            f"{listed} already exist(s) but were not created by provisioning; refusing to overwrite. "
            f"Move {label} aside (or empty it) and build again to get the full MicroPython {PIN.tag} tree, "
            f"or check out the submodule: {SUBMODULE_FIX}"
        )
    _write_json_atomically(root / IN_PROGRESS_NAME, _marker_data(owned | entries))
    (root / MARKER_NAME).unlink(missing_ok=True)
    for name in sorted(owned - entries):  # left over from a different pin
        _remove(root / name)
    for name in sorted(entries):
        _install_entry(staging / name, root / name)
    _write_json_atomically(root / MARKER_NAME, _marker_data(entries))
    (root / IN_PROGRESS_NAME).unlink()


def _install(root: Path, paths: dict[Archive, Path], log: Log) -> None:
    # The staging dir sits next to root so the final moves are renames on one file system.
    root.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_staging(root)
    staging = Path(tempfile.mkdtemp(prefix=_staging_prefix(root), dir=root.parent))
    try:
        names = ", ".join(path.name for path in paths.values())
        log(f"extracting MicroPython {PIN.tag} sources from {names} into {_label(root)}")
        entries = _extract_all(paths, staging)
        _move_into_place(staging, root, entries)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@contextlib.contextmanager
def _lock(lock_dir: Path, log: Log):
    """Serialise provisionings of one repository (e.g. two builds started at once)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no locking
        yield
        return
    with open(lock_dir / ".lock", "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log(f"waiting for another provisioning to finish (lock {lock_dir / '.lock'})")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _is_ready(info: TreeInfo) -> bool:
    return info.usable and not (info.kind == "provisioned" and info.matches_pin is False)


def _refuse_git_checkout(root: Path) -> None:
    if os.path.lexists(root / ".git"):
        info = inspect_tree(root)
        raise ProvisionError(
            f"{info.description}; provisioning never modifies a git checkout. "
            f"Repair it with git: `git submodule update --init --force micropython` and "
            f"`git -C micropython submodule update --init lib/micropython-lib`"
        )


def _provision(root: Path, lock_dir: Path, folders, log: Log, only_if_needed: bool) -> TreeInfo:
    root, lock_dir = Path(root), Path(lock_dir)
    _refuse_git_checkout(root)
    try:
        lock_dir.mkdir(parents=True, exist_ok=True)
        with _lock(lock_dir, log):
            if only_if_needed:
                # Another build may have provisioned it while we waited for the lock.
                info = inspect_tree(root)
                if _is_ready(info):
                    return info
            folders = archive_folders() if folders is None else [Path(folder) for folder in folders]
            paths = {archive: find_archive(archive, folders, log) for archive in ARCHIVES}
            _install(root, paths, log)
    except OSError as error:
        raise ProvisionError(
            f"cannot provision {root}: {error}; check permissions and free disk space"
        ) from None
    return inspect_tree(root)


def provision(root: Path | str, lock_dir: Path | str, *, folders=None, log: Log = print) -> TreeInfo:
    """Fill ``root`` from the pinned archives (searched in ``folders``, default :func:`archive_folders`).

    Files in ``root`` that provisioning did not create are kept; a git checkout is never touched.
    """
    return _provision(root, lock_dir, folders, log, only_if_needed=False)


def ensure_source(root: Path | str, lock_dir: Path | str, *, folders=None, log: Log = print) -> TreeInfo:
    """The usable tree at ``root``, provisioning it first if it is missing, incomplete or stale."""
    root, lock_dir = Path(root), Path(lock_dir)
    info = inspect_tree(root)
    if _is_ready(info):
        return info
    _refuse_git_checkout(root)
    log(f"{info.description}: provisioning MicroPython {PIN.tag} from upstream's archives")
    info = _provision(root, lock_dir, folders, log, only_if_needed=True)
    if not info.usable:  # only if the archives' layout and PART_SENTINELS disagree
        raise ProvisionError(f"provisioning finished but {info.description}; please report this build bug")
    return info


# --------------------------------------------------------------------------- command line


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="provision.py",
        description=f"Make sure micropython/ holds MicroPython {PIN.tag}'s full tree with micropython-lib "
        f"(git submodule, or upstream's archives from ${ARCHIVES_VARIABLE} or {_relative(SHARED_ARCHIVES)}).",
    )
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT,
                        help=f"MicroPython tree (default: {_relative(DEFAULT_ROOT)})")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE,
                        help=f"folder of the provisioning lock (default: {_relative(DEFAULT_CACHE)})")
    parser.add_argument("--check", action="store_true", help="only report; exit 1 if the tree is unusable")
    args = parser.parse_args(argv)

    try:
        if args.check:
            info = inspect_tree(args.root)
        else:
            info = ensure_source(args.root, args.cache, log=print)
    except ProvisionError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted; run again to finish provisioning", file=sys.stderr)
        return 130

    print(info.description)
    if info.absent:
        print("absent: " + ", ".join(f"{part}/" for part in info.absent))
    if info.warning:
        print(f"warning: {info.warning}", file=sys.stderr)
    if not info.usable:
        print(
            f"error: {_label(info.root)} is not usable; run {_relative(Path(__file__))} without --check "
            f"to provision it, or `{SUBMODULE_FIX}`",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
