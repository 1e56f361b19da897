"""Build variants, declared one per TOML file in ``variants/`` (``variants/unix.toml`` is ``unix``).

Schema (every key is checked; unknown keys are errors)::

    description = "Native unix-host interpreter (gcc)"  # required string, not inherited
    target = "host"             # "host" (gcc) or "wasm" (emcc); required unless inherited
    extends = "unix"            # optional: the base variant
    cflags = ["-O2"]            # optional lists of strings
    ldflags = []
    features = ["lto"]          # names from the table in mpbuild/features.py, each applying to the target
    disable_features = []       # removes features the base variants enabled
    modules = ["textutil"]      # user modules (subfolders of cmod/ or USER_C_MODULES) this variant
                                # needs: the build fails if one is missing; re-enables one a base disabled
    disable_modules = []        # user modules left out (every discovered user module is in by default)
    manifest = "ports/wasm/manifests/pyscript.py"  # optional: the frozen modules, an upstream-format
                                # manifest.py (path relative to the repository root); without one in the
                                # chain, the port's SConscript picks its default
    [defines]                   # NAME = integer | boolean | string (booleans become 1/0)
    MICROPY_PY_MATH = 1

With ``extends`` the base's settings come first: ``target`` and ``manifest`` are overridden,
flag lists are appended, features are ``(base - disable_features) | features``
(user modules likewise: ``disabled_modules`` is ``(base - modules) | disable_modules``)
and defines are merged with the derived variant winning. The features' own defines
(mpbuild/features.py) join them; a variant file may not set one of those itself.
"""

from __future__ import annotations

import datetime
import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from mpbuild import features as feature_table
from mpbuild import tomlfile

TARGETS = {"host": "gcc", "wasm": "emcc"}

NAME_PATTERN = "[a-z][a-z0-9_-]*"
FEATURE_PATTERN = "[a-z][a-z0-9_]*"
_NAME_RE = re.compile(NAME_PATTERN + r"\Z")
_FEATURE_RE = re.compile(FEATURE_PATTERN + r"\Z")
MODULE_PATTERN = "[A-Za-z_][A-Za-z0-9_-]*"  # a user module folder's name (see usermods.py)
_MODULE_RE = re.compile(MODULE_PATTERN + r"\Z")
_DEFINE_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")

_STRING_KEYS = ("description", "target", "extends", "manifest")
_LIST_KEYS = ("cflags", "ldflags", "features", "disable_features", "modules", "disable_modules")
KNOWN_KEYS = tuple(sorted(_STRING_KEYS + _LIST_KEYS + ("defines",)))



class VariantError(Exception):
    """A problem in the variant files; ``str(error)`` is the complete message for the user."""


@dataclass(frozen=True)
class Variant:
    """A variant with its ``extends`` chain resolved."""

    name: str
    path: Path
    description: str
    target: str
    cflags: tuple[str, ...] = ()
    ldflags: tuple[str, ...] = ()
    features: frozenset[str] = frozenset()
    defines: dict[str, str] = field(default_factory=dict)  # the features' defines included
    modules: frozenset[str] = frozenset()            # user modules the variant requires
    disabled_modules: frozenset[str] = frozenset()   # user modules left out
    manifest: str | None = None  # frozen-module manifest, relative to the repository root ('/'-separated)

    def cppdefines(self) -> list[tuple[str, str]]:
        """``(NAME, value)`` pairs sorted by name, ready for SCons' CPPDEFINES."""
        return sorted(self.defines.items())


def _display(path: Path) -> str:
    """``path`` relative to the working directory when inside it (``variants/x.toml``)."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def _type_name(value) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "table"
    if isinstance(value, (datetime.date, datetime.time)):
        return "date/time"
    return type(value).__name__


def _invalid_name_message(name) -> str:
    return (
        f"invalid variant name {name!r}: names must match {NAME_PATTERN} "
        "(lowercase letter first, then lowercase letters, digits, '_' or '-'; no path separators)"
    )


@dataclass(frozen=True)
class _VariantFile:
    """One file's validated contents, before ``extends`` is resolved."""

    name: str
    path: Path
    text: str
    description: str
    target: str | None
    extends: str | None
    manifest: str | None
    lists: dict[str, tuple[str, ...]]
    defines: dict[str, str]

    def where(self, key: str | None = None, table: str | None = None) -> str:
        return _where(self.path, self.text, key, table)


def _key_line(text: str, key: str, table: str | None = None) -> int | None:
    """Best-effort line number of ``key`` (top level, or inside ``[table]``); tomllib does not keep positions."""
    key_re = re.compile(r"\s*(?:%s)\s*=" % "|".join(re.escape(q) for q in (key, f'"{key}"', f"'{key}'")))
    dotted_re = re.compile(r"\s*%s\s*\.\s*%s\s*=" % (re.escape(table), re.escape(key))) if table else None
    current = None
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(r"\s*\[\s*([^\]]+?)\s*\]", line)
        if header:
            current = header.group(1)
            if table is None and current == key:  # the key is a whole [table]
                return number
            continue
        if current == table and key_re.match(line):
            return number
        if current is None and dotted_re is not None and dotted_re.match(line):
            return number
    if table:  # e.g. an inline table: point at the table itself
        return _key_line(text, table)
    return None


def _where(path: Path, text: str, key: str | None = None, table: str | None = None) -> str:
    line = _key_line(text, key, table) if key else None
    return f"{_display(path)}:{line}" if line else _display(path)


def _parse_toml(path: Path) -> tuple[str, dict]:
    return tomlfile.read(path, _display(path), VariantError)


def _check_string_list(path: Path, text: str, key: str, value) -> tuple[str, ...]:
    def where():  # a position is looked up only for an error message
        return _where(path, text, key)

    if not isinstance(value, list):
        raise VariantError(f"{where()}: {key} must be an array of strings, got {_type_name(value)}")
    for index, item in enumerate(value):
        if not isinstance(item, str):
            raise VariantError(f"{where()}: {key}[{index}] must be a string, got {_type_name(item)}")
        if not item.strip():
            raise VariantError(f"{where()}: {key}[{index}] is empty; remove it")
        if key in ("features", "disable_features"):
            if not _FEATURE_RE.match(item):
                raise VariantError(
                    f"{where()}: {key}[{index}] = {item!r} is not a valid feature name; use {FEATURE_PATTERN}"
                )
            unknown = feature_table.unknown_feature_message(item, where())
            if unknown:
                raise VariantError(unknown)
        if key in ("modules", "disable_modules") and not _MODULE_RE.match(item):
            raise VariantError(
                f"{where()}: {key}[{index}] = {item!r} is not a valid user module name; use {MODULE_PATTERN}"
            )
    return tuple(value)


def _define_value(path: Path, text: str, name: str, value) -> str:
    def where():  # a position is looked up only for an error message
        return _where(path, text, name, "defines")

    if not _DEFINE_RE.match(name):
        raise VariantError(f"{where()}: defines.{name} is not a valid C macro name; use [A-Za-z_][A-Za-z0-9_]*")
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, str)):
        return str(value)
    raise VariantError(f"{where()}: defines.{name} must be an integer, boolean or string, got {_type_name(value)}")


def _read_variant_file(variants_dir: Path, name: str) -> _VariantFile:
    path = variants_dir / f"{name}.toml"
    text, data = _parse_toml(path)

    unknown = sorted(set(data) - set(KNOWN_KEYS))
    if unknown:
        key = unknown[0]
        close = difflib.get_close_matches(key, KNOWN_KEYS, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise VariantError(
            f"{_where(path, text, key)}: unknown key {key!r}{hint}; known keys: {', '.join(KNOWN_KEYS)}"
        )

    for key in _STRING_KEYS:
        if key in data and not isinstance(data[key], str):
            raise VariantError(f"{_where(path, text, key)}: {key} must be a string, got {_type_name(data[key])}")

    if "description" not in data:
        raise VariantError(f"{_display(path)}: missing required key 'description' (a one-line summary, a string)")
    if not data["description"].strip():
        raise VariantError(f"{_where(path, text, 'description')}: description is empty; describe the variant")

    target = data.get("target")
    if target is not None and target not in TARGETS:
        choices = " or ".join(f'"{t}" ({compiler})' for t, compiler in TARGETS.items())
        raise VariantError(f"{_where(path, text, 'target')}: target = {target!r} is not valid; use {choices}")

    extends = data.get("extends")
    if extends is not None and not _NAME_RE.match(extends):
        raise VariantError(f"{_where(path, text, 'extends')}: extends: {_invalid_name_message(extends)}")
    if extends == name:
        raise VariantError(f"{_where(path, text, 'extends')}: variant {name!r} extends itself; remove extends")

    lists = {key: _check_string_list(path, text, key, data.get(key, [])) for key in _LIST_KEYS}
    both = sorted(set(lists["features"]) & set(lists["disable_features"]))
    if both:
        raise VariantError(
            f"{_where(path, text, 'disable_features')}: {both[0]!r} is in both features and disable_features; "
            "keep it in one of them"
        )
    both = sorted(set(lists["modules"]) & set(lists["disable_modules"]))
    if both:
        raise VariantError(
            f"{_where(path, text, 'disable_modules')}: {both[0]!r} is in both modules and disable_modules; "
            "keep it in one of them"
        )

    manifest = data.get("manifest")
    if manifest is not None:
        _check_manifest(path, text, variants_dir.parent, manifest)

    defines_table = data.get("defines", {})
    if not isinstance(defines_table, dict):
        raise VariantError(
            f"{_where(path, text, 'defines')}: defines must be a table ([defines] NAME = value), "
            f"got {_type_name(defines_table)}"
        )
    defines = {key: _define_value(path, text, key, value) for key, value in defines_table.items()}

    return _VariantFile(name, path, text, data["description"], target, extends, manifest, lists, defines)


def _check_manifest(path: Path, text: str, root: Path, manifest: str) -> None:
    """A manifest path is relative to the repository root, '/'-separated, and names an existing .py file."""
    where = _where(path, text, "manifest")
    if not manifest.strip():
        raise VariantError(f"{where}: manifest is empty; name a manifest file such as "
                           "\"ports/wasm/manifests/pyscript.py\", or remove the key")
    if "\\" in manifest or manifest.startswith("/") or re.match(r"[A-Za-z]:", manifest):
        raise VariantError(f"{where}: manifest = {manifest!r} must be a relative path with '/' "
                           "(relative to the repository root), e.g. \"ports/wasm/manifests/pyscript.py\"")
    if not manifest.endswith(".py"):
        raise VariantError(f"{where}: manifest = {manifest!r} is not a .py file; a manifest is an upstream-format "
                           "manifest.py (require(), module(), package(), include(), freeze())")
    if not (root / manifest).is_file():
        raise VariantError(f"{where}: manifest = {manifest!r}: no such file (paths are relative to the "
                           "repository root, the folder holding variants/); fix the path or create the manifest")


def list_variants(variants_dir: Path | str) -> list[str]:
    """Names of all variants (``<name>.toml`` files), sorted."""
    variants_dir = Path(variants_dir)
    if not variants_dir.is_dir():
        raise VariantError(
            f"variants directory {_display(variants_dir)}/ does not exist; create it with one <name>.toml per variant"
        )
    names = []
    for path in variants_dir.glob("*.toml"):
        if path.name.startswith(".") or not path.is_file():  # editor temp files and the like
            continue
        if not _NAME_RE.match(path.stem):
            raise VariantError(f"{_display(path)}: {_invalid_name_message(path.stem)}; rename the file")
        names.append(path.stem)
    return sorted(names)


def _unknown_variant_message(variants_dir: Path, name: str) -> str:
    valid = ", ".join(list_variants(variants_dir)) or "(none)"
    return f"unknown variant {name!r}; valid variants: {valid} (one .toml file each in {_display(variants_dir)}/)"


def load_variant(variants_dir: Path | str, name: str) -> Variant:
    """Read, validate and resolve variant ``name`` (following ``extends``)."""
    variants_dir = Path(variants_dir)
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise VariantError(_invalid_name_message(name))
    if not (variants_dir / f"{name}.toml").is_file():
        raise VariantError(_unknown_variant_message(variants_dir, name))

    files: list[_VariantFile] = []  # derived first
    current = name
    while True:
        variant_file = _read_variant_file(variants_dir, current)
        files.append(variant_file)
        base = variant_file.extends
        if base is None:
            break
        seen = [f.name for f in files]
        if base in seen:
            cycle = " -> ".join(seen[seen.index(base):] + [base])
            raise VariantError(
                f"{variant_file.where('extends')}: extends cycle {cycle}; remove one of these extends"
            )
        if not (variants_dir / f"{base}.toml").is_file():
            unknown = _unknown_variant_message(variants_dir, base)
            raise VariantError(f"{variant_file.where('extends')}: extends: {unknown}")
        current = base
    files.reverse()  # base first, so derived settings are applied last
    return _resolve(files)


def _resolve(files: list[_VariantFile]) -> Variant:
    leaf = files[-1]
    target = None
    lists: dict[str, list[str]] = {key: [] for key in ("cflags", "ldflags")}
    features: set[str] = set()
    enabled_by: dict[str, _VariantFile] = {}   # feature -> the file that enabled it
    defined_by: dict[str, _VariantFile] = {}   # define -> the last file that set it
    modules: set[str] = set()
    disabled_modules: set[str] = set()
    defines: dict[str, str] = {}
    manifest = None

    for index, variant_file in enumerate(files):
        if variant_file.target is not None:
            target = variant_file.target
        if variant_file.manifest is not None:
            manifest = variant_file.manifest
        for key in lists:
            lists[key].extend(variant_file.lists[key])
        for feature in variant_file.lists["disable_features"]:
            if feature not in features:
                bases = ", ".join(f.name for f in files[:index]) or "none: no extends"
                raise VariantError(
                    f"{variant_file.where('disable_features')}: disable_features: {feature!r} is not enabled "
                    f"by the base variants ({bases}); remove it"
                )
        features -= set(variant_file.lists["disable_features"])
        features |= set(variant_file.lists["features"])
        enabled_by.update((feature, variant_file) for feature in variant_file.lists["features"])
        modules = (modules - set(variant_file.lists["disable_modules"])) | set(variant_file.lists["modules"])
        disabled_modules = ((disabled_modules - set(variant_file.lists["modules"]))
                            | set(variant_file.lists["disable_modules"]))
        defines.update(variant_file.defines)
        defined_by.update((name, variant_file) for name in variant_file.defines)

    if target is None:
        chain = " -> ".join(f.name for f in files)
        raise VariantError(
            f"{_display(leaf.path)}: missing required key 'target' (\"host\" or \"wasm\"); "
            f"set it here or in a base variant (chain: {chain})"
        )
    for feature in sorted(features):
        problem = feature_table.target_problem(feature, target)
        if problem:
            raise VariantError(f"{enabled_by[feature].where('features')}: {problem}; remove it from features "
                               "(or disable_features it in a variant that extends this one)")
    clash = feature_table.conflict(features)
    if clash:
        feature, other, why = clash
        raise VariantError(f"{leaf.where('features')}: features {feature!r} and {other!r} do not combine ({why}); "
                           "keep one of them (disable_features removes an inherited one)")
    for feature in sorted(features):
        for name, value in feature_table.FEATURES[feature].defines:
            if name in defines:
                raise VariantError(f"{defined_by[name].where(name, 'defines')}: defines.{name} is set by feature "
                                   f"{feature!r} (mpbuild/features.py); remove it here")
            defines[name] = value

    return Variant(
        name=leaf.name,
        path=leaf.path,
        description=leaf.description,
        target=target,
        cflags=tuple(lists["cflags"]),
        ldflags=tuple(lists["ldflags"]),
        features=frozenset(features),
        defines=dict(sorted(defines.items())),
        modules=frozenset(modules),
        disabled_modules=frozenset(disabled_modules),
        manifest=manifest,
    )
