"""Running a build step's program, the same way for every Python action.

``V=1`` (full command lines instead of ``CC py/obj.c``-style labels) is read here
only: ``verbose(env)``. A step run through ``run_step`` echoes its command line when
verbose, runs the program with the build's environment, forwards what it printed
in one write (steps run in parallel: lines of two steps must not interleave) and
turns "the program cannot be started" into one line instead of a traceback.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass

FORWARD_ALWAYS = "always"          # the program's output is passed on whatever the outcome
FORWARD_ON_FAILURE = "on_failure"  # only when it failed (tools that print progress on success)
FORWARD_NEVER = "never"            # the caller reads and reports it


def verbose(env) -> bool:
    """True with ``V=1``: SCons prints full command lines and steps echo theirs."""
    return bool(env.get("V"))


@dataclass(frozen=True)
class StepResult:
    returncode: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def command_text(argv) -> str:
    """The command as echoed: a shell command as given, an argument list joined by spaces."""
    return argv if isinstance(argv, str) else " ".join(str(arg) for arg in argv)


def run_step(argv, env, *, stdin: str | None = None, cwd: str | None = None, environ=None,
             capture_stdout: bool = False, forward: str = FORWARD_ALWAYS, stderr_filter=None,
             out=None, err=None) -> StepResult:
    """Run one step's program: ``argv`` a list, or a string for a shell command.

    ``env`` is the step's construction environment (for ``V`` and, unless ``environ``
    is given, its ``ENV``). ``capture_stdout`` keeps the program's stdout for the caller
    (the step's product) instead of forwarding it; ``stderr_filter`` drops expected lines.
    """
    out = out or sys.stdout
    err = err or sys.stderr
    if verbose(env):
        out.write(command_text(argv) + "\n")
    try:
        result = subprocess.run(argv, input=stdin, cwd=cwd, env=env["ENV"] if environ is None else environ,
                                shell=isinstance(argv, str), capture_output=True, text=True)
    except OSError as error:
        program = argv.split()[0] if isinstance(argv, str) else str(argv[0])
        err.write(f"error: cannot run {program}: {error.strerror or error}\n")
        return StepResult(127, "", "")
    stderr = stderr_filter(result.stderr) if stderr_filter else result.stderr
    if forward == FORWARD_ALWAYS or (forward == FORWARD_ON_FAILURE and result.returncode != 0):
        if not capture_stdout and result.stdout:
            out.write(result.stdout)
        if stderr:
            err.write(stderr)
    return StepResult(result.returncode, result.stdout, stderr)


def step_action(function, label: str, env, varlist=(), command=None):
    """The SCons action of a Python step: its label (``"LINK $TARGET"``) unless verbose;
    verbose, the command when it is known now (so ``scons -n V=1`` shows it too), else
    nothing, and the step echoes its own command as it runs (run_step)."""
    import SCons.Action  # (only the build needs SCons; run_step is tested without it)

    shown = (command_text(command) if command is not None else None) if verbose(env) else label
    return SCons.Action.Action(function, shown, varlist=list(varlist))


def verdict_alias(env, name: str, results, judge):
    """``scons NAME``: build ``results`` (a test run's results file), then, every time it is
    asked for, print what ``judge()`` returns (summary lines, and an error message or None)
    and fail the command on an error. The results stay a graph node: rerun only when stale."""
    import SCons.Action

    def print_verdict(target, source, env):
        lines, error = judge()
        print("\n".join(lines))
        if error:
            sys.stderr.write(f"scons: error: {error}\n")
            return 1
        return 0

    alias = env.Alias(name, results, SCons.Action.Action(print_verdict, None))
    env.AlwaysBuild(alias)
    return alias
