"""``compile_commands.json`` for IDEs and clangd, rebuilt only when a command changes.

SCons' own compilation_db tool rebuilds its file on every run; ours depends
on a Value node fingerprinting the objects and their command templates, so a
no-op build stays a no-op.
"""

import hashlib
import json

import SCons.Builder

from mpbuild.files import write_text_atomically
from mpbuild.steps import step_action


def _entry(obj):
    env = obj.get_build_env()
    source = obj.sources[0]
    # Rendered while building, so paths are relative to the top folder ("directory").
    command = env.subst("$CCCOM", target=[obj], source=obj.sources)
    return {
        "directory": env.Dir("#").abspath,
        "file": source.srcnode().abspath,
        "output": obj.abspath,
        "command": command,
    }


def _write_database(target, source, env):
    entries = sorted((_entry(obj) for obj in env["COMPILE_OBJECTS"]), key=lambda e: e["file"])
    write_text_atomically(target[0].abspath, json.dumps(entries, indent=1, sort_keys=True) + "\n")
    return 0


def _fingerprint(objects):
    """What the database is made of: each object, its source and its environment's command template.

    Rendering every command while the graph is read cost ~1 ms per object on a
    no-op build; the template is rendered once per environment instead.
    """
    templates = {}
    digest = hashlib.sha256()
    for obj in objects:
        env = obj.get_build_env()
        if id(env) not in templates:
            templates[id(env)] = env.subst("$CCCOM")
        digest.update(f"{obj.abspath}\0{obj.sources[0].abspath}\0{templates[id(env)]}\n".encode())
    return digest.hexdigest()


def _compile_commands(env, target, objects):
    return env.CompileCommandsFile(target, env.Value(_fingerprint(objects)), COMPILE_OBJECTS=list(objects))


def generate(env):
    env.SetDefault(COMPILECOMMANDSCOMSTR="GEN $TARGET")
    env.Append(BUILDERS={"CompileCommandsFile": SCons.Builder.Builder(
        action=step_action(_write_database, "$COMPILECOMMANDSCOMSTR", env))})
    env.AddMethod(_compile_commands, "CompileCommands")


def exists(env):
    return True
