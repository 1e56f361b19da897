"""User modules: folders of C and ``.pym`` sources built into the interpreter.

A *module root* (``cmod/``, or a folder named by ``USER_C_MODULES=``) holds one
subfolder per user module. A user module is made of its ``.c`` files and
``.pym`` files (not recursive; headers may sit beside them). Each ``.pym``
file becomes the Python module named after the file; ``.c`` files register
their Python modules themselves with ``MP_REGISTER_MODULE``.

Every user module is built into every variant unless the variant lists it in
``disable_modules``; names in a variant's ``modules`` must exist.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

MODULE_FOLDER_PATTERN = "[A-Za-z_][A-Za-z0-9_-]*"
_MODULE_FOLDER_RE = re.compile(MODULE_FOLDER_PATTERN + r"\Z")
_REGISTRATION_RE = re.compile(r"^\s*MP_REGISTER_(?:EXTENSIBLE_)?MODULE\s*\(\s*MP_QSTR_([A-Za-z0-9_]+)", re.MULTILINE)


class UserModuleError(Exception):
    """A problem with the user module folders; ``str(error)`` is the whole message."""


@dataclass(frozen=True)
class UserModule:
    name: str                      # the folder's name: what variants enable or disable
    folder: Path
    c_files: tuple[Path, ...]
    pym_files: tuple[Path, ...]


def _display(path: Path | str, root=None) -> str:
    """``path`` relative to ``root`` (default: the working directory) when inside it."""
    relative = os.path.relpath(path, root or os.getcwd())
    return str(path) if relative.startswith("..") else relative


def split_folder_list(text: str) -> list[str]:
    """``USER_C_MODULES`` text -> folders: separated by os.pathsep or commas; blanks dropped."""
    parts = []
    for chunk in (text or "").split(os.pathsep):
        parts.extend(item.strip() for item in chunk.split(","))
    return [part for part in parts if part]


def discover(roots: list[Path | str], optional_roots: tuple = (), display_root=None) -> list[UserModule]:
    """The user modules in each root, sorted by name.

    A root in ``optional_roots`` may be absent (``cmod/``); any other root
    must be a folder. Messages name paths relative to ``display_root``
    (default: the working directory).
    """
    modules: dict[str, UserModule] = {}
    optional = {Path(r).resolve() for r in optional_roots}
    for root in roots:
        root = Path(root).resolve()
        if not root.is_dir():
            if root in optional:
                continue
            raise UserModuleError(f"user module folder {_display(root, display_root)} does not exist or is not "
                                  "a folder (USER_C_MODULES lists folders whose subfolders are modules)")
        for folder in sorted(root.iterdir()):
            if not folder.is_dir() or folder.name.startswith((".", "__")):
                continue
            c_files = tuple(sorted(p for p in folder.glob("*.c") if p.is_file()))
            pym_files = tuple(sorted(p for p in folder.glob("*.pym") if p.is_file()))
            if not c_files and not pym_files:
                continue
            if not _MODULE_FOLDER_RE.match(folder.name):
                raise UserModuleError(f"{_display(folder, display_root)}: user module folder names must match "
                                      f"{MODULE_FOLDER_PATTERN}; rename the folder")
            if folder.name in modules:
                first = _display(modules[folder.name].folder, display_root)
                raise UserModuleError(f"{_display(folder, display_root)}: a user module named {folder.name!r} "
                                      f"already exists in {first}; rename one of the folders")
            generated_names = {p.name + ".c" for p in pym_files}
            for c_file in c_files:
                if c_file.name in generated_names:
                    raise UserModuleError(f"{_display(c_file, display_root)}: this name is taken by the C "
                                          f"generated from {c_file.name[:-2]}; rename the file")
            modules[folder.name] = UserModule(folder.name, folder, c_files, pym_files)
    return [modules[name] for name in sorted(modules)]


def select(modules: list[UserModule], required=(), disabled=(), variant_file: str = "the variant") -> list[UserModule]:
    """The modules a variant builds: all but ``disabled``; every named module must exist."""
    names = {module.name for module in modules}
    for key, listed in (("modules", required), ("disable_modules", disabled)):
        for name in sorted(listed):
            if name not in names:
                found = ", ".join(sorted(names)) or "none"
                raise UserModuleError(f"{variant_file}: {key}: no user module named {name!r} (found: {found}; "
                                      "user modules are the subfolders of cmod/ and of USER_C_MODULES folders)")
    return [module for module in modules if module.name not in set(disabled)]


def registered_names(c_text: str) -> list[tuple[str, int]]:
    """The Python modules a C source registers: (name, line) for each MP_REGISTER_MODULE."""
    return [(match.group(1), c_text.count("\n", 0, match.start(1)) + 1)
            for match in _REGISTRATION_RE.finditer(c_text)]


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        raise UserModuleError(f"{_display(path)}: cannot read: {error.strerror or error}") from None


def check_module_names(modules: list[UserModule], builtin_sources=(), display_root=None) -> dict[str, str]:
    """Python module names must be unique across user modules and the port's own modules.

    Returns ``{python module name: where it is defined}``; raises on a clash
    (a second definition would silently replace the first in moduledefs.h).
    """
    defined: dict[str, str] = {}
    for path in builtin_sources:
        for name, line in registered_names(_read(Path(path))):
            defined.setdefault(name, f"{_display(path, display_root)}:{line} (built in)")
    for module in modules:
        found = [(Path(p).name[:-4], p, 1, 1) for p in module.pym_files]
        for c_file in module.c_files:
            found += [(name, c_file, line, 1) for name, line in registered_names(_read(c_file))]
        for name, path, line, column in found:
            where = f"{_display(path, display_root)}:{line}"
            if name in defined:
                raise UserModuleError(f"{where}:{column}: duplicate module name {name!r}: "
                                      f"{defined[name]} defines it too; rename one of them")
            defined[name] = where
    return defined
