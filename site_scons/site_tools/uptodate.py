"""The no-op fast path in SCons terms; what it records and why: mpbuild/uptodate.py.

env.ExitIfUpToDate(): called before any SConscript is read. A plain build whose
record still matches stops here, printing what SCons prints for up-to-date targets;
any other run goes on, and its record is written when it ends with every target built.
"""

import atexit
import os
import sys

import SCons
import SCons.Node.FS
import SCons.Script
from SCons.Script import COMMAND_LINE_TARGETS, GetOption

from mpbuild import uptodate


def _run_facts(env):
    return {
        "python": os.path.realpath(sys.executable),
        "python_version": sys.version,
        "scons": SCons.__version__,
        "cwd": os.getcwd(),
        "top": env.Dir("#").abspath,
    }


def _outside(path, folders):
    return not any(path == folder or path.startswith(folder + os.sep) for folder in folders)


def _graph_paths(top_nodes, tree_folders):
    """Every file node the targets depend on (sources, scanned headers, outputs); for files
    outside the source tree also their folder and its parent, where an added file would show."""
    paths = set()
    seen = set()
    pending = list(top_nodes)
    while pending:
        node = pending.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, SCons.Node.FS.File):
            path = node.get_abspath()
            paths.add(path)
            if _outside(path, tree_folders):
                folder = os.path.dirname(path)
                paths.update((folder, os.path.dirname(folder)))
        pending.extend(node.children())
    return paths


def _record_if_built(record, key, top, build_root, skipped, tree_before):
    from SCons.Script import Main  # its exit status is final only now

    if Main.exit_status != 0 or SCons.Script.GetBuildFailures():
        return
    tree = uptodate.source_tree_paths(top, skipped)
    if uptodate.snapshot(tree) != tree_before:
        return  # a source changed while it was being built: the outputs may be of the old one
    targets = list(SCons.Script.DEFAULT_TARGETS)
    graph = _graph_paths(targets, [top, build_root]) | set(uptodate.toolchain_files())
    uptodate.save(record, key, tree, graph, [str(node) for node in targets])


def _exit_if_up_to_date(env):
    arguments = uptodate.run_arguments(sys.argv[1:])
    extra = uptodate.run_arguments(os.environ.get("SCONSFLAGS", "").split())
    if arguments is None or extra is None or COMMAND_LINE_TARGETS:
        return
    top = env.Dir("#").abspath
    build_root = env.Dir("$BUILD_ROOT").abspath
    skipped = [build_root, os.path.join(top, "build")]
    key = uptodate.run_key(arguments, os.environ, _run_facts(env))
    record = uptodate.record_path(build_root, key)
    tree = uptodate.source_tree_paths(top, skipped)
    targets = uptodate.unchanged_targets(record, key, tree)
    if targets is not None:
        quiet = GetOption("no_progress")
        lines = [] if quiet else ["scons: done reading SConscript files.", "scons: Building targets ..."]
        lines += [f"scons: `{target}' is up to date." for target in targets]
        lines += [] if quiet else ["scons: done building targets."]
        sys.stdout.write("".join(line + "\n" for line in lines))
        sys.stdout.flush()
        SCons.Script.Exit(0)
    uptodate.forget(record)
    atexit.register(_record_if_built, record, key, top, build_root, skipped, uptodate.snapshot(tree))


def generate(env):
    env.AddMethod(_exit_if_up_to_date, "ExitIfUpToDate")


def exists(env):
    return True
