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

import subprocess

import pytest

from interpreter import TIMEOUT, expected_output, output_diff, programs, run_program

pytestmark = pytest.mark.language

PROGRAMS = programs()


def _needed(prog, kind):
    """Modules named on a ``# needs KIND: a b.c`` line among a program's first lines: ``frozen``
    micropython-lib modules, which only some variants' manifests freeze, or ``modules`` built into
    the interpreter, which some variants' configurations leave out (minimal)."""
    for line in prog.read_text(encoding="utf-8").splitlines()[:5]:
        if line.startswith(f"# needs {kind}:"):
            return line.split(":", 1)[1].split()
    return []


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
    expected = expected_output(prog)
    try:
        res = run_program([str(micropython)], prog)
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
            % (prog.name, output_diff(expected, res.stdout), stderr),
            pytrace=False,
        )


def test_programs_present():
    # Guard against the glob silently matching nothing.
    assert len(PROGRAMS) >= 60
