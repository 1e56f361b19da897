"""MicroPython sources for the build: the git submodule, or the same files from PyPI.

``micropython/`` is a git submodule pinned at v1.23.0.  Machines that cannot
reach GitHub fill it instead from the PyPI sdist of ``mpy-cross-v6-3``, which
carries v1.23.0's ``py/``, ``shared/``, ``tools/`` and ``mpy-cross/`` (plus
``docs/conf.py`` and ``extmod/modplatform.h``; no ``lib/``, ``ports/``,
``tests/`` or real ``extmod/``).

Kinds of tree reported by :func:`inspect_tree`:

``"git checkout"``
    ``micropython/.git`` exists (file or directory).  Provisioning never
    modifies it; if it lacks files the user must repair it with git.
``"provisioned"``
    ``micropython/.provisioned`` (JSON marker written last by
    :func:`provision`) exists and the required parts are present.  A marker
    for another pin is still usable but gets a warning, and
    :func:`ensure_source` re-provisions it.
``"local tree"``
    No ``.git`` and no marker, but the required parts are present (a copied or
    unpacked tree).  Used as is; its version is not verified.
``"incomplete"``
    Something is there but it is not usable: a provisioning that was
    interrupted (``micropython/.provisioning`` exists), a marker whose files
    are gone, or a partial tree of unknown origin.
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
    """The exact upstream source this build uses, and the PyPI sdist that carries it."""

    package: str
    version: str
    sha256: str
    sdist_filename: str
    tag: str
    commit: str
    date: str

    @property
    def requirement(self) -> str:
        return f"{self.package}=={self.version}"


PIN = Pin(
    package="mpy-cross-v6-3",
    version="1.1.1",
    sha256="55414c358f5844c784e76d3b253cbd7af5f243ddd4c0b47a26d3875d628df300",
    sdist_filename="mpy_cross_v6_3-1.1.1.tar.gz",
    tag="v1.23.0",
    commit="a61c446c0b34e82aeb54b9770250d267656f2b7f",
    date="2024-05-31",
)

PARTS = ("py", "shared", "tools", "mpy-cross", "extmod", "lib", "ports", "tests")
REQUIRED_PARTS = ("py", "shared", "tools", "mpy-cross")

# A part counts as present only if a file that the real part always has exists:
# the sdist ships extmod/ with nothing but modplatform.h, which is not extmod.
PART_SENTINELS = {
    "py": "py/mpconfig.h",
    "shared": "shared/runtime/pyexec.c",
    "tools": "tools/makemanifest.py",
    "mpy-cross": "mpy-cross/main.c",
    "extmod": "extmod/vfs.c",
    "lib": "lib/re1.5/re1.5.h",
    "ports": "ports/unix/main.c",
    "tests": "tests/run-tests.py",
}

MARKER_NAME = ".provisioned"
IN_PROGRESS_NAME = ".provisioning"

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_ROOT = REPO_ROOT / "micropython"
DEFAULT_CACHE = REPO_ROOT / "build" / ".cache" / "provision"

SUBMODULE_FIX = "git submodule update --init micropython"

_ENTRY_NAME_RE = re.compile(r"[A-Za-z0-9._-]+\Z")
# Names at the top of micropython/ that the archive must not provide: they would fake our state.
_RESERVED_NAMES = {".git", MARKER_NAME, IN_PROGRESS_NAME, MARKER_NAME + ".tmp", IN_PROGRESS_NAME + ".tmp"}
_COMMIT_RE = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?\Z")

Log = Callable[[str], None]
Download = Callable[[Path], None]


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


def _marker_matches_pin(marker: dict) -> bool:
    return (marker.get("package"), marker.get("version"), marker.get("sha256")) == (
        PIN.package,
        PIN.version,
        PIN.sha256,
    )


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
        source = f"PyPI sdist {marker.get('package')}=={marker.get('version')}"
        if missing:
            description = f"{label} incomplete: provisioned from {source} but {', '.join(missing)} missing"
            return TreeInfo(root, "incomplete", description, present, absent, False)
        parts = ", ".join(f"{part}/" for part in present)
        description = f"{label} provisioned from {source} ({marker.get('tag', 'unknown version')} {parts})"
        matches_pin = _marker_matches_pin(marker)
        warning = None
        if not matches_pin:
            warning = (
                f"{label} was provisioned from {source}, but the pin is {PIN.requirement} "
                f"(MicroPython {PIN.tag}); it is re-provisioned by the next build"
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


# --------------------------------------------------------------------------- download


def _last_error_line(*outputs: str) -> str | None:
    """pip's most telling line: its last ``ERROR:`` line, else the last line it printed."""
    lines = [line.strip() for output in outputs for line in output.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("ERROR:")]
    if errors:
        return errors[-1]
    return lines[-1] if lines else None


def _download_failure(problem: str) -> str:
    return (
        f"could not download {PIN.requirement} from PyPI with pip: {problem}\n"
        f"micropython/ is not checked out, so the build takes MicroPython {PIN.tag}'s sources from that sdist. "
        "Fix one of:\n"
        "  - make PyPI reachable, or point pip at a mirror: export PIP_INDEX_URL=https://<mirror>/simple\n"
        f"  - on a machine that reaches GitHub: {SUBMODULE_FIX}\n"
        f"  - offline: export MICROPYTHON_SDIST=/path/to/{PIN.sdist_filename} (a copy of the pinned sdist)"
    )


def pip_command(cache_dir: Path) -> list[str]:
    return [
        sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
        PIN.requirement, "-d", str(cache_dir),
    ]  # fmt: skip


def pip_download(cache_dir: Path) -> None:
    """Fetch the pinned sdist into ``cache_dir`` with this interpreter's pip."""
    try:
        result = subprocess.run(pip_command(cache_dir), capture_output=True, text=True)
    except OSError as error:
        raise ProvisionError(_download_failure(f"cannot run {sys.executable} -m pip ({error})")) from None
    if result.returncode != 0:
        line = _last_error_line(result.stderr) or _last_error_line(result.stdout)
        problem = f"pip exited with status {result.returncode}"
        if line:
            problem += f": {line}"
        raise ProvisionError(_download_failure(problem))


# Offline machines: point this at a copy of the sdist (verified like a download).
LOCAL_SDIST_VARIABLE = "MICROPYTHON_SDIST"


def copy_download(sdist: Path):
    """A download that copies a local sdist file into the cache."""

    def download(cache_dir: Path) -> None:
        source = Path(sdist)
        if not source.is_file():
            raise ProvisionError(
                f"{LOCAL_SDIST_VARIABLE}={source}: no such file; point it at a copy of "
                f"{PIN.sdist_filename} or unset it to download from PyPI"
            )
        Path(cache_dir).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, Path(cache_dir) / PIN.sdist_filename)

    return download


def default_download():
    local = os.environ.get(LOCAL_SDIST_VARIABLE)
    return copy_download(Path(local)) if local else pip_download


def _sha256_of(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _obtain_sdist(cache_dir: Path, download: Download, expected_sha256: str, log: Log) -> Path:
    """The verified sdist in ``cache_dir``, downloading it at most once."""
    sdist = cache_dir / PIN.sdist_filename
    if sdist.is_file():
        if _sha256_of(sdist) == expected_sha256:
            log(f"using cached {sdist}")
            return sdist
        # Most likely a download that was cut short; fetching again usually fixes it.
        log(f"cached {sdist} has the wrong sha256 (damaged or partial); downloading it again")
        sdist.unlink()
    log(f"downloading {PIN.requirement} from PyPI into {cache_dir}")
    download(cache_dir)
    if not sdist.is_file():
        found = ", ".join(sorted(p.name for p in cache_dir.iterdir() if not p.name.startswith("."))) or "nothing"
        raise ProvisionError(
            f"the download of {PIN.requirement} finished but {sdist} is not there (found: {found}); "
            f"check that the index/mirror in PIP_INDEX_URL serves the sdist {PIN.sdist_filename}, "
            f"or run `{SUBMODULE_FIX}` on a machine that reaches GitHub"
        )
    actual = _sha256_of(sdist)
    if actual != expected_sha256:
        raise ProvisionError(
            f"{sdist}: sha256 is {actual}, expected {expected_sha256} ({PIN.requirement}); "
            f"the download is damaged or the package index/mirror serves a different file. "
            f"Delete {cache_dir} and build again; if it persists, check PIP_INDEX_URL or your mirror"
        )
    return sdist


# --------------------------------------------------------------------------- extraction


def _unsafe(sdist: Path, name: str, reason: str) -> ProvisionError:
    return ProvisionError(
        f"{sdist}: refusing to extract member {name!r} ({reason}); the sdist is not the expected one. "
        f"Delete it and build again, or run `{SUBMODULE_FIX}` on a machine that reaches GitHub"
    )


def _member_path(sdist: Path, member: tarfile.TarInfo) -> tuple[str, ...] | None:
    """The path under ``<top>/micropython/`` that ``member`` extracts to, or None to skip it."""
    name = member.name
    if name.startswith(("/", "\\")) or PureWindowsPath(name).drive:
        raise _unsafe(sdist, name, "absolute path")
    parts = [part for part in re.split(r"[/\\]", name) if part not in ("", ".")]
    if ".." in parts:
        raise _unsafe(sdist, name, "'..' in path")
    if len(parts) < 3 or parts[1] != "micropython":
        return None
    if not _is_plain_entry(parts[2]):
        raise _unsafe(sdist, name, f"reserved or unusual name {parts[2]!r} at the top of micropython/")
    if member.issym() or member.islnk():
        raise _unsafe(sdist, name, f"link to {member.linkname!r}")
    if not (member.isfile() or member.isdir()):
        raise _unsafe(sdist, name, "device or special file")
    return tuple(parts[2:])


def _write_member(archive: tarfile.TarFile, member: tarfile.TarInfo, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    source = archive.extractfile(member)
    with source, open(target, "wb") as out:
        shutil.copyfileobj(source, out)
    # Keep only the executable bit: modes and owners from an archive are not trusted.
    os.chmod(target, 0o755 if member.mode & 0o111 else 0o644)
    os.utime(target, (member.mtime, member.mtime))


def _extract_micropython(sdist: Path, staging: Path) -> set[str]:
    """Extract ``<top>/micropython/*`` of ``sdist`` into ``staging``; returns the top-level names."""
    entries = set()
    try:
        with tarfile.open(sdist, "r:*") as archive:
            for member in archive:
                relative = _member_path(sdist, member)
                if relative is None:
                    continue
                target = staging.joinpath(*relative)
                if member.isdir():
                    target.mkdir(parents=True, exist_ok=True)
                else:
                    _write_member(archive, member, target)
                entries.add(relative[0])
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise ProvisionError(
            f"{sdist}: cannot read the sdist ({error}); delete it and build again"
        ) from None
    missing = _missing_required(staging)
    if missing:
        raise ProvisionError(
            f"{sdist} has no micropython/{missing[0]}, so it does not carry MicroPython {PIN.tag}'s sources; "
            f"the pin in site_scons/mpbuild/provision.py is wrong. Use `{SUBMODULE_FIX}` instead"
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


def _marker_data(sha256: str, entries) -> dict:
    return {
        "package": PIN.package,
        "version": PIN.version,
        "sha256": sha256,
        "tag": PIN.tag,
        "commit": PIN.commit,
        "entries": sorted(entries),
    }


def _move_into_place(staging: Path, root: Path, entries: set[str], sha256: str) -> None:
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
            f"Move {label} aside (or empty it) and build again, or check out the submodule: {SUBMODULE_FIX}"
        )
    _write_json_atomically(root / IN_PROGRESS_NAME, _marker_data(sha256, owned | entries))
    (root / MARKER_NAME).unlink(missing_ok=True)
    for name in sorted(owned - entries):  # left over from a different pin
        _remove(root / name)
    for name in sorted(entries):
        _install_entry(staging / name, root / name)
    _write_json_atomically(root / MARKER_NAME, _marker_data(sha256, entries))
    (root / IN_PROGRESS_NAME).unlink()


def _install_from_sdist(root: Path, sdist: Path, sha256: str, log: Log) -> None:
    # The staging dir sits next to root so the final moves are renames on one file system.
    root.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_staging(root)
    staging = Path(tempfile.mkdtemp(prefix=_staging_prefix(root), dir=root.parent))
    try:
        log(f"extracting MicroPython {PIN.tag} sources from {sdist.name} into {_label(root)}")
        entries = _extract_micropython(sdist, staging)
        _move_into_place(staging, root, entries, sha256)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@contextlib.contextmanager
def _cache_lock(cache_dir: Path, log: Log):
    """Serialise provisionings that share a cache (e.g. two builds started at once)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no locking
        yield
        return
    with open(cache_dir / ".lock", "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log(f"waiting for another provisioning to finish (lock {cache_dir / '.lock'})")
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
            f"Repair it with git: `git -C {root} checkout -- .` or `git submodule update --init --force micropython`"
        )


def _provision(root: Path, cache_dir: Path, download, expected_sha256: str, log: Log, only_if_needed: bool):
    root, cache_dir = Path(root), Path(cache_dir)
    _refuse_git_checkout(root)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        with _cache_lock(cache_dir, log):
            if only_if_needed:
                # Another build may have provisioned it while we waited for the lock.
                info = inspect_tree(root)
                if _is_ready(info):
                    return info
            sdist = _obtain_sdist(cache_dir, download or default_download(), expected_sha256, log)
            _install_from_sdist(root, sdist, expected_sha256, log)
    except OSError as error:
        raise ProvisionError(
            f"cannot provision {root} (cache {cache_dir}): {error}; check permissions and free disk space"
        ) from None
    return inspect_tree(root)


def provision(
    root: Path | str,
    cache_dir: Path | str,
    *,
    download: Download | None = None,
    expected_sha256: str = PIN.sha256,
    log: Log = print,
) -> TreeInfo:
    """Fill ``root`` from the pinned sdist (cached in ``cache_dir``) and return the new TreeInfo.

    ``download(cache_dir)`` must leave ``cache_dir/PIN.sdist_filename`` behind;
    the default runs pip.  Files in ``root`` that provisioning did not create
    are kept; a git checkout is never touched.
    """
    return _provision(root, cache_dir, download, expected_sha256, log, only_if_needed=False)


def ensure_source(
    root: Path | str,
    cache_dir: Path | str,
    *,
    download: Download | None = None,
    log: Log = print,
) -> TreeInfo:
    """The usable tree at ``root``, provisioning it first if it is missing, incomplete or stale."""
    root, cache_dir = Path(root), Path(cache_dir)
    info = inspect_tree(root)
    if _is_ready(info):
        return info
    _refuse_git_checkout(root)
    log(f"{info.description}: provisioning MicroPython {PIN.tag} from PyPI sdist {PIN.requirement}")
    info = _provision(root, cache_dir, download, PIN.sha256, log, only_if_needed=True)
    if not info.usable:  # only if the sdist's layout and PART_SENTINELS disagree
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
        description=f"Make sure micropython/ holds MicroPython {PIN.tag} sources "
        f"(git submodule, or PyPI sdist {PIN.requirement}).",
    )
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT,
                        help=f"MicroPython tree (default: {_relative(DEFAULT_ROOT)})")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE,
                        help=f"download cache (default: {_relative(DEFAULT_CACHE)})")
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
