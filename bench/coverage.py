"""The coverage command against upstream's own: clean `scons variant=coverage coverage` in a scratch
tree (build, upstream's suite, our programs, gcovr reports) versus, in a copy of micropython/, clean
`make -C mpy-cross`, `make -C ports/unix VARIANT=coverage`, `... test` and one gcovr report of the
same kind (HTML with per-file pages, Cobertura, JSON summary). Both sides' verdicts are recorded
but do not stop the figure: a failing test costs the same time as a passing one."""

import json
import shutil
import subprocess
import sys

from bench.builds import BUILD_TIMEOUT, JOBS, fresh_tree
from bench.errors import BenchError
from bench.paths import REPO
from bench.results import target
from bench.timing import failure_summary, run_timed

# Parts of micropython/ whose C the offline tree lacks (empty submodule folders): upstream's
# unix Makefile leaves them out with these settings (btree needs lib/berkeley-db-1.xx, ssl
# lib/mbedtls). System libffi serves `ffi`.
UPSTREAM_MAKE_SETTINGS = ["MICROPY_PY_BTREE=0", "MICROPY_PY_SSL=0"]
UPSTREAM_REPORT_AREAS = ["py", "extmod", "shared", "ports/unix"]
# What our command reads beyond the scratch tree's sources.
OUR_TEST_FILES = ["tests/py", "tests/upstream_skips.toml", "tests/runtime/test_cli.py", "tests/runtime/conftest.py",
                  "tests/conftest.py", "tests/interpreter.py", "tests/buildtree.py", "pytest.ini"]
RATIO_TARGET = 1.25


def copy_micropython(destination):
    """A real copy (tests write beside themselves; micropython/ must never change), without builds."""
    if destination.exists():
        shutil.rmtree(destination)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "build", "build-*")
    shutil.copytree(REPO / "micropython", destination, symlinks=True, ignore=ignore)


def upstream_commands(upstream):
    make_unix = ["make", "-C", "ports/unix", "VARIANT=coverage", f"-j{JOBS}", *UPSTREAM_MAKE_SETTINGS]
    report = upstream / "coverage-report"
    gcovr = [sys.executable, "-m", "gcovr", "--root", str(upstream), "-j", str(JOBS)]
    for area in UPSTREAM_REPORT_AREAS:
        gcovr += ["--filter", f"{upstream}/{area}/"]
    gcovr += ["--html-details", str(report / "index.html"), "--cobertura", str(report / "coverage.xml"),
              "--json-summary", str(report / "summary.json"), "ports/unix/build-coverage"]
    return [("build mpy-cross", ["make", "-C", "mpy-cross", f"-j{JOBS}"], True),
            ("build", make_unix, True),
            ("test", [*make_unix, "test"], False),
            ("gcovr", gcovr, True)], report


def time_upstream(upstream):
    """Seconds of upstream's sequence from a clean copy, per stage; and run-tests' last lines."""
    copy_micropython(upstream)
    commands, report = upstream_commands(upstream)
    report.mkdir(parents=True)
    stages, test_tail = {}, ""
    for name, command, must_pass in commands:
        seconds, completed = run_timed(command, cwd=upstream, timeout=BUILD_TIMEOUT)
        if must_pass and completed.returncode != 0:
            raise BenchError(f"upstream's `{' '.join(command[:6])} ...` failed in {upstream}:\n"
                             f"{failure_summary(completed)}")
        if name == "test":
            test_tail = " ".join(line for line in completed.stdout.splitlines()[-6:] if "tests" in line)
        stages[name] = seconds
    summary = json.loads((report / "summary.json").read_text())
    return stages, test_tail, summary.get("line_percent")


def time_ours(folder):
    """Seconds of our command from a clean scratch tree; and its summary lines."""
    tree = fresh_tree(folder)
    for relative in OUR_TEST_FILES:
        source, destination = REPO / relative, tree.path(relative)
        destination.parent.mkdir(parents=True, exist_ok=True)
        if not source.exists():
            continue
        if source.is_dir():
            shutil.copytree(source, destination, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination)
    command = [sys.executable, "-m", "SCons", "-Q", f"-j{JOBS}", "variant=coverage", "coverage"]
    seconds, completed = run_timed(command, cwd=tree.root, timeout=BUILD_TIMEOUT)
    areas = tree.path("build/coverage/report/areas.json")
    if not areas.is_file():  # no report at all: the command broke, not a test
        raise BenchError(f"`scons variant=coverage coverage` wrote no report in {tree.root} "
                         f"(exit {completed.returncode}):\n{failure_summary(completed)}")
    lines = [line for line in completed.stdout.splitlines() if line.startswith(("upstream tests", "coverage:"))]
    return seconds, completed.returncode, lines


def measure_coverage(results, work, runs, log):
    missing = [tool for tool in ("make", "gcc") if shutil.which(tool) is None]
    if missing or subprocess.run([sys.executable, "-m", "gcovr", "--version"], capture_output=True).returncode:
        results.note(f"coverage reference skipped: needs make, gcc and gcovr ({', '.join(missing) or 'gcovr'} missing)")
        return
    upstream_seconds, ours_seconds = [], []
    for run in range(runs):
        stages, test_tail, upstream_percent = time_upstream(work / "upstream-coverage" / "micropython")
        upstream_seconds.append(sum(stages.values()))
        seconds, status, lines = time_ours(work / "trees" / "coverage")
        ours_seconds.append(seconds)
        log(f"coverage {run + 1}/{runs}: upstream make + test + gcovr {upstream_seconds[-1]:.1f} s "
            f"({', '.join(f'{name} {value:.1f}' for name, value in stages.items())}), "
            f"ours {seconds:.1f} s (exit {status})")
    results.add_figure("coverage.upstream_make", upstream_seconds, "s",
                       "upstream's own: clean `make -C mpy-cross`, `make -C ports/unix VARIANT=coverage` "
                       f"({' '.join(UPSTREAM_MAKE_SETTINGS)}: those libraries are not in the offline tree), "
                       "its `test` target and one gcovr report (HTML with file pages, Cobertura, JSON summary) "
                       "of py/ extmod/ shared/ ports/unix/, in a copy of micropython/",
                       stages=stages, run_tests=test_tail, line_percent=upstream_percent)
    results.add_figure("coverage.ours", ours_seconds, "s",
                       "ours: clean `scons -j2 variant=coverage coverage` in a scratch tree (build, upstream's "
                       "suite, tests/py and user-module programs, tests/runtime/test_cli.py, gcovr reports overall "
                       "and by area)",
                       exit_status=status, summary=lines)
    results.add_ratio("coverage.ours_vs_upstream", "coverage.ours", "coverage.upstream_make",
                      "coverage command vs upstream make coverage test (+ gcovr)", target("<=", RATIO_TARGET))
