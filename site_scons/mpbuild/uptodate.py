"""The no-op fast path: knowing that nothing changed without loading the graph.

Reading the SConscripts and walking the graph costs SCons most of a second on a
no-op build. After each successful plain build (`scons [-Q] [-jN] [NAME=VALUE ...]`,
no explicit targets) we record what that build depended on:

- the run: its arguments (less -j), the environment, the interpreter and SCons;
- the file system: every file and folder of the source tree (so an added file
  counts too), every file node of the graph, outputs included (so a deleted or
  hand-edited output counts), and the toolchain's programs (an upgrade counts),
  each as (type, inode, size, mtime_ns, ctime_ns).

The next identical run compares these with one stat per path and, when all match,
reports the default targets up to date without reading any SConscript. Any
difference, or any other kind of run, is a normal SCons run, which deletes the
record first. A record of another kind of run (another variant) stays: whatever this
run changes that the other depends on changes its stats too.

ctime cannot be set by programs (unlike mtime, which `touch -d` or an editor that
restores timestamps can), and any write updates it, so a changed file is never
taken as unchanged; at worst a file rewritten with the same content sends the
run to SCons, which then finds nothing to do.
"""

import hashlib
import json
import os
import re

from mpbuild.files import write_text_atomically

RECORD_VERSION = 1
# Folders of the source tree that no build reads.
SKIPPED_FOLDERS = frozenset({".git", "node_modules", "__pycache__", ".pytest_cache"})
# Environment variables that change between shells without changing any build.
VOLATILE_ENVIRONMENT = frozenset({"_", "OLDPWD", "SHLVL"})

# Programs the build runs (compilers, emcc), named by the tools that find them: recorded with the
# rest, so an upgraded toolchain is never taken as unchanged.
_toolchain_files = set()


def note_toolchain_file(path):
    if path:
        _toolchain_files.add(os.path.realpath(path))


def toolchain_files():
    return sorted(_toolchain_files)


_ASSIGNMENT_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
_JOBS_RE = re.compile(r"^(-j\d*|--jobs=\d+|--jobs)$")


def run_arguments(argv):
    """The arguments that decide a plain build's result, or None for any other kind of run.

    A plain build has only NAME=VALUE settings, -Q and -j; -j changes how, not what.
    """
    kept = []
    index = 0
    while index < len(argv):
        argument = argv[index]
        if _JOBS_RE.match(argument):
            if argument in ("-j", "--jobs") and index + 1 < len(argv) and argv[index + 1].isdigit():
                index += 1  # (-j N)
        elif argument == "-Q" or _ASSIGNMENT_RE.match(argument):
            kept.append(argument)
        else:
            return None  # a target, -c, -n, --debug, --interactive, ...: SCons decides
        index += 1
    return kept


def run_key(arguments, environ, facts):
    """A digest of everything about the run, besides files, that a build may depend on."""
    environment = sorted((name, value) for name, value in environ.items() if name not in VOLATILE_ENVIRONMENT)
    text = json.dumps({"arguments": arguments, "environment": environment, "facts": facts}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def file_state(path):
    """What a stat says about one path: enough to notice any change, or None if it is missing."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return [status.st_mode >> 12, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns]


def source_tree_paths(root, skipped_paths=()):
    """Every file and folder under root, less SKIPPED_FOLDERS and skipped_paths (absolute).

    Linked folders are followed (a scratch tree may link to the MicroPython source),
    each real folder once.
    """
    skipped = {os.path.normpath(path) for path in skipped_paths}
    found = []
    visited = set()
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            status = os.stat(folder)
            if (status.st_dev, status.st_ino) in visited:
                continue
            visited.add((status.st_dev, status.st_ino))
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if is_folder:
                if entry.name in SKIPPED_FOLDERS or entry.path in skipped:
                    continue
                pending.append(entry.path)
            found.append(entry.path)
    return found


def snapshot(paths):
    return {path: file_state(path) for path in paths}


def record_path(build_root, key):
    """One record per kind of run, so switching variants and back stays a fast no-op."""
    return os.path.join(build_root, ".uptodate", key[:32] + ".json")


def save(path, key, tree_paths, graph_paths, targets):
    """Record a successful build; written whole or not at all."""
    record = {
        "version": RECORD_VERSION,
        "key": key,
        "tree": sorted(tree_paths),
        "states": snapshot(sorted(set(tree_paths) | set(graph_paths))),
        "targets": list(targets),
    }
    write_text_atomically(path, json.dumps(record))


def _modified(path):
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return 0


def forget(path, keep=8):
    """Drop the record of this kind of run (a full SCons run is about to replace it) and all
    but the keep - 1 newest others."""
    folder = os.path.dirname(path)
    try:
        others = [os.path.join(folder, name) for name in os.listdir(folder) if name.endswith(".json")]
    except OSError:
        return
    others = sorted((other for other in others if other != path), key=_modified, reverse=True)
    for stale in [path] + others[keep - 1:]:
        try:
            os.remove(stale)
        except OSError:
            pass


def unchanged_targets(path, key, current_tree_paths):
    """The recorded default targets if nothing changed since the recorded build, else None."""
    try:
        with open(path) as stream:
            record = json.load(stream)
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("version") != RECORD_VERSION or record.get("key") != key:
        return None
    if sorted(current_tree_paths) != record["tree"]:
        return None  # a file or folder was added or removed
    for recorded_path, state in record["states"].items():
        if file_state(recorded_path) != state:
            return None
    return record["targets"]
