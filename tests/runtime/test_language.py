"""Core-language conformance tests.

Every program in ``tests/py/*.py`` (files whose name starts with ``_`` are
importable helpers, not programs) is run under the MicroPython interpreter of
the variant under test and its stdout is compared with the expected output:

* the contents of ``NAME.py.exp`` when that file exists (used sparingly, for
  behaviour that is genuinely MicroPython-specific), otherwise
* the stdout of CPython (``python3`` from PATH, else the interpreter running
  pytest) running the same program the same way, once per session.

Programs are run with ``cwd=tests/py`` so that they can import the helper
modules and packages that live beside them.
"""

import difflib
import os
import shutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.language

PY_DIR = Path(__file__).resolve().parent / "py"
TIMEOUT = 30


def _programs():
    return sorted(
        p for p in PY_DIR.glob("*.py") if p.is_file() and not p.name.startswith("_")
    )


PROGRAMS = _programs()


def _env():
    env = dict(os.environ)
    # Keep both interpreters away from anything on the host that could change
    # how the programs run or what they import.
    for var in ("PYTHONPATH", "PYTHONSTARTUP", "PYTHONHOME", "MICROPYPATH"):
        env.pop(var, None)
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def _run(argv, prog):
    return subprocess.run(
        [*argv, prog.name],
        cwd=PY_DIR,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        timeout=TIMEOUT,
        env=_env(),
    )


def _cpython():
    return shutil.which("python3") or sys.executable


_cpython_cache = {}


def _expected_output(prog):
    exp = prog.with_name(prog.name + ".exp")
    if exp.exists():
        return exp.read_bytes()
    if prog not in _cpython_cache:
        res = _run([_cpython()], prog)
        if res.returncode != 0:
            pytest.fail(
                "CPython failed on %s (exit %d):\n%s"
                % (prog.name, res.returncode, res.stderr.decode("utf-8", "replace"))
            )
        _cpython_cache[prog] = res.stdout
    return _cpython_cache[prog]


def _lines(data):
    # Keep line endings visible so that e.g. CRLF vs LF shows up in the diff.
    text = data.decode("utf-8", "replace")
    return [
        line.replace("\r", "\\r") + ("" if line.endswith("\n") else "\\ no newline\n")
        for line in text.splitlines(keepends=True)
        if line
    ]


def _diff(expected, actual):
    diff = "".join(
        difflib.unified_diff(_lines(expected), _lines(actual), "expected", "micropython")
    )
    if expected.replace(b"\r\n", b"\n") == actual.replace(b"\r\n", b"\n"):
        diff = "(outputs differ only in line endings)\n" + diff
    return diff


def _needed(prog, kind):
    """Modules named on a ``# needs KIND: a b.c`` line among a program's first lines: ``frozen``
    micropython-lib modules, which only some variants' manifests freeze, or ``modules`` built into
    the interpreter, which some variants' configurations leave out (minimal)."""
    for line in prog.read_text(encoding="utf-8").splitlines()[:5]:
        if line.startswith(f"# needs {kind}:"):
            return line.split(":", 1)[1].split()
    return []


@pytest.fixture(scope="session")
def builtin_modules(built_variant):
    """The built-in modules the variant's build registered (its generated genhdr/moduledefs.h)."""
    text = (built_variant / "genhdr" / "moduledefs.h").read_text()
    return set(re.findall(r"\bMP_QSTR_(\w+)", text))


@pytest.fixture(scope="session")
def frozen_names(variant_settings):
    """The frozen file names ("collections/defaultdict.py") of the variant's manifest."""
    from mpbuild import manifest

    repo = PY_DIR.parents[1]
    path = variant_settings.manifest or "ports/wasm/manifests/port.py"  # (ports/wasm/SConscript's default)
    listed = manifest.read_manifest(str(repo / path), str(repo / "micropython"), str(repo / "ports/wasm"))
    return {module.name for module in listed.modules}


@pytest.mark.parametrize("prog", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_program(micropython, prog, request):
    absent = [name for name in _needed(prog, "modules") if name not in request.getfixturevalue("builtin_modules")]
    if absent:
        pytest.skip(f"the variant's configuration leaves out {', '.join(absent)}")
    needed = _needed(prog, "frozen")
    if needed:
        frozen = request.getfixturevalue("frozen_names")
        absent = [name for name in needed
                  if not {name.replace(".", "/") + ".py", name.replace(".", "/") + "/__init__.py"} & frozen]
        if absent:
            pytest.skip(f"the variant's manifest does not freeze {', '.join(absent)}")
    expected = _expected_output(prog)
    try:
        res = _run([str(micropython)], prog)
    except subprocess.TimeoutExpired:
        pytest.fail("%s timed out after %d s" % (prog.name, TIMEOUT))
    stderr = res.stderr.decode("utf-8", "replace")
    assert res.returncode == 0, "%s exited with %d\nstderr:\n%s\nstdout:\n%s" % (
        prog.name,
        res.returncode,
        stderr,
        res.stdout.decode("utf-8", "replace"),
    )
    if res.stdout != expected:
        pytest.fail(
            "output of %s differs from expected:\n%s\nstderr:\n%s"
            % (prog.name, _diff(expected, res.stdout), stderr),
            pytrace=False,
        )


def test_programs_present():
    # Guard against the glob silently matching nothing.
    assert len(PROGRAMS) >= 60
