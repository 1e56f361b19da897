"""The gc_spill feature's step: binaryen's --spill-pointers on the linked module (mpbuild/wasm_spill.py says why).

It wraps ``env.WasmProgram`` (mp_wasm_link): the link then writes into ``link/``, and
the spilled ``.wasm`` and the ``.js`` go beside it as usual.
"""

import json
import os
import sys
import tempfile

import SCons.Builder

from mpbuild import wasm_spill
from mpbuild.errors import fail
from mpbuild.steps import FORWARD_NEVER, run_step, step_action

# binaryen's wasm-opt, from npm (package.json pins it): Debian's wasm-opt lacks --spill-pointers.
BINARYEN_PACKAGE = "#node_modules/binaryen"


def _spill_pointers(target, source, env):
    """Spill the linked module (source) into target; the optimisation level is the link's."""
    with open(source[0].abspath, "rb") as stream:
        data = stream.read()
    try:
        named = wasm_spill.with_stack_pointer_named(data)
    except wasm_spill.WasmFormatError as error:
        sys.stderr.write(f"error: {source[0]}: {error}: cannot spill pointers (feature gc_spill)\n")
        return 1
    folder = os.path.dirname(target[0].abspath)
    with tempfile.TemporaryDirectory(dir=folder, prefix=".spill-") as scratch:
        named_path = os.path.join(scratch, "named.wasm")
        spilled_path = os.path.join(scratch, "spilled.wasm")
        with open(named_path, "wb") as stream:
            stream.write(named)
        argv = [env.subst("$NODE"), env.File("$WASM_OPT").abspath,
                *wasm_spill.wasm_opt_arguments(named, named_path, spilled_path, env["SPILL_LINKFLAGS"])]
        result = run_step(argv, env, forward=FORWARD_NEVER)
        if not result.ok:
            sys.stderr.write(f"error: {target[0]}: binaryen's wasm-opt failed:\n{result.stdout}{result.stderr}")
            return result.returncode
        os.replace(spilled_path, target[0].abspath)
    return 0


def _binaryen_version(env):
    package = env.Dir(BINARYEN_PACKAGE)
    try:
        with open(os.path.join(package.abspath, "package.json"), encoding="utf-8") as stream:
            return json.load(stream)["version"]
    except (OSError, ValueError, KeyError):
        fail(f"{package.path} is missing or broken: variant '{env.get('MP_VARIANT', '?')}' has the gc_spill "
             "feature, which needs binaryen's wasm-opt from npm: run `npm ci` in the repository root "
             "(or tools/setup.sh)")


def _spilled_program(env, target, sources, **overrides):
    """The emcc link into link/, then the spill step."""
    js = env.File(target)
    wasm = env.File(os.path.splitext(js.name)[0] + ".wasm", js.dir)
    linked = env.WasmLink(js.dir.Dir("link").File(js.name), sources, **overrides)
    spilled = env.SpillPointers(wasm, linked[1], BINARYEN_VERSION=_binaryen_version(env),
                                SPILL_LINKFLAGS=[str(flag) for flag in env.Flatten(env["LINKFLAGS"])])
    env.Depends(spilled, [env.File("$WASM_OPT"), env.Dir(BINARYEN_PACKAGE).File("package.json"),
                          env.File(wasm_spill.__file__)])
    # The .js loads NAME.wasm from its own folder: it moves beside the spilled module.
    return env.InstallAs(js, linked[0]) + spilled


def generate(env):
    if not hasattr(env, "WasmLink"):
        fail("the mp_gc_spill tool needs the mp_wasm_link tool loaded before it (SConstruct's tool list)")
    env["WASM_OPT"] = BINARYEN_PACKAGE + "/bin/wasm-opt"
    env.SetDefault(SPILLCOMSTR="SPILL $TARGET")
    env.Append(BUILDERS={
        # Linked module -> the same with pointers spilled to the C stack.
        "SpillPointers": SCons.Builder.Builder(
            action=step_action(_spill_pointers, "$SPILLCOMSTR", env,
                               varlist=["SPILL_LINKFLAGS", "BINARYEN_VERSION", "NODE"]),
        ),
    })
    env.AddMethod(_spilled_program, "WasmProgram")


def exists(env):
    return True
