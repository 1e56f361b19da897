"""``scons serve``: build the variant's page, then serve its folder on 127.0.0.1 (mpbuild/devserver.py).

Its option, ``port``, is declared here (``options``); SConstruct adds it to the command line's.
"""

import os
import subprocess
import sys

import SCons.Script

from mpbuild.buildlock import release_build_lock
from mpbuild.errors import fail
from mpbuild.steps import step_action


def options(variables):
    variables.Add("port", "port of `scons serve` (the development web server)", "8000")


def _serve_build_folder(env, port_outputs):
    """Declare the ``serve`` alias (only when it is asked for: it never runs otherwise)."""
    if "serve" not in SCons.Script.COMMAND_LINE_TARGETS:
        return None
    if env["MP_TARGET"] != "wasm":
        fail(f"`scons serve` needs a WebAssembly variant ('{env['MP_VARIANT']}' is a {env['MP_TARGET']} build), "
             "e.g. scons serve variant=default")
    if not env["port"].isdigit():
        fail(f"port={env['port']} is not a port number")
    from mpbuild import devserver  # (its path only; imported when serving is asked for)

    served = os.path.relpath(env.Dir("$VARIANT_DIR").abspath)
    command = [sys.executable, env.File(devserver.__file__).abspath, "--root", served, "--port", env["port"]]

    def serve(target, source, env):
        release_build_lock()  # serving runs until Ctrl-C; builds in other shells may go on
        return subprocess.call(command)

    alias = env.Alias("serve", port_outputs, step_action(serve, f"SERVE {served}", env, command=command))
    env.AlwaysBuild(alias)
    return alias


def generate(env):
    env.AddMethod(_serve_build_folder, "ServeBuildFolder")


def exists(env):
    return True
