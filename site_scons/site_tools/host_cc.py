"""The host C toolchain (gcc or the compiler named by ``CC=``), with a clear error when absent.

Preprocessing for the QSTR pass runs the driver's preprocessor (cc1) directly:
see mpbuild/preprocessor.py.
"""

import os
import shutil

import SCons.Util

from mpbuild import preprocessor, uptodate
from mpbuild.answercache import AnswerCache
from mpbuild.errors import fail


def _find(program):
    if os.sep in program:
        return program if os.access(program, os.X_OK) else None
    return shutil.which(program)


_answers = AnswerCache()


def _preprocessor_command(env, flags):
    """preprocessor.probe's answer for these flags, kept in $BUILD_ROOT/.cache/host-preprocessor.json
    per compiler (path and stat) and flags (probing costs ~40 ms); an answer stands while the
    program it names is unchanged."""
    compiler = os.path.realpath(env["CC"])

    def probe():
        command = preprocessor.probe([env["CC"], *flags, "-E"], env.Dir("#").abspath, env["ENV"])
        return {"command": command, "program": uptodate.file_state(command[0])}

    def unchanged(answer):
        command = answer.get("command") if isinstance(answer, dict) else None
        return (bool(command) and isinstance(command, list)
                and answer.get("program") == uptodate.file_state(command[0]))

    answer = _answers.answer(env.File("$BUILD_ROOT/.cache/host-preprocessor.json").abspath,
                             [compiler, uptodate.file_state(compiler), flags], probe, unchanged)
    uptodate.note_toolchain_file(answer["command"][0])
    return answer["command"]


def _unexpanded_words(env, name):
    value = env.get(name) or []
    return value.split() if isinstance(value, str) else [str(word) for word in SCons.Util.flatten(value)]


def _host_preprocessor(target, source, env, for_signature):
    """$_HOST_CPP: the preprocessor for this environment's CFLAGS and CCFLAGS (reads stdin given `-`).

    Per-output flags (coverage's -frandom-seed=$TARGET) are left out: they do not change
    preprocessing, and without them one probe serves every source."""
    every_source = [flag for flag in _unexpanded_words(env, "CFLAGS") + _unexpanded_words(env, "CCFLAGS")
                    if "TARGET" not in flag and "SOURCE" not in flag]
    flags = [str(flag) for flag in env.subst_list(every_source)[0]]
    return _preprocessor_command(env, flags)


def generate(env):
    wanted = env.get("CC") if env.get("CC") not in (None, "", "cc") else None
    candidates = [wanted] if wanted else ["gcc", "cc", "clang"]
    found = next((path for path in map(_find, candidates) if path), None)
    if not found:
        named = f"'{wanted}' (from CC=)" if wanted else "no gcc, cc or clang on PATH"
        fail(f"no C compiler: {named}. Install one (Debian: apt-get install gcc) "
             "or name it with CC=/path/to/compiler")
    env.Tool("gcc")
    env.Tool("gnulink")
    env.Tool("ar")
    env["CC"] = found
    uptodate.note_toolchain_file(found)  # (SCons does not notice a new compiler; the no-op fast path must)
    env["LINK"] = found
    # Commands run with a minimal environment; put the compiler's folder first.
    env.PrependENVPath("PATH", os.path.dirname(found))
    env["_HOST_CPP"] = _host_preprocessor
    env["QSTR_PPCOM"] = "$_HOST_CPP -DNO_QSTR $_CCCOMCOM $SOURCE"
    env["QSTRDEFS_PPCOM"] = "$_HOST_CPP -DNO_QSTR $_CCCOMCOM -"


def exists(env):
    return any(shutil.which(c) for c in ("gcc", "cc", "clang"))
