"""Upstream's webassembly API tests (v1.23.0's and v1.27.0's tests/ports/webassembly) on each selected
WebAssembly variant's micropython.mjs: `scons variant=NAME api-test` (site_tools/mp_webassembly_tests.py).
A failure that tests/upstream/webassembly_expected_failures.toml does not list fails the test, naming the line
that differs; results (with each failure's output) in build/<variant>/tests/webassembly-api.json.
"""

import json
import subprocess
import sys

import pytest

from buildtree import REPO
from mpbuild import webassembly_tests

EXPECTED_FAILURES = REPO / "tests" / "upstream" / "webassembly_expected_failures.toml"


@pytest.fixture(scope="module")
def report(variant, variant_settings):
    if variant_settings.target != "wasm":
        pytest.skip("the webassembly API tests run on WebAssembly variants")
    run = subprocess.run([sys.executable, "-m", "SCons", "-Q", f"variant={variant}", "api-test"], cwd=REPO,
                         capture_output=True, text=True)
    results = REPO / "build" / variant / "tests" / "webassembly-api.json"
    if not results.is_file():
        pytest.fail(f"`scons variant={variant} api-test` ran no tests (exit {run.returncode}):\n"
                    f"{run.stdout[-3000:]}\n{run.stderr[-3000:]}")
    return json.loads(results.read_text()), run


def test_both_sets_ran_in_full(report):
    counts = report[0]["counts"]
    assert counts["1.23.0"]["total"] >= 31 and counts["1.27.0"]["total"] == 40


def test_no_unexpected_failures(report):
    results, run = report
    assert not results["unexpected"], "unexpected failures:\n  " + "\n  ".join(results["unexpected"])
    assert run.returncode == 0, run.stderr[-3000:]


def test_expected_failures_file_names_real_tests():
    entries = webassembly_tests.load_expected_failures(EXPECTED_FAILURES)
    assert entries
    for entry in entries:
        folder = (webassembly_tests.tests_1_23(REPO / "micropython") if entry.test_set == "1.23.0"
                  else webassembly_tests.provide_tests_1_27(REPO / "build" / ".cache" / "upstream"))
        assert (folder / entry.test).is_file(), f"{EXPECTED_FAILURES.name}: no test {entry.test_set}/{entry.test}"
