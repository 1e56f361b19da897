"""The host C toolchain (gcc or the compiler named by ``CC=``), with a clear error when absent.

Preprocessing for the QSTR pass runs the driver's preprocessor (cc1) directly:
see mpbuild/preprocessor.py.
"""

import json
import os
import shutil
import threading

import SCons.Util

from mpbuild import preprocessor, uptodate
from mpbuild.errors import fail
from mpbuild.files import write_text_atomically


def _find(program):
    if os.sep in program:
        return program if os.access(program, os.X_OK) else None
    return shutil.which(program)


def _stat_key(path):
    try:
        found = os.stat(path)
    except OSError:
        return None
    return [found.st_size, found.st_mtime_ns]


_preprocessor_lock = threading.Lock()
_preprocessor_memo = {}


def _preprocessor_command(env, flags):
    """preprocessor.probe's answer for these flags, remembered in memory and in
    $BUILD_ROOT/.cache/host-preprocessor.json per compiler (path, size, mtime) and flags
    (probing costs ~40 ms); an entry stands while its program is unchanged."""
    compiler = os.path.realpath(env["CC"])
    key = json.dumps([compiler, _stat_key(compiler), flags])
    with _preprocessor_lock:
        if key in _preprocessor_memo:
            return _preprocessor_memo[key]
        cache = env.File("$BUILD_ROOT/.cache/host-preprocessor.json").abspath
        try:
            with open(cache) as stream:
                known = json.load(stream)
        except (OSError, ValueError):
            known = {}
        entry = known.get(key)
        if not (isinstance(entry, dict) and entry.get("program") == _stat_key(entry.get("command", [""])[0])):
            command = preprocessor.probe([env["CC"], *flags, "-E"], env.Dir("#").abspath, env["ENV"])
            entry = {"command": command, "program": _stat_key(command[0])}
            known[key] = entry
            write_text_atomically(cache, json.dumps(known, indent=0, sort_keys=True) + "\n")
        uptodate.note_toolchain_file(entry["command"][0])
        _preprocessor_memo[key] = entry["command"]
        return entry["command"]


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
