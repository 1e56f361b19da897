"""Timed runs of commands: wall time, time to the first output line, children's CPU time."""

import os
import resource
import statistics
import subprocess
import time


def median(samples):
    return statistics.median(samples)


def children_cpu_seconds():
    """User plus system CPU time of all waited-for descendants so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def quiet_environment():
    """Our environment without settings that would change how SCons or node behave."""
    environment = dict(os.environ)
    environment.pop("SCONSFLAGS", None)
    environment.pop("NODE_OPTIONS", None)
    return environment


def run_timed(command, cwd=None, timeout=None, env=None):
    """Run a command to completion; return (seconds, CompletedProcess) with text output."""
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                               env=env if env is not None else quiet_environment())
    return time.perf_counter() - started, completed


def time_to_first_line(command, cwd=None, timeout=60, env=None):
    """Start a process and time its first stdout line and its exit.

    Returns (first_line_seconds, exit_seconds, first_line, returncode, stderr).
    """
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=env if env is not None else quiet_environment())
    try:
        first_line = process.stdout.readline()
        first_line_at = time.perf_counter() - started
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise
    exit_at = time.perf_counter() - started
    return first_line_at, exit_at, first_line.rstrip("\n"), process.returncode, stderr


def failure_summary(completed, lines=8):
    """The last lines of a failed command's output, error lines first."""
    output = ((completed.stdout or "") + (completed.stderr or "")).strip().splitlines()
    errors = [line for line in output if "error" in line.lower()]
    return "\n".join((errors or output)[-lines:])
