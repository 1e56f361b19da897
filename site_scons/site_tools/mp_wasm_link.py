"""The emcc link: object files, JavaScript libraries and pre-js files -> NAME.js and NAME.wasm in one step.

``env.WasmProgram(target, objects, PRE_JS=[...], JS_LIBRARIES=[...])`` declares it; a
feature's tool may wrap it (mp_gc_spill adds a step after the link).
``env.NeverSuspends(...)`` records code that never suspends; it matters only to
asyncify builds, whose tool (mp_asyncify) replaces it.
"""

import SCons.Builder

from mpbuild.asyncify import without_expected_warnings
from mpbuild.steps import run_step, step_action


def _wasm_js_flags(target, source, env, for_signature):
    """--js-library and --pre-js each as a separate argument before its file."""
    flags = []
    for option, variable in (("--js-library", "JS_LIBRARIES"), ("--pre-js", "PRE_JS")):
        for node in env.Flatten(env.get(variable, [])):
            node = env.File(node)
            # Sources are used in place (variant dirs do not copy them).
            flags += [option, node if node.is_derived() else node.srcnode()]
    return flags


def _wasm_emitter(target, source, env):
    for variable in ("JS_LIBRARIES", "PRE_JS", "ASYNCIFY_LISTS"):
        env.Depends(target, env.Flatten(env.get(variable, [])))
    js = target[0]
    return [js, js.target_from_source("", ".wasm")], source


def _link(target, source, env):
    """emcc's link, quiet about what is expected (see mpbuild.asyncify)."""
    argv = [str(arg) for arg in env.subst_list("$WASMLINKCOM", target=target, source=source)[0]]
    return run_step(argv, env, stderr_filter=without_expected_warnings).returncode


def _wasm_program(env, target, sources, **overrides):
    return env.WasmLink(target, sources, **overrides)


def _never_suspends(env, objects, sources, functions=()):
    """Without asyncify nothing suspends: nothing to declare."""
    return []


def generate(env):
    env.SetDefault(
        WASMLINKCOMSTR="LINK $TARGET",
        WASMLINKCOM="$LINK -o ${TARGETS[0]} $LINKFLAGS $SOURCES $_LIBDIRFLAGS $_LIBFLAGS $_WASM_JS_FLAGS",
    )
    env["_WASM_JS_FLAGS"] = _wasm_js_flags
    env.Append(BUILDERS={
        # emcc writes NAME.js and NAME.wasm in one step.
        "WasmLink": SCons.Builder.Builder(
            action=step_action(_link, "$WASMLINKCOMSTR", env, varlist=["WASMLINKCOM", "EMCC_VERSION"]),
            emitter=_wasm_emitter,
        ),
    })
    env.AddMethod(_wasm_program, "WasmProgram")
    env.AddMethod(_never_suspends, "NeverSuspends")


def exists(env):
    return True
