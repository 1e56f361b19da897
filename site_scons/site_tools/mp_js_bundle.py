"""Browser bundles of ES modules that import npm packages, made by esbuild (mpbuild/js_bundle.py says how).

``env.JsBundle(target, entry)`` declares one: ``target`` a single ES module with the entry, its
local imports and the npm packages they import (installed by ``npm ci``).
"""

import os

import SCons.Builder

from mpbuild import js_bundle
from mpbuild.errors import fail
from mpbuild.steps import run_step, step_action


def _bundle(target, source, env):
    outfile = target[0].abspath
    temporary = f"{outfile}.tmp{os.getpid()}.js"  # (a killed build leaves no half-written bundle)
    step = run_step(js_bundle.esbuild_command(env["JSBUNDLE_ESBUILD"], source[0].srcnode().abspath, temporary), env)
    if not step.ok:
        if os.path.exists(temporary):
            os.remove(temporary)
        return 1
    os.replace(temporary, outfile)
    return 0


def _js_bundle(env, target, entry):
    entry = env.File(entry)
    node_modules = env.Dir("#node_modules").abspath
    files, packages = js_bundle.scan(entry.srcnode().abspath)
    try:
        js_bundle.check_installed(entry.srcnode().path, packages, node_modules)
    except js_bundle.JsBundleError as error:
        fail(str(error))
    local = [env.File(path) for path in files[1:]]
    bundle = env.MakeJsBundle(target, [entry] + local,
                              JSBUNDLE_ESBUILD=env.File("#" + js_bundle.ESBUILD).abspath)
    env.Depends(bundle, [env.File("#" + js_bundle.INSTALLED_LOCK), env.File("#node_modules/esbuild/package.json"),
                         env.File(js_bundle.__file__)])
    return bundle


def generate(env):
    env.SetDefault(JSBUNDLECOMSTR="JSBUNDLE $TARGET")
    env.Append(BUILDERS={
        "MakeJsBundle": SCons.Builder.Builder(action=step_action(_bundle, "$JSBUNDLECOMSTR", env)),
    })
    env.AddMethod(_js_bundle, "JsBundle")


def exists(env):
    return True
