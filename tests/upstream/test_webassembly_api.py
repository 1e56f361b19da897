"""Upstream's webassembly API tests (v1.23.0's and v1.27.0's tests/ports/webassembly) on each selected
WebAssembly variant's micropython.mjs (mpbuild/webassembly_tests.py). A failure that
tests/upstream/webassembly_expected_failures.toml does not list fails the test, naming the line that differs;
results in build/<variant>/tests/webassembly-api/results.json, outputs of failures in its failures/.
"""

import pytest

from buildtree import REPO
from mpbuild import webassembly_tests

EXPECTED_FAILURES = REPO / "tests" / "upstream" / "webassembly_expected_failures.toml"


def sets_for(variant_settings):
    if variant_settings.target != "wasm":
        pytest.skip("the webassembly API tests run on WebAssembly variants")
    return {"1.23.0": webassembly_tests.tests_1_23(REPO / "micropython"),
            "1.27.0": webassembly_tests.provide_tests_1_27(REPO / "build" / ".cache" / "upstream")}


@pytest.fixture(scope="module")
def report(variant, variant_settings, request):
    sets = sets_for(variant_settings)
    built = request.getfixturevalue("built_variant")
    return webassembly_tests.run_all(built / "micropython.mjs", variant, sets, EXPECTED_FAILURES,
                                     built / "tests" / "webassembly-api")


def test_both_sets_ran_in_full(report):
    assert report["counts"]["1.23.0"]["total"] >= 31
    assert report["counts"]["1.27.0"]["total"] == 40


def test_no_unexpected_failures(report):
    assert not report["unexpected"], "unexpected failures:\n  " + "\n  ".join(report["unexpected"])


def test_expected_failures_file_names_real_tests():
    entries = webassembly_tests.load_expected_failures(EXPECTED_FAILURES)
    assert entries
    for entry in entries:
        folder = (webassembly_tests.tests_1_23(REPO / "micropython") if entry.test_set == "1.23.0"
                  else webassembly_tests.provide_tests_1_27(REPO / "build" / ".cache" / "upstream"))
        assert (folder / entry.test).is_file(), f"{EXPECTED_FAILURES.name}: no test {entry.test_set}/{entry.test}"
