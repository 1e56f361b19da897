"""``compile_commands.json`` for IDEs and clangd, rebuilt only when a command changes.

SCons' own compilation_db tool rebuilds its file on every run; ours renders
the commands while the graph is read and stores them as a Value node, so a
no-op build stays a no-op.
"""

import json

import SCons.Action
import SCons.Builder

from mpbuild.files import write_text_atomically


def _entry(obj):
    env = obj.get_build_env()
    source = obj.sources[0]
    command = env.subst("$CCCOM", target=[obj], source=obj.sources)
    return {
        "directory": env.Dir("#").abspath,
        "file": source.srcnode().abspath,
        "output": obj.abspath,
        "command": command,
    }


def _write_database(target, source, env):
    write_text_atomically(target[0].abspath, source[0].read())
    return 0


def _compile_commands(env, target, objects):
    entries = sorted((_entry(obj) for obj in objects), key=lambda e: e["file"])
    text = json.dumps(entries, indent=1, sort_keys=True) + "\n"
    return env.CompileCommandsFile(target, env.Value(text))


def generate(env):
    env.SetDefault(COMPILECOMMANDSCOMSTR="GEN $TARGET")
    env.Append(BUILDERS={"CompileCommandsFile": SCons.Builder.Builder(
        action=SCons.Action.Action(_write_database,
                                   None if env.get("V") else "$COMPILECOMMANDSCOMSTR"))})
    env.AddMethod(_compile_commands, "CompileCommands")


def exists(env):
    return True
