"""MicroPython's generated headers as graph nodes.

Per source: a QSTR fragment (the source preprocessed with NO_QSTR on its own,
its qstrs/registrations extracted). Per program: the fragments collected into
three sorted files, and from those ``qstrdefs.generated.h``, ``moduledefs.h`` and
``root_pointers.h`` (by upstream's own generator scripts); plus ``mpversion.h``.
The toolchain tool (host_cc, emscripten) says how to preprocess: ``$QSTR_PPCOM``
and ``$QSTRDEFS_PPCOM``.

Content signatures do the rest: when an edit leaves the collected set alone,
the collected files keep their content, so nothing downstream reruns.
"""

import json
import os
import sys

import SCons.Action
import SCons.Builder
import SCons.Scanner
import SCons.Scanner.C

from mpbuild import provision, qstr, version
from mpbuild.files import write_text_atomically
from mpbuild.errors import fail
from mpbuild.steps import FORWARD_ON_FAILURE, run_step, step_action, verbose

# Headers made from the fragments. Sources include them only under #ifndef
# NO_QSTR, but SCons' C scanner ignores #if: without this filter, extracting
# a fragment would depend on the header that the fragments produce.
# (compressed.data.h: upstream's error-text compression, which no variant turns on;
# py/ still names it under #if.)
QSTR_DERIVED_HEADERS = frozenset(
    ["qstrdefs.generated.h", "moduledefs.h", "root_pointers.h", "compressed.data.h"]
)

_c_scanner = SCons.Scanner.C.CScanner()


def _scan_without_qstr_headers(node, env, path):
    return [
        dep for dep in _c_scanner(node, env, path)
        if not (dep.name in QSTR_DERIVED_HEADERS and dep.dir.name == "genhdr")
    ]


no_qstr_scanner = SCons.Scanner.Scanner(
    function=_scan_without_qstr_headers,
    name="CScannerWithoutQstrHeaders",
    path_function=SCons.Scanner.FindPathDirs("CPPPATH"),
    recursive=True,
)


def _run_preprocessor(env, command_var, target, source, stdin_text=None):
    """Run a preprocessor command; return its stdout, or None after reporting its errors."""
    argv = [str(arg) for arg in env.subst_list(f"${command_var}", target=target, source=source)[0]]
    result = run_step(argv, env, stdin=stdin_text, capture_stdout=True, forward=FORWARD_ON_FAILURE)
    return result.stdout if result.ok else None


def _extract_fragment(target, source, env):
    preprocessed = _run_preprocessor(env, "QSTR_PPCOM", target, source)
    if preprocessed is None:
        return 1
    write_text_atomically(target[0].abspath, qstr.format_fragment(qstr.extract(preprocessed)))
    return 0


def _collect_fragments(target, source, env):
    fragments = [node.get_text_contents() for node in source]
    collected = qstr.collect(fragments)
    for node, kind in zip(target, qstr.KINDS):
        write_text_atomically(node.abspath, collected[kind])
    return 0


def _preprocess_qstrdefs(target, source, env):
    text = "".join(node.get_text_contents() + "\n" for node in source)
    preprocessed = _run_preprocessor(env, "QSTRDEFS_PPCOM", target, source,
                                     stdin_text=qstr.protect_qstr_lines(text))
    if preprocessed is None:
        return 1
    write_text_atomically(target[0].abspath, qstr.unprotect_qstr_lines(preprocessed))
    return 0


def _write_version_header(target, source, env):
    facts = json.loads(source[0].read())
    try:
        tag = version.read_version(source[1].get_text_contents(), str(source[1]))
    except version.VersionError as error:
        sys.stderr.write(f"error: {error}\n")
        return 1
    write_text_atomically(target[0].abspath, version.version_header(tag, facts["commit"], facts["date"]))
    return 0


def _version_facts(env):
    tree = env["MP_TREE"]
    commit = getattr(tree, "commit", None) or provision.PIN.commit
    try:
        date = version.build_date(os.environ.get("SOURCE_DATE_EPOCH"), provision.PIN.date)
    except version.VersionError as error:
        fail(str(error))
    return json.dumps({"commit": commit, "date": date}, sort_keys=True)


def _fragment_path(env, source):
    """build/<v>/mp/py/obj.c -> build/<v>/qstr/mp/py/obj.c.qstr"""
    relative = os.path.relpath(source.get_abspath(), env.Dir("$VARIANT_DIR").abspath)
    return env.File(f"$VARIANT_DIR/qstr/{relative}.qstr")


def _micropython_headers(env, sources, qstr_defs=()):
    """Declare the generated headers of one program; return their nodes."""
    genhdr = env.Dir("$GENHDR_DIR")
    # Python-function actions are signed by their own bytecode only: the
    # helper modules they call are explicit dependencies.
    tracked_helper = env.File(qstr.__file__)
    fragments = []
    for source in sources:
        fragment = env.QstrFragment(_fragment_path(env, source), source)
        env.Depends(fragment, tracked_helper)
        fragments.extend(fragment)

    collected = env.QstrCollect(
        [genhdr.File(name) for name in (
            "qstrdefs.collected.h", "moduledefs.collected", "root_pointers.collected")],
        fragments,
    )
    env.Depends(collected, tracked_helper)
    qstr_collected, modules_collected, roots_collected = collected

    preprocessed = env.QstrDefsPreprocessed(
        genhdr.File("qstrdefs.preprocessed.h"),
        [env.File("$MP_BUILD/py/qstrdefs.h")] + [env.File(f) for f in qstr_defs] + [qstr_collected],
    )
    env.Depends(preprocessed, tracked_helper)

    scripts = env.Dir("$MP_BUILD/py")
    headers = [
        env.UpstreamGenerator(genhdr.File("qstrdefs.generated.h"),
                              [scripts.File("makeqstrdata.py"), preprocessed]),
        env.UpstreamGenerator(genhdr.File("moduledefs.h"),
                              [scripts.File("makemoduledefs.py"), modules_collected]),
        env.UpstreamGenerator(genhdr.File("root_pointers.h"),
                              [scripts.File("make_root_pointers.py"), roots_collected]),
        env.MpVersionHeader(genhdr.File("mpversion.h"),
                            [env.Value(_version_facts(env)), env.File("$MP_BUILD/py/mpconfig.h"),
                             env.File(version.__file__)]),
    ]
    return [node for group in headers for node in group]


def generate(env):
    env.SetDefault(
        GENHDR_DIR="$VARIANT_DIR/genhdr",
        UPSTREAM_GENCOM="$PYTHON ${SOURCES[0]} ${SOURCES[1]} > $TARGET",
        QSTRCOMSTR="QSTR $SOURCE",
        QSTRCOLLECTCOMSTR="COLLECT $TARGET.dir",
        GENCOMSTR="GEN $TARGET",
    )
    env.Append(CPPPATH=["$VARIANT_DIR"])  # genhdr/ lives here
    if not verbose(env):  # with V=1 it stays unset, so SCons prints the generator's command line
        env.SetDefault(UPSTREAM_GENCOMSTR="$GENCOMSTR")
    env.Append(BUILDERS={
        "QstrFragment": SCons.Builder.Builder(
            action=step_action(_extract_fragment, "$QSTRCOMSTR", env, varlist=["QSTR_PPCOM"]),
            source_scanner=no_qstr_scanner,
        ),
        "QstrCollect": SCons.Builder.Builder(
            action=step_action(_collect_fragments, "$QSTRCOLLECTCOMSTR", env),
        ),
        "QstrDefsPreprocessed": SCons.Builder.Builder(
            action=step_action(_preprocess_qstrdefs, "$GENCOMSTR", env, varlist=["QSTRDEFS_PPCOM"]),
            source_scanner=no_qstr_scanner,
        ),
        "UpstreamGenerator": SCons.Builder.Builder(
            action=SCons.Action.Action("$UPSTREAM_GENCOM", "$UPSTREAM_GENCOMSTR"),
        ),
        "MpVersionHeader": SCons.Builder.Builder(
            action=step_action(_write_version_header, "$GENCOMSTR", env),
        ),
    })
    env.AddMethod(_micropython_headers, "MicroPythonHeaders")


def exists(env):
    return True
