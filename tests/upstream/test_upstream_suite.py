"""Upstream MicroPython's test suite (micropython/tests, v1.23.0) on each selected variant.

Runs `scons variant=NAME test` (site_tools/mp_upstream_tests.py): every test of the suite's
folders, with tests/upstream_skips.toml naming what cannot apply to a variant. A test outside
that list that fails is an unexpected failure; the assertion lists each with its reason.
"""

import json
import re
import subprocess
import sys

import pytest

from buildtree import REPO

SUMMARY_RE = re.compile(r"^upstream tests \((?P<variant>[a-z0-9_-]+)\): (?P<passed>\d+) passed, (?P<failed>\d+) failed, "
                        r"\d+ skipped .*; details (?P<results>\S+)$", re.MULTILINE)


def run_test_target(variant):
    result = subprocess.run([sys.executable, "-m", "SCons", "-Q", f"variant={variant}", "test"],
                            cwd=REPO, capture_output=True, text=True)
    return result, SUMMARY_RE.search(result.stdout)


@pytest.fixture(scope="session")
def suite_run(variant):
    result, summary = run_test_target(variant)
    if summary is None:
        pytest.fail(f"`scons variant={variant} test` did not run the suite (exit {result.returncode}):\n"
                    f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return result, summary


def test_no_unexpected_failures(variant, suite_run):
    result, summary = suite_run
    assert summary["variant"] == variant
    results = json.loads((REPO / summary["results"]).read_text())
    failures = "\n".join(f"  {test}: {results['tests'][test]['reason']}" for test in results["failed"])
    assert results["failed"] == [], (
        f"{len(results['failed'])} upstream tests failed on {variant} (outputs in {results['failures_dir']}/; "
        f"command: {results['command_line']}):\n{failures}")
    assert int(summary["failed"]) == 0 and result.returncode == 0, result.stdout + result.stderr
    assert int(summary["passed"]) > 0


def test_rerun_with_nothing_changed_prints_the_summary_without_running(variant, suite_run):
    first, summary = suite_run
    again, summary_again = run_test_target(variant)
    assert summary_again is not None, again.stdout + again.stderr
    assert summary_again.group(0) == summary.group(0)
    assert "TEST " not in again.stdout, "the suite ran again although nothing changed"
    assert again.returncode == first.returncode
