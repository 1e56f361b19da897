"""Asyncify builds: the remove list (functions left uninstrumented) as a graph node.

The port's SConscript names the sources that never suspend; their functions
come from the objects' symbol tables (emnm), so the list follows every edit.
The list feeds the link as -sASYNCIFY_REMOVE=@file, a dependency of the link.
"""

import sys

import SCons.Builder
import SCons.Errors

from mpbuild import asyncify
from mpbuild.files import write_text_atomically
from mpbuild.steps import FORWARD_ON_FAILURE, run_step, step_action


def _write_remove_list(target, source, env):
    paths = [node.path for node in source]
    result = run_step([env.subst("$NM"), "--defined-only"] + paths, env, capture_stdout=True,
                      forward=FORWARD_ON_FAILURE)
    if not result.ok:
        return result.returncode
    functions = asyncify.functions_by_object(result.stdout, paths)
    never = set(env["NEVER_SUSPENDING_OBJECTS"])
    chosen = {path: names for path, names in functions.items() if path in never}
    others = {path: names for path, names in functions.items() if path not in never}
    try:
        names = asyncify.remove_list(chosen, others, env["NEVER_SUSPENDING_FUNCTIONS"])
    except ValueError as error:
        sys.stderr.write(f"error: {target[0]}: {error} (see NeverSuspends in ports/wasm/SConscript)\n")
        return 1
    if not names:
        sys.stderr.write(f"error: {target[0]}: no function of the never-suspending sources is left to list "
                         "(see NeverSuspends in ports/wasm/SConscript)\n")
        return 1
    write_text_atomically(target[0].abspath, asyncify.render(names))
    return 0


def _never_suspends(env, objects, sources, functions=()):
    """Leave uninstrumented the functions of `sources` (their objects among `objects`)
    and the named `functions` (replaces mp_wasm_link's NeverSuspends, which ignores them)."""
    wanted = {str(source) for source in env.Flatten(sources)}
    never = [o.path for o in objects if o.sources and str(o.sources[0]) in wanted]
    missing = wanted - {str(o.sources[0]) for o in objects if o.sources}
    if missing:
        raise SCons.Errors.UserError(f"never-suspending sources not in the build: {', '.join(sorted(missing))}")
    remove_list = env.AsyncifyRemoveList("$VARIANT_DIR/asyncify-remove.txt", objects,
                                         NEVER_SUSPENDING_OBJECTS=sorted(never),
                                         NEVER_SUSPENDING_FUNCTIONS=sorted(functions))
    env["ASYNCIFY_LISTS"] = remove_list
    env.Append(LINKFLAGS=["-sASYNCIFY_REMOVE=@${ASYNCIFY_LISTS[0]}"])
    return remove_list


def generate(env):
    env.SetDefault(ASYNCIFYLISTCOMSTR="GEN $TARGET")
    env.Append(BUILDERS={
        "AsyncifyRemoveList": SCons.Builder.Builder(
            action=step_action(_write_remove_list, "$ASYNCIFYLISTCOMSTR", env,
                               varlist=["NEVER_SUSPENDING_OBJECTS", "NEVER_SUSPENDING_FUNCTIONS"])),
    })
    env.AddMethod(_never_suspends, "NeverSuspends")


def exists(env):
    return True
