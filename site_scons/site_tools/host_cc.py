"""The host C toolchain (gcc or the compiler named by ``CC=``), with a clear error when absent."""

import os
import shutil

from mpbuild import uptodate
from mpbuild.errors import fail


def _find(program):
    if os.sep in program:
        return program if os.access(program, os.X_OK) else None
    return shutil.which(program)


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


def exists(env):
    return any(shutil.which(c) for c in ("gcc", "cc", "clang"))
