"""The emscripten toolchain: emcc from PATH or $EMSDK, with what Debian's package needs.

Compiles and preprocessing run emcc's clang directly, with the exact command emcc
would run (see _clang_command): emcc is a Python program that costs ~0.15 s of CPU
per call before clang starts, more than clang itself needs for most of our files.

Also declares the wasm-only steps: packaging assets into a preloaded
``.data`` file (emscripten's file packager), the emcc link that writes a
``.js`` and a ``.wasm`` together and, in variants with the ``gc_spill`` feature,
binaryen's --spill-pointers on the linked module (mpbuild/wasm_spill.py says why):
the link then writes into ``link/``, and the spilled ``.wasm`` and the ``.js`` go
beside it as usual.
"""

import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

import SCons.Action
import SCons.Builder

from mpbuild import uptodate
from mpbuild import wasm_spill
from mpbuild.answercache import AnswerCache
from mpbuild.errors import fail
from mpbuild.asyncify import without_expected_warnings
from mpbuild.files import write_text_atomically

INSTALL_HINT = ("install emscripten (Debian: apt-get install emscripten, or run tools/setup.sh), "
                "or activate an emsdk so that emcc is on PATH or EMSDK is set")


def _find_emcc():
    found = shutil.which("emcc")
    if found:
        return found
    emsdk = os.environ.get("EMSDK")
    if emsdk:
        candidate = os.path.join(emsdk, "upstream", "emscripten", "emcc")
        if os.access(candidate, os.X_OK):
            return candidate
    return None


def _find_file_packager(emcc):
    """Debian ships tools/file_packager.py beside emcc.py; emsdk has it next to emcc."""
    real = os.path.realpath(emcc)
    for root in (os.path.dirname(real), "/usr/share/emscripten"):
        candidate = os.path.join(root, "tools", "file_packager.py")
        if os.path.exists(candidate):
            return candidate
    return None


_version_cache = {}


def _emcc_version(env, emcc):
    """Part of every compile signature: a toolchain upgrade rebuilds everything."""
    if emcc not in _version_cache:
        try:
            first = subprocess.run([emcc, "--version"], capture_output=True, text=True,
                                   env=env["ENV"], timeout=60).stdout.splitlines()
            _version_cache[emcc] = first[0] if first else "unknown"
        except (OSError, subprocess.SubprocessError):
            _version_cache[emcc] = "unknown"
    return _version_cache[emcc]


_answers = AnswerCache()


def _ask_emcc_for_clang_command(env, flags):
    """The clang command emcc runs to compile with these flags, read from its -v output
    (how `emcc --cflags` finds it): [clang, flag, ...] without input, output or -c."""
    with tempfile.TemporaryDirectory() as folder:
        probe = os.path.join(folder, "probe.c")
        with open(probe, "w") as stream:
            stream.write("int probe;\n")
        argv = [env["CC"], *flags, "-v", "-c", "-o", os.path.join(folder, "probe.o"), probe]
        result = subprocess.run(argv, capture_output=True, text=True, env=env["ENV"])
        lines = [line for line in result.stderr.splitlines() if probe in line and "clang" in line]
        if result.returncode != 0 or not lines:
            fail(f"emcc cannot compile with these flags: {' '.join(flags)}\n{result.stderr.strip()}")
        parts = shlex.split(lines[0])
        return [part for part in parts if part not in ("-c", "-v", "-o") and folder not in part]


def _clang_command(env, flags):
    """_ask_emcc_for_clang_command, remembered per emcc version and flags in
    $BUILD_ROOT/.cache/emcc-clang.json (asking costs ~0.4 s; every run needs the commands)."""
    command = _answers.answer(env.File("$BUILD_ROOT/.cache/emcc-clang.json").abspath,
                              [env["CC"], env["EMCC_VERSION"], flags],
                              lambda: _ask_emcc_for_clang_command(env, flags),
                              lambda answer: isinstance(answer, list) and bool(answer))
    uptodate.note_toolchain_file(command[0])
    return command


def _emcc_clang(target, source, env, for_signature):
    """$_EMCC_CLANG: clang and emcc's flags plus ours, for this environment's CFLAGS and CCFLAGS."""
    flags = [str(flag) for flag in env.subst_list("$CFLAGS $CCFLAGS", target=target, source=source)[0]]
    return _clang_command(env, flags)


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
    argv = env.subst_list("$WASMLINKCOM", target=target, source=source)[0]
    argv = [str(arg) for arg in argv]
    if env.get("V"):
        sys.stdout.write(" ".join(argv) + "\n")  # one write: steps run in parallel
    result = subprocess.run(argv, env=env["ENV"], capture_output=True, text=True)
    sys.stdout.write(result.stdout)
    sys.stderr.write(without_expected_warnings(result.stderr))
    return result.returncode


_PACKAGE_UUID_RE = re.compile(r'("package_uuid":\s*")[^"]*(")')


def _package_files(target, source, env):
    """Run emscripten's file packager, then make its output reproducible: it
    stamps a random package UUID into the loader, which would relink and
    change micropython.js on every packaging. The stable id hashes the
    loader itself (file names, sizes, offsets), so an edit that keeps every
    size leaves the loader, and so the link, untouched."""
    command = env.subst("$PACKAGECOM", target=target, source=source)
    if env.get("V"):
        sys.stdout.write(command + "\n")  # one write: steps run in parallel
    result = subprocess.run(command, shell=True, env=env["ENV"], capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        return result.returncode
    loader = target[1].abspath
    with open(loader, encoding="utf-8") as stream:
        text = stream.read()
    digest = hashlib.sha256(_PACKAGE_UUID_RE.sub("", text).encode()).hexdigest()
    stable_id = f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"
    write_text_atomically(loader, _PACKAGE_UUID_RE.sub(lambda m: m.group(1) + stable_id + m.group(2), text))
    return 0


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
        if env.get("V"):
            sys.stdout.write(" ".join(argv) + "\n")
        result = subprocess.run(argv, env=env["ENV"], capture_output=True, text=True)
        if result.returncode != 0:
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


def _wasm_program(env, target, sources, **overrides):
    """The emcc link; with the gc_spill feature, the link into link/ and the spill step."""
    if "gc_spill" not in env.get("MP_FEATURES", ()):
        return env.WasmLink(target, sources, **overrides)
    js = env.File(target)
    wasm = env.File(os.path.splitext(js.name)[0] + ".wasm", js.dir)
    linked = env.WasmLink(js.dir.Dir("link").File(js.name), sources, **overrides)
    spilled = env.SpillPointers(wasm, linked[1], BINARYEN_VERSION=_binaryen_version(env),
                                SPILL_LINKFLAGS=[str(flag) for flag in env.Flatten(env["LINKFLAGS"])])
    env.Depends(spilled, [env.File("$WASM_OPT"), env.Dir(BINARYEN_PACKAGE).File("package.json"),
                          env.File("#site_scons/mpbuild/wasm_spill.py")])
    # The .js loads NAME.wasm from its own folder: it moves beside the spilled module.
    return env.InstallAs(js, linked[0]) + spilled


def _file_package(env, data_target, loader_target, asset_dir, mount_point):
    """Package every file under asset_dir (recursively) as one preloaded .data file."""
    asset_dir = env.Dir(asset_dir)
    files = []
    for folder, subfolders, names in os.walk(asset_dir.srcnode().abspath):
        subfolders.sort()
        files.extend(env.File(os.path.join(folder, name)) for name in sorted(names))
    return env.FilePackage([data_target, loader_target], files,
                           ASSET_DIR=asset_dir.srcnode(), ASSET_MOUNT=mount_point)


def generate(env):
    emcc = _find_emcc()
    if not emcc:
        fail(f"emcc not found: building variant '{env.get('MP_VARIANT', '?')}' needs emscripten; {INSTALL_HINT}")
    emdir = os.path.dirname(emcc)
    env.Tool("gcc")
    env.Tool("gnulink")
    env.Tool("ar")
    env.Replace(
        CC=emcc, LINK=emcc,
        AR=os.path.join(emdir, "emar"), RANLIB=os.path.join(emdir, "emranlib"), NM=os.path.join(emdir, "emnm"),
        PROGSUFFIX=".js", OBJSUFFIX=".o",
    )
    env.PrependENVPath("PATH", emdir)
    env.PrependENVPath("PATH", os.path.dirname(shutil.which("node") or "/usr/bin/node"))
    # Debian's emscripten finds its node modules (acorn...) only through NODE_PATH.
    if os.path.isdir("/usr/share/nodejs"):
        env.PrependENVPath("NODE_PATH", "/usr/share/nodejs")
    if os.environ.get("EM_CONFIG"):
        env["ENV"]["EM_CONFIG"] = os.environ["EM_CONFIG"]
    env["EMCC_VERSION"] = _emcc_version(env, emcc)
    # An emscripten upgrade replaces these: the no-op fast path must see it (mpbuild/uptodate.py).
    uptodate.note_toolchain_file(emcc)
    uptodate.note_toolchain_file(os.path.join(os.path.dirname(os.path.realpath(emcc)), "emscripten-version.txt"))
    # On every command line (so in every signature): an emcc upgrade rebuilds all.
    env.Append(CPPDEFINES=[("MPW_TOOLCHAIN_ID", hashlib.sha256(env["EMCC_VERSION"].encode()).hexdigest()[:12])])
    env["FILE_PACKAGER"] = _find_file_packager(emcc)
    env["_EMCC_CLANG"] = _emcc_clang
    env["CCCOM"] = "$_EMCC_CLANG -o $TARGET -c $_CCCOMCOM $SOURCES"
    env["QSTR_PPCOM"] = "$_EMCC_CLANG -E -DNO_QSTR $_CCCOMCOM $SOURCE"
    env["QSTRDEFS_PPCOM"] = "$_EMCC_CLANG -E -DNO_QSTR $_CCCOMCOM -"
    env["_WASM_JS_FLAGS"] = _wasm_js_flags
    env["NODE"] = shutil.which("node") or "/usr/bin/node"
    env["WASM_OPT"] = BINARYEN_PACKAGE + "/bin/wasm-opt"
    if "gc_spill" in env.get("MP_FEATURES", ()):
        if "asyncify" in env["MP_FEATURES"]:
            fail(f"variant '{env.get('MP_VARIANT', '?')}': the gc_spill feature does not combine with asyncify "
                 "(asyncify builds collect while suspended, where asyncify has saved the wasm locals); "
                 "remove one of them from its features")
        # emscripten/gccollect.c: collections may then run anywhere (see mpbuild/wasm_spill.py).
        env.Append(CPPDEFINES=[("MPW_GC_SPILL", 1)])
    quiet = not env.get("V")
    if quiet:  # with V=1 the *COMSTR stay unset, so SCons prints the full command line
        env.SetDefault(WASMLINKCOMSTR="LINK $TARGET", PACKAGECOMSTR="PACKAGE $TARGET",
                       SPILLCOMSTR="SPILL $TARGET")
    env.SetDefault(
        WASMLINKCOM="$LINK -o ${TARGETS[0]} $LINKFLAGS $SOURCES $_LIBDIRFLAGS $_LIBFLAGS $_WASM_JS_FLAGS",
        PACKAGECOM="cd ${TARGETS[0].dir} && $PYTHON $FILE_PACKAGER ${TARGETS[0].file} "
                   "--preload ${ASSET_DIR.abspath}@$ASSET_MOUNT --js-output=${TARGETS[1].abspath}",
    )
    env.Append(BUILDERS={
        # emcc writes NAME.js and NAME.wasm in one step.
        "WasmLink": SCons.Builder.Builder(
            action=SCons.Action.Action(_link, "$WASMLINKCOMSTR" if quiet else None,
                                       varlist=["WASMLINKCOM", "EMCC_VERSION"]),
            emitter=_wasm_emitter,
        ),
        # Assets -> NAME.data plus the JS that preloads it at start-up.
        "FilePackage": SCons.Builder.Builder(  # called through env.PreloadPackage
            action=SCons.Action.Action(_package_files, "$PACKAGECOMSTR" if quiet else None,
                                       varlist=["PACKAGECOM"]),
        ),
        # Linked module -> the same with pointers spilled to the C stack (feature gc_spill).
        "SpillPointers": SCons.Builder.Builder(
            action=SCons.Action.Action(_spill_pointers, "$SPILLCOMSTR" if quiet else None,
                                       varlist=["SPILL_LINKFLAGS", "BINARYEN_VERSION", "NODE"]),
        ),
    })
    env.AddMethod(_file_package, "PreloadPackage")
    env.AddMethod(_wasm_program, "WasmProgram")


def exists(env):
    return _find_emcc() is not None
