"""Frozen Python modules, listed by an upstream-format manifest (mpbuild/manifest.py reads it):
each ``.py`` compiled by our mpy-cross, then all of them frozen into one C file by upstream's
mpy-tool, each step a graph node.
"""

import os
import re
import sys
import tempfile

import SCons.Action
import SCons.Builder

from mpbuild import manifest as manifests
from mpbuild.errors import fail
from mpbuild.steps import FORWARD_NEVER, run_step, step_action, verbose

_SYNTAX_ERROR_RE = re.compile(r'File "([^"]+)", line (\d+)')


def _compile_module(target, source, env):
    """mpy-cross, with a compile error reported as one ``file:line: message`` line."""
    mpy_cross, py = source[0], source[1]
    with open(py.srcnode().abspath, encoding="utf-8") as file:
        text = file.read()
    tagged = manifests.source_with_version(text, env.get("MPY_VERSION"))
    compiled = py.srcnode().abspath
    if tagged != text:  # compile a copy that ends with the package's __version__, as upstream does
        handle, compiled = tempfile.mkstemp(suffix=".py", dir=target[0].dir.abspath)
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(tagged)
    opt = env.get("MPY_OPT")
    command = [mpy_cross.abspath, "-s", env["MPY_SOURCE_NAME"]] + ([f"-O{opt}"] if opt is not None else []) \
        + ["-o", target[0].abspath, compiled]
    try:
        result = run_step(command, env, cwd=env.Dir("#").abspath, environ=os.environ, forward=FORWARD_NEVER)
    finally:
        if compiled != py.srcnode().abspath:
            os.remove(compiled)
    if result.returncode == 127 and not result.stdout and not result.stderr:  # could not start (said why)
        return 1
    if not result.ok:
        output = (result.stderr or result.stdout).strip().splitlines()
        where = _SYNTAX_ERROR_RE.search("\n".join(output))
        problem = output[-1] if output else "mpy-cross failed"
        location = f"{py.srcnode().path}:{where.group(2)}" if where else py.srcnode().path
        sys.stderr.write(f"{location}: {problem} (in a frozen module, listed by {env['MPY_MANIFEST']}; "
                         "fix the file, or leave it out of what the manifest freezes)\n")
        if os.path.exists(target[0].abspath):
            os.remove(target[0].abspath)
        return 1
    return 0


def _frozen_modules(env, target, manifest, port_dir=None):
    """Declare .py -> .mpy -> frozen C source for what ``manifest`` freezes; return the C source node.

    The manifest is read now, while the build is described: editing it changes the graph.
    """
    manifest = env.File(manifest).srcnode()
    port_dir = env.Dir(port_dir or ".").srcnode()
    top = env.Dir("#").abspath
    try:
        listed = manifests.read_manifest(manifest.abspath, env["MP_TOP"].abspath, port_dir.abspath,
                                         display_root=top)
    except manifests.ManifestError as error:
        fail(str(error))
    if not listed.modules:
        fail(f"{manifest.path} freezes nothing; freeze at least the port's own modules: "
             'include("$(PORT_DIR)/manifests/port.py")')
    helper = env.File(manifests.__file__)  # source_with_version() runs in each step
    mpy_files = []
    for module in listed.modules:
        mpy = env.CompileMpy(f"$VARIANT_DIR/frozen/{module.mpy_name}", [env["MPY_CROSS"], env.File(module.source)],
                             MPY_SOURCE_NAME=module.name, MPY_OPT=module.opt, MPY_VERSION=module.version,
                             MPY_MANIFEST=manifest.path)
        env.Depends(mpy, helper)
        mpy_files.extend(mpy)
    tool = env.File("$MP_BUILD/tools/mpy-tool.py")
    return env.FreezeMpy(target, [tool, env.File("$GENHDR_DIR/qstrdefs.preprocessed.h")] + mpy_files)


def generate(env):
    if not verbose(env):  # with V=1 FREEZECOMSTR stays unset, so SCons prints the full command line
        env.SetDefault(FREEZECOMSTR="FREEZE $TARGET")
    env.SetDefault(
        MPYCOMSTR="MPY ${SOURCES[1]}",
        FREEZECOM="$PYTHON ${SOURCES[0]} -f -q ${SOURCES[1]} ${SOURCES[2:]} > $TARGET",
    )
    env.Append(BUILDERS={
        "CompileMpy": SCons.Builder.Builder(
            # The frozen name, optimisation level and version are part of each step's signature.
            action=step_action(_compile_module, "$MPYCOMSTR", env,
                               varlist=["MPY_SOURCE_NAME", "MPY_OPT", "MPY_VERSION"])),
        "FreezeMpy": SCons.Builder.Builder(
            action=SCons.Action.Action("$FREEZECOM", "$FREEZECOMSTR")),
    })
    env.AddMethod(_frozen_modules, "FrozenModules")


def exists(env):
    return True
