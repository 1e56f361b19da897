"""Delete files in a build folder that the current graph no longer produces.

After a source is removed or renamed its object and QSTR fragment would stay
behind; nothing reads them (every step names its inputs), but a build folder
should hold exactly what a clean build would.
"""

import os

import SCons.Script


def _prune_stale_outputs(env, folder):
    if SCons.Script.GetOption("clean") or SCons.Script.GetOption("no_exec") or SCons.Script.GetOption("help"):
        return
    root = env.Dir(folder)
    for directory, _subdirs, names in os.walk(root.abspath):
        for name in names:
            path = os.path.join(directory, name)
            if ".tmp" in name:  # an atomic write cut short by a killed build
                os.remove(path)
                continue
            if not env.File(path).is_derived():
                os.remove(path)


def generate(env):
    env.AddMethod(_prune_stale_outputs, "PruneStaleOutputs")


def exists(env):
    return True
