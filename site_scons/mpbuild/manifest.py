"""Frozen-module manifests in upstream MicroPython's format, read by upstream's own reader.

A variant names a manifest (``manifest = "ports/wasm/manifests/pyscript.py"``). Manifests use
``require()``, ``module()``, ``package()``, ``include()`` and ``freeze()`` exactly as upstream
ports do; ``micropython/tools/manifestfile.py`` (loaded from the tree in use) evaluates them with
the path variables ``$(MPY_DIR)`` (micropython/), ``$(MPY_LIB_DIR)`` (its lib/micropython-lib) and
``$(PORT_DIR)`` (ports/wasm). What comes back is a list of :class:`FrozenModule`: which ``.py`` to
compile, and under which name it is frozen (``collections/defaultdict.py`` imports as
``collections.defaultdict``: mpy-tool takes the name from mpy-cross's ``-s`` source name).

Any problem becomes one :class:`ManifestError` naming the manifest file and line, never a
traceback from the reader.
"""

from __future__ import annotations

import difflib
import importlib.util
import os
import sys
from dataclasses import dataclass

MANIFEST_FORMAT_DOC = "https://docs.micropython.org/en/latest/reference/manifest.html"
# Where micropython-lib lives inside the MicroPython tree, and the libraries upstream's reader searches.
LIB_SUBDIR = os.path.join("lib", "micropython-lib")
SEARCHED_LIBRARIES = ("micropython", "python-stdlib", "python-ecosys")


class ManifestError(Exception):
    """A problem in a manifest; ``str(error)`` is the complete message for the user."""


@dataclass(frozen=True)
class FrozenModule:
    source: str              # absolute path of the .py file
    name: str                # frozen source name, '/'-separated: "collections/defaultdict.py"
    opt: int | None = None   # mpy-cross -O level, None for mpy-cross's default
    version: str | None = None  # the package's metadata(version=...), appended as __version__

    @property
    def mpy_name(self) -> str:
        """The compiled file's path below the frozen folder: "collections/defaultdict.mpy"."""
        return self.name[: -len(".py")] + ".mpy"


@dataclass(frozen=True)
class Manifest:
    modules: tuple[FrozenModule, ...]
    manifests_read: tuple[str, ...]  # every manifest file evaluated (the top one, includes, requires)


_tool_modules = {}


def _manifest_tool(mpy_dir: str):
    """Upstream's tools/manifestfile.py from the tree in use (imported once per tree)."""
    path = os.path.realpath(os.path.join(mpy_dir, "tools", "manifestfile.py"))
    if path not in _tool_modules:
        if not os.path.isfile(path):
            raise ManifestError(f"{_display(path)} is missing: the MicroPython tree is incomplete "
                                "(`git submodule update --init micropython`)")
        spec = importlib.util.spec_from_file_location("_upstream_manifestfile", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _tool_modules[path] = module
    return _tool_modules[path]


def _display(path: str, root: str | None = None) -> str:
    """A path relative to ``root`` (default: the cwd) when inside it, else as it is."""
    relative = os.path.relpath(path, root or os.getcwd())
    return path if relative.startswith("..") else relative


def read_manifest(manifest_path: str, mpy_dir: str, port_dir: str, display_root: str | None = None) -> Manifest:
    """Evaluate a manifest in freeze mode; return what it freezes, in the manifest's order.

    ``display_root`` is the folder that paths in messages are relative to (default: the cwd).
    """
    mpy_dir = os.path.abspath(mpy_dir)
    lib_dir = os.path.join(mpy_dir, LIB_SUBDIR)
    tool = _manifest_tool(mpy_dir)
    path_vars = {
        "MPY_DIR": mpy_dir,
        "MPY_LIB_DIR": lib_dir if os.path.isdir(lib_dir) else None,
        "PORT_DIR": os.path.abspath(port_dir),
        "BOARD_DIR": None,
    }
    # The reader resolves paths against os.getcwd(), which follows symlinks: name files through
    # the folders we were given (a tree whose micropython/ is a link keeps its own paths).
    linked = [(os.path.realpath(folder), folder) for folder in (mpy_dir, os.path.abspath(port_dir))
              if os.path.realpath(folder) != folder]

    def show(path):
        return _display(_through_links(path, linked), display_root)

    reader = tool.ManifestFile(tool.MODE_FREEZE, path_vars)
    cwd = os.getcwd()  # the reader changes folders while it runs; restored even when it fails
    try:
        reader.execute(os.path.abspath(manifest_path))
    except Exception as error:  # noqa: BLE001 - any failure inside a manifest is the user's to fix
        raise ManifestError(_describe_failure(error, tool, manifest_path, lib_dir, show)) from None
    finally:
        os.chdir(cwd)

    modules = []
    by_name = {}
    for entry in reader.files():
        module = _frozen_module(entry, tool, show)
        module = FrozenModule(_through_links(module.source, linked), module.name, module.opt, module.version)
        earlier = by_name.get(module.name)
        if earlier is not None:
            if earlier.source == module.source:
                continue  # the same file reached twice
            raise ManifestError(
                f"{show(manifest_path)}: frozen module {module.name!r} comes from two files, "
                f"{show(earlier.source)} and {show(module.source)}; "
                "freeze only one of them"
            )
        by_name[module.name] = module
        modules.append(module)
    visited = sorted(_through_links(path, linked) for path in getattr(reader, "_visited", ()))
    return Manifest(tuple(modules), tuple(visited))


def _through_links(path: str, linked) -> str:
    for real, given in linked:
        if path == real or path.startswith(real + os.sep):
            return given + path[len(real):]
    return path


def _frozen_module(entry, tool, show) -> FrozenModule:
    name = entry.target_path.replace(os.sep, "/")
    if entry.kind == tool.KIND_FREEZE_AS_MPY:
        version = entry.metadata.version if entry.metadata is not None else None
        return FrozenModule(entry.full_path, name, entry.opt, str(version) if version is not None else None)
    how = "as a string (freeze_as_str)" if entry.kind == tool.KIND_FREEZE_AS_STR else "as a prebuilt .mpy"
    raise ManifestError(
        f"{show(entry.full_path)}: frozen {how}, which this build does not do; freeze the .py source "
        "(module(), package() or freeze() of .py files)"
    )


def _exception_chain(error):
    """From the outermost exception to the root cause."""
    chain = []
    while error is not None and len(chain) < 50:
        chain.append(error)
        error = error.__cause__ or error.__context__
    return chain


def _failure_location(chain, tool):
    """(manifest path, line) of the innermost manifest statement that failed, or (path, None).

    Upstream's reader runs each manifest with exec(), so a manifest's frames are "<string>"
    frames; the reader's include() frame just above one holds that manifest's path.
    """
    include_code = tool.ManifestFile.include.__code__
    manifest, line = None, None
    current = None
    for error in chain:
        traceback = error.__traceback__
        while traceback is not None:
            frame = traceback.tb_frame
            if frame.f_code is include_code and isinstance(frame.f_locals.get("manifest_path"), str):
                current = frame.f_locals["manifest_path"]
            elif frame.f_code.co_filename == "<string>" and current is not None:
                manifest, line = current, traceback.tb_lineno
            traceback = traceback.tb_next
    root = chain[-1]
    if isinstance(root, SyntaxError) and current is not None:
        manifest, line = current, root.lineno
    if manifest is None:
        manifest = current
    return manifest, line


def _packages_in(lib_dir):
    names = set()
    for library in SEARCHED_LIBRARIES:
        for folder, _, files in os.walk(os.path.join(lib_dir, library)):
            if "manifest.py" in files:
                names.add(os.path.basename(folder))
    return names


def _describe_failure(error, tool, top_manifest, lib_dir, show) -> str:
    chain = _exception_chain(error)
    cause = chain[-1]
    manifest, line = _failure_location(chain, tool)
    where = show(manifest or os.path.abspath(top_manifest)) + (f":{line}" if line else "")
    message = str(cause)
    if isinstance(cause, ValueError) and message.startswith("Package '") and "not found" in message:
        package = message.split("'")[1]
        if not os.path.isdir(lib_dir):
            return (f"{where}: require({package!r}): micropython-lib is not in the MicroPython tree in use "
                    f"({show(lib_dir)}/ is absent); "
                    "get the full tree: git submodule update --init --recursive micropython")
        close = difflib.get_close_matches(package, sorted(_packages_in(lib_dir)), n=3)
        hint = f"did you mean {' or '.join(repr(name) for name in close)}? " if close else ""
        searched = ", ".join(SEARCHED_LIBRARIES)
        return (f"{where}: require({package!r}): no such package in micropython-lib "
                f"({show(lib_dir)}/{{{searched}}}: a package is a folder holding a manifest.py); "
                f"{hint}fix the name or remove the line")
    if isinstance(cause, SyntaxError):
        return f"{where}: invalid manifest: {cause.msg}; fix the line (format: {MANIFEST_FORMAT_DOC})"
    if isinstance(cause, OSError) and cause.filename:
        reason = cause.strerror or str(cause)
        return (f"{where}: {show(os.path.abspath(cause.filename))}: {reason}; "
                "fix the path in the manifest (or the file's name)")
    if isinstance(cause, NameError):
        return f"{where}: {message}; manifests may call {', '.join(_MANIFEST_FUNCTIONS)} (format: {MANIFEST_FORMAT_DOC})"
    problem = message if isinstance(cause, (tool.ManifestFileError, ValueError)) else f"{type(cause).__name__}: {message}"
    return f"{where}: {problem}; fix the manifest (format: {MANIFEST_FORMAT_DOC})"


_MANIFEST_FUNCTIONS = ("metadata()", "include()", "require()", "package()", "module()", "freeze()")


def source_with_version(text: str, version: str | None) -> str:
    """What upstream freezes for a package file: the source, plus ``__version__`` from the
    package's metadata() unless the file sets one itself (appended: line numbers stay)."""
    if version is None or "__version__ =" in text:
        return text
    return f"{text}\n\n__version__ = {version!r}\n"
