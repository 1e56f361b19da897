"""Running a built interpreter: code (`run_python`), any command line (`run_interpreter`), and the
tests/py programs with the output they must print (`run_program`, `expected_output`).

The tests use these through the conftest fixtures `run_python` and `micropython` for the variant under
test; tests of other interpreters (a scratch tree's build) call them with that interpreter's path.
"""

import difflib
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PY_DIR = Path(__file__).resolve().parent / "py"

# A guard against a hung interpreter, not a speed check: long enough for the slowest variant under test
# (debug: -O0, SAFE_HEAP, where the GC tests take a minute or more). A test that checks that something
# ends promptly passes its own `timeout`.
TIMEOUT = 300


def run_interpreter(interpreter, *args, stdin=None, cwd=None, env=None, timeout=TIMEOUT):
    """`interpreter ARGS...` with text stdin/stdout/stderr; the CompletedProcess."""
    return subprocess.run([str(interpreter), *args], input=stdin, capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=timeout)


def run_python(interpreter, code, *options, **settings):
    """`interpreter OPTIONS... -c CODE`, the code dedented (so that tests may indent it); the CompletedProcess.
    `settings` are run_interpreter's (stdin, cwd, env, timeout)."""
    return run_interpreter(interpreter, *options, "-c", textwrap.dedent(code), **settings)


def short_stderr(result):
    """A run's stderr with long lines cut (node quotes the throwing line of minified code)."""
    return "\n".join(line[:300] for line in result.stderr.splitlines())


# --------------------------------------------------------------------------- tests/py programs


def programs():
    """The tests/py programs (files whose name starts with `_` are helpers they import)."""
    return sorted(p for p in PY_DIR.glob("*.py") if p.is_file() and not p.name.startswith("_"))


def program_environment():
    environment = dict(os.environ)
    # Keep both interpreters away from anything on the host that could change
    # how the programs run or what they import.
    for name in ("PYTHONPATH", "PYTHONSTARTUP", "PYTHONHOME", "MICROPYPATH"):
        environment.pop(name, None)
    environment["PYTHONHASHSEED"] = "0"
    environment["PYTHONDONTWRITEBYTECODE"] = "1"
    environment["PYTHONIOENCODING"] = "utf-8"
    return environment


def run_program(argv, program, timeout=TIMEOUT):
    """A tests/py program run by `argv` (an interpreter and its options) from tests/py, stdin closed;
    bytes out."""
    return subprocess.run([*argv, program.name], cwd=PY_DIR, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=timeout, env=program_environment())


def cpython():
    return shutil.which("python3") or sys.executable


_cpython_outputs = {}


def expected_output(program):
    """What a program must print: its NAME.py.exp when there is one, else CPython's output (once a session)."""
    exp = program.with_name(program.name + ".exp")
    if exp.exists():
        return exp.read_bytes()
    if program not in _cpython_outputs:
        result = run_program([cpython()], program)
        if result.returncode != 0:
            pytest.fail("CPython failed on %s (exit %d):\n%s"
                        % (program.name, result.returncode, result.stderr.decode("utf-8", "replace")))
        _cpython_outputs[program] = result.stdout
    return _cpython_outputs[program]


def _lines(data):
    # Keep line endings visible so that e.g. CRLF vs LF shows up in the diff.
    text = data.decode("utf-8", "replace")
    return [line.replace("\r", "\\r") + ("" if line.endswith("\n") else "\\ no newline\n")
            for line in text.splitlines(keepends=True) if line]


def output_diff(expected, actual):
    diff = "".join(difflib.unified_diff(_lines(expected), _lines(actual), "expected", "micropython"))
    if expected.replace(b"\r\n", b"\n") == actual.replace(b"\r\n", b"\n"):
        diff = "(outputs differ only in line endings)\n" + diff
    return diff
