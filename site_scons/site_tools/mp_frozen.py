"""Frozen Python modules: each ``.py`` compiled by our mpy-cross, then all of
them frozen into one C file by upstream's mpy-tool, each step a graph node.
"""

import os
import re
import subprocess
import sys

import SCons.Action
import SCons.Builder

_SYNTAX_ERROR_RE = re.compile(r'File "([^"]+)", line (\d+)')


def _compile_module(target, source, env):
    """mpy-cross, with a compile error reported as one ``file:line: message`` line."""
    mpy_cross, py = source[0], source[1]
    command = [mpy_cross.abspath, "-s", py.name, "-o", target[0].abspath, py.srcnode().path]
    if env.get("V"):
        sys.stdout.write(" ".join(command) + "\n")  # one write: steps run in parallel
    result = subprocess.run(command, capture_output=True, text=True, cwd=env.Dir("#").abspath)
    if result.returncode != 0:
        output = (result.stderr or result.stdout).strip().splitlines()
        where = _SYNTAX_ERROR_RE.search("\n".join(output))
        problem = output[-1] if output else "mpy-cross failed"
        location = f"{py.srcnode().path}:{where.group(2)}" if where else py.srcnode().path
        sys.stderr.write(f"{location}: {problem} (in a frozen module; fix the file or move it out of "
                         f"{py.srcnode().dir.path}/)\n")
        if os.path.exists(target[0].abspath):
            os.remove(target[0].abspath)
        return 1
    return 0


def _frozen_modules(env, target, py_files):
    """Declare .py -> .mpy -> frozen C source; return the C source node."""
    mpy_files = []
    for py in sorted(py_files, key=lambda node: node.name):
        mpy = env.CompileMpy(f"$VARIANT_DIR/frozen/{os.path.splitext(py.name)[0]}.mpy", [env["MPY_CROSS"], py])
        mpy_files.extend(mpy)
    tool = env.File("$MP_BUILD/tools/mpy-tool.py")
    return env.FreezeMpy(target, [tool, env.File("$GENHDR_DIR/qstrdefs.preprocessed.h")] + mpy_files)


def generate(env):
    quiet = not env.get("V")
    if quiet:  # with V=1 FREEZECOMSTR stays unset, so SCons prints the full command line
        env.SetDefault(FREEZECOMSTR="FREEZE $TARGET")
    env.SetDefault(
        MPYCOMSTR="MPY ${SOURCES[1]}",
        FREEZECOM="$PYTHON ${SOURCES[0]} -f -q ${SOURCES[1]} ${SOURCES[2:]} > $TARGET",
    )
    env.Append(BUILDERS={
        "CompileMpy": SCons.Builder.Builder(
            action=SCons.Action.Action(_compile_module, "$MPYCOMSTR" if quiet else None)),
        "FreezeMpy": SCons.Builder.Builder(
            action=SCons.Action.Action("$FREEZECOM", "$FREEZECOMSTR")),
    })
    env.AddMethod(_frozen_modules, "FrozenModules")


def exists(env):
    return True
