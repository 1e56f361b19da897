"""The emscripten toolchain and its compile: emcc from PATH or $EMSDK, with what Debian's package needs.

Compiles and preprocessing run emcc's clang directly, with the exact command emcc
would run (see _clang_command): emcc is a Python program that costs ~0.15 s of CPU
per call before clang starts, more than clang itself needs for most of our files.

The wasm-only steps have their own tools: the emcc link (mp_wasm_link), the file
packager (mp_file_packager) and, for the gc_spill feature, binaryen's
--spill-pointers (mp_gc_spill).
"""

import hashlib
import os
import shlex
import shutil
import subprocess
import tempfile

from mpbuild import uptodate
from mpbuild.answercache import AnswerCache
from mpbuild.errors import fail

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
    env["_EMCC_CLANG"] = _emcc_clang
    env["CCCOM"] = "$_EMCC_CLANG -o $TARGET -c $_CCCOMCOM $SOURCES"
    env["QSTR_PPCOM"] = "$_EMCC_CLANG -E -DNO_QSTR $_CCCOMCOM $SOURCE"
    env["QSTRDEFS_PPCOM"] = "$_EMCC_CLANG -E -DNO_QSTR $_CCCOMCOM -"
    env["NODE"] = shutil.which("node") or "/usr/bin/node"


def exists(env):
    return _find_emcc() is not None
