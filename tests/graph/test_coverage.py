"""`scons variant=coverage coverage` on a scratch tree: reports, counts, threshold, incremental reruns.

The scratch tree gets its own small tests/py (a probe program that calls
``stats.median`` of the user module ``cmod/stats`` a known number of times, and a
helper it imports) and a port source with a function nothing calls, so exact counts
can be checked. Upstream's test suite runs too (it never imports ``stats``); the
scratch copy of the user modules leaves out their test programs, which would add
to the counts.
"""

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree

import pytest

from buildtree import REPO
from mpbuild import upstream_tests

PROGRAM = "tests/py/coverage_probe.py"
REPORT = "build/coverage/report"
MODTIME = "ports/wasm/core/modtime.c"
STATS = "cmod/stats/stats.c"
SUITE_RESULTS = "build/coverage/tests/results.json"
SUITE_SUMMARY_RE = re.compile(r"^upstream tests \(coverage\): \d+ passed, .*; details build/coverage/tests/results.json$")
PROBE_SOURCE = "ports/wasm/core/coverage_probe.c"
SUMMARY_RE = re.compile(r"^coverage: lines (\d+\.\d)% \(\d+/\d+\), branches (\d+\.\d)% \(\d+/\d+\); .*"
                        r"own code lines (\d+\.\d)%; report build/coverage/report/index.html$")


def write_program(tree, median_calls, extra=""):
    tree.path(PROGRAM).write_text(
        "import stats\nfrom _probe_helper import greeting\n"
        f"for i in range({median_calls}):\n    stats.median([i, 1, 2])\n"
        f"{extra}print(greeting())\n"
    )


def copy_skip_list(tree):
    """The suite's skip list (the coverage run is the `test` target's run, which reads it)."""
    skip_list = tree.path("tests/upstream_skips.toml")
    skip_list.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "tests" / "upstream_skips.toml", skip_list)


def add_port_source(tree, relative, text):
    """A new source in the port's platform-neutral list of the scratch SConscript."""
    tree.path(f"ports/wasm/{relative}").write_text(text)
    sconscript = tree.path("ports/wasm/SConscript")
    content = sconscript.read_text()
    anchor = '    "core/runtime.c",\n'
    assert anchor in content, "ports/wasm/SConscript no longer lists core/runtime.c; update this test"
    sconscript.write_text(content.replace(anchor, anchor + f'    "{relative}",\n', 1))


def remove_port_source(tree, relative):
    sconscript = tree.path("ports/wasm/SConscript")
    sconscript.write_text(sconscript.read_text().replace(f'    "{relative}",\n', "", 1))
    tree.path(f"ports/wasm/{relative}").unlink()


@pytest.fixture(scope="module")
def tree(make_scratch_tree):
    tree = make_scratch_tree("coverage")
    if (REPO / "cmod").is_dir() and not tree.path("cmod").exists():  # user modules built into the port
        shutil.copytree(REPO / "cmod", tree.path("cmod"), ignore=shutil.ignore_patterns("__pycache__"))
    for module_tests in tree.path("cmod").glob("*/tests"):  # they call stats too: the counts would not be exact
        shutil.rmtree(module_tests)
    copy_skip_list(tree)
    tree.path("tests/py").mkdir(parents=True)
    tree.path("tests/py/_probe_helper.py").write_text("def greeting():\n    return 'probe done'\n")
    write_program(tree, 7)
    add_port_source(tree, "core/coverage_probe.c",
                    "// For the coverage tests: a function that nothing calls.\n"
                    "int coverage_probe_never_called(int x);\n"
                    "int coverage_probe_never_called(int x) {\n    return x * 3 + 1;\n}\n")
    return tree


def run_coverage(tree, *args, check=True):
    return tree.scons("variant=coverage", "coverage", *args, check=check)


def function_counts(tree):
    """(file, function) -> execution count, from gcovr's JSON tracefile."""
    data = json.loads(tree.path(f"{REPORT}/coverage.json").read_text())
    return {(entry["file"], function["name"]): function["execution_count"]
            for entry in data["files"] for function in entry["functions"]}


def cobertura_hits(tree, filename, function):
    """The hit counts of a function's lines in the Cobertura report."""
    root = ElementTree.parse(tree.path(f"{REPORT}/coverage.xml")).getroot()
    for class_ in root.iter("class"):
        if class_.get("filename") == filename:
            for method in class_.iter("method"):
                if method.get("name") == function:
                    return [int(line.get("hits")) for line in method.iter("line")]
    raise AssertionError(f"{function} of {filename} is not in coverage.xml")


def has_traceback(run):
    """A Python traceback from the build's internals (a line of its own; the suite's warning may
    quote a test's output that holds the word)."""
    return any(line.startswith("Traceback") for line in (run.stdout + run.stderr).splitlines())


def suite_ran(run):
    """Whether the run ran upstream's suite (its step line is not one buildtree's STEP_RE knows)."""
    return any(line.startswith(f"TEST {SUITE_RESULTS} ") for line in run.stdout.splitlines())


def summary_lines(run):
    return [line for line in run.stdout.splitlines() if line.startswith("coverage:")]


def test_instrumented_build_equals_a_clean_build(tree):
    # Notes files are outputs too: known to the graph and byte-identical in a clean build.
    tree.scons("variant=coverage")
    notes = sorted(tree.path("build/coverage").rglob("*.gcno"))
    assert tree.path("build/coverage/port/core/modtime.gcno") in notes
    tree.assert_matches_clean_build("coverage")


def test_one_command_writes_every_report(tree):
    run = run_coverage(tree)
    assert run.labels("COVERAGE") == {REPORT}
    assert suite_ran(run)
    [line] = summary_lines(run)
    assert SUMMARY_RE.match(line), line
    assert line == run.stdout.strip().splitlines()[-1]  # the last thing printed

    summary = json.loads(tree.path(f"{REPORT}/summary.json").read_text())
    assert summary["line_total"] > 1000 and 0 < summary["line_percent"] < 100
    files = {entry["filename"] for entry in summary["files"]}
    assert MODTIME in files and PROBE_SOURCE in files and STATS in files
    assert any(name.endswith("micropython/py/vm.c") for name in files)
    assert any(name.endswith("micropython/extmod/modre.c") for name in files)
    assert any(name.endswith("micropython/shared/readline/readline.c") for name in files)
    assert not any("frozen_content" in name for name in files)  # generated code is not ours to test

    assert ElementTree.parse(tree.path(f"{REPORT}/coverage.xml")).getroot().tag == "coverage"

    index = tree.path(f"{REPORT}/index.html").read_text()
    pages = set(re.findall(r'href="(index\.[^"#]+\.html)"', index))
    detail_pages = {page for page in pages if page != "index.functions.html"}
    assert len(detail_pages) >= len(files) - 5, "the index should link a page for (nearly) every file"
    assert all(tree.path(f"{REPORT}/{page}").is_file() for page in pages)
    modtime_pages = [page for page in detail_pages if page.startswith("index.modtime.c.")]
    assert modtime_pages and "time_ticks_diff" in tree.path(f"{REPORT}/{modtime_pages[0]}").read_text()


def test_upstream_suite_is_part_of_the_run(tree):
    run = run_coverage(tree)
    [suite_line] = [line for line in run.stdout.splitlines() if line.startswith("upstream tests")]
    assert SUITE_SUMMARY_RE.match(suite_line), suite_line
    results = json.loads(tree.path(SUITE_RESULTS).read_text())
    assert results["dirs"] == list(upstream_tests.SUITE_DIRS)
    # The suite's failures (if any) are warned about, not fatal: `scons variant=coverage test` judges them.
    warned = [line for line in run.stderr.splitlines() if line.startswith("scons: warning:")]
    assert bool(warned) == bool(results["failed"]), (warned, results["failed"])
    assert all("`scons variant=coverage test` fails on them" in line for line in warned)
    counts = function_counts(tree)
    # Only upstream's tests use these (the probe program imports stats and a helper).
    assert counts[(MODTIME, "time_ticks_diff")] > 0  # extmod/ticks_diff.py
    regex_counts = [count for (name, _function), count in counts.items() if name.endswith("micropython/extmod/modre.c")]
    assert regex_counts and max(regex_counts) > 0  # extmod/re*.py
    areas = json.loads(tree.path(f"{REPORT}/areas.json").read_text())
    assert areas["areas"]["extmod"]["lines_covered"] > 0
    assert "bytecode" in areas["not_measured"]["frozen Python"]


def test_the_test_target_and_the_coverage_run_share_one_suite_run(tree):
    run_coverage(tree)
    # (check=False: the verdict on the suite's tests is test_upstream_suite.py's concern.)
    again = tree.scons("variant=coverage", "test", check=False)
    assert again.steps == set() and not suite_ran(again)  # the coverage run's suite is `test`'s
    # A suite run of its own (here: a changed skip list) also starts from zero counters, and the
    # coverage report follows it without counting anything twice.
    with open(tree.path("tests/upstream_skips.toml"), "a", encoding="utf-8") as stream:
        stream.write("# edited\n")
    write_program(tree, 4)
    assert suite_ran(tree.scons("variant=coverage", "test", check=False))
    run = run_coverage(tree)
    assert {label for label, _path in run.steps} == {"COVERAGE"} and not suite_ran(run)
    assert function_counts(tree)[(STATS, "stats_median")] == 4


def test_report_is_split_by_area(tree):
    run_coverage(tree)
    expected = {"py": "micropython/py/", "extmod": "micropython/extmod/", "shared": "micropython/shared/",
                "port": "ports/wasm/"}
    for area, folder in expected.items():
        summary = json.loads(tree.path(f"{REPORT}/{area}/summary.json").read_text())
        names = [entry["filename"] for entry in summary["files"]]
        assert names and all(folder in name for name in names), (area, names[:5])
        assert tree.path(f"{REPORT}/{area}/index.html").is_file()
        assert tree.path(f"{REPORT}/{area}/coverage.xml").is_file()
    areas = json.loads(tree.path(f"{REPORT}/areas.json").read_text())
    port = json.loads(tree.path(f"{REPORT}/port/summary.json").read_text())
    assert areas["areas"]["port"]["lines_total"] == port["line_total"]
    assert areas["own_areas"] == ["ports/wasm", "cmod"]
    assert areas["failed_programs"] == []


def test_called_function_has_counts_and_uncalled_has_zero(tree):
    write_program(tree, 7)
    run_coverage(tree)
    counts = function_counts(tree)
    assert counts[(STATS, "stats_median")] == 7
    assert counts[(PROBE_SOURCE, "coverage_probe_never_called")] == 0
    assert cobertura_hits(tree, STATS, "stats_median")[0] == 7
    probe_hits = cobertura_hits(tree, PROBE_SOURCE, "coverage_probe_never_called")
    assert probe_hits and set(probe_hits) == {0}


def test_up_to_date_report_runs_nothing_but_still_prints_the_summary(tree):
    run_coverage(tree)
    run = run_coverage(tree)
    assert run.steps == set()
    [line] = summary_lines(run)
    assert SUMMARY_RE.match(line)
    # The per-file pages (names chosen by gcovr) survive a build that does not rerun the report.
    tree.scons("variant=coverage")
    assert len(list(tree.path(REPORT).glob("index.modtime.c.*.html"))) == 1


def test_editing_a_test_program_reruns_tests_without_compiling(tree):
    write_program(tree, 7)
    run_coverage(tree)
    write_program(tree, 3, extra="stats.mean([1, 2])\n")
    run = run_coverage(tree)
    assert {label for label, _path in run.steps} == {"COVERAGE"} and not suite_ran(run)  # not the suite either
    counts = function_counts(tree)
    assert counts[(STATS, "stats_median")] == 3  # not 10: the earlier run's counters are gone
    assert counts[(STATS, "stats_mean")] == 1

    tree.path("tests/py/_probe_helper.py").write_text("def greeting():\n    return 'probe done, again'\n")
    run = run_coverage(tree)
    assert {label for label, _path in run.steps} == {"COVERAGE"}  # helpers the programs import count too


def test_user_module_test_programs_run_too(tree):
    write_program(tree, 2)
    module_tests = tree.path("cmod/stats/tests")
    module_tests.mkdir()
    (module_tests / "median_probe.py").write_text("import stats\nfor i in range(5):\n    stats.median([i])\n")
    try:
        run_coverage(tree)
        assert function_counts(tree)[(STATS, "stats_median")] == 2 + 5
    finally:
        shutil.rmtree(module_tests)


CLI_TESTS_PROBE = """\
import os
import subprocess


def test_median_from_the_command_line():
    micropython = os.path.join(os.environ["MPW_TEST_BUILT_VARIANT_DIR"], "micropython")
    subprocess.run([micropython, "-c", "import stats\\nfor i in range(3):\\n    stats.median([i])"], check=True)


def test_{name}():
    assert {verdict}
"""


def test_command_line_tests_run_through_pytest_and_only_warn_when_they_fail(tree):
    write_program(tree, 2)
    tree.path("tests/conftest.py").write_text("def pytest_addoption(parser):\n    parser.addoption('--variant')\n")
    cli_tests = tree.path("tests/runtime/test_cli.py")
    cli_tests.parent.mkdir(exist_ok=True)
    try:
        cli_tests.write_text(CLI_TESTS_PROBE.format(name="passing", verdict="True"))
        run = run_coverage(tree)
        assert function_counts(tree)[(STATS, "stats_median")] == 2 + 3  # on the instrumented build
        assert "tests/runtime/test_cli.py" not in run.stderr
        areas = json.loads(tree.path(f"{REPORT}/areas.json").read_text())
        assert areas["cli_tests"] == "tests/runtime/test_cli.py" and areas["failed_cli_tests"] is None

        cli_tests.write_text(CLI_TESTS_PROBE.format(name="failing", verdict="False"))
        run = run_coverage(tree)  # pytest judges them: the command passes
        assert ("scons: warning: tests/runtime/test_cli.py: pytest exit 1: 1 failed, 1 passed" in run.stderr
                and "tests/runtime/test_cli.py::test_failing" in run.stderr), run.stderr
        areas = json.loads(tree.path(f"{REPORT}/areas.json").read_text())
        assert "test_failing" in areas["failed_cli_tests"]
        assert function_counts(tree)[(STATS, "stats_median")] == 2 + 3
    finally:
        cli_tests.unlink()
        tree.path("tests/conftest.py").unlink()
    run_coverage(tree)
    assert function_counts(tree)[(STATS, "stats_median")] == 2


def test_counters_from_earlier_runs_and_other_objects_are_not_counted(tree):
    write_program(tree, 5)
    run_coverage(tree)
    counters = tree.path("build/coverage/port/core/modtime.gcda")
    notes = tree.path("build/coverage/port/core/modtime.gcno")
    # Counters run outside the report (as the language tests do) add to the same files ...
    micropython = str(tree.path("build/coverage/micropython"))
    subprocess.run([micropython, "-c", "import stats\nfor i in range(50): stats.median([i])"], check=True)
    # ... and copies of data files lie around where a directory scan would find them.
    stale = tree.path("build/coverage/port/old")
    stale.mkdir()
    shutil.copy(counters, stale / "modtime.gcda")
    shutil.copy(notes, stale / "modtime.gcno")

    write_program(tree, 2)
    run_coverage(tree)
    assert function_counts(tree)[(STATS, "stats_median")] == 2
    assert not stale.exists() or not any(stale.iterdir())


def test_objects_of_deleted_sources_leave_the_report(tree):
    add_port_source(tree, "core/coverage_extra.c",
                    "int coverage_extra_function(void);\nint coverage_extra_function(void) {\n    return 42;\n}\n")
    run_coverage(tree)
    summary = json.loads(tree.path(f"{REPORT}/summary.json").read_text())
    assert "ports/wasm/core/coverage_extra.c" in {entry["filename"] for entry in summary["files"]}
    assert list(tree.path(REPORT).glob("index.coverage_extra.c.*.html"))

    remove_port_source(tree, "core/coverage_extra.c")
    run = run_coverage(tree)
    assert "COVERAGE" in {label for label, _path in run.steps}
    summary = json.loads(tree.path(f"{REPORT}/summary.json").read_text())
    assert "ports/wasm/core/coverage_extra.c" not in {entry["filename"] for entry in summary["files"]}
    assert not list(tree.path(REPORT).glob("index.coverage_extra.c.*.html"))
    assert not list(tree.path("build/coverage/port/core").glob("coverage_extra.*"))


def test_threshold_fails_below_and_passes_at_or_above(tree):
    run_coverage(tree)
    areas = json.loads(tree.path(f"{REPORT}/areas.json").read_text())
    own_percent = 100 * areas["own"]["lines_covered"] / areas["own"]["lines_total"]
    assert 0 < own_percent < 100

    above_own = f"{own_percent + 0.5:.1f}"
    below = run_coverage(tree, f"coverage_min={above_own}", check=False)
    assert below.returncode != 0
    assert "line coverage of our own code (ports/wasm/ and cmod/) is" in below.stderr
    assert f"below coverage_min={float(above_own):g}" in below.stderr  # (as a number: 58.0 reads 58)
    assert not has_traceback(below)
    assert summary_lines(below), "the summary is printed even when the threshold fails"

    passing = run_coverage(tree, f"coverage_min={int(own_percent)}")
    assert summary_lines(passing)

    bad = run_coverage(tree, "coverage_min=lots", check=False)
    assert bad.returncode != 0 and "coverage_min=lots is not a percentage" in bad.stderr
    assert not has_traceback(bad)


def test_failing_test_program_fails_the_command_but_writes_the_report(tree):
    tree.path("tests/py/coverage_failing.py").write_text("raise ValueError('deliberate')\n")
    try:
        run = run_coverage(tree, check=False)
        assert run.returncode != 0
        assert re.search(r"error: 1 of \d+ test programs failed", run.stderr)
        assert "coverage_failing.py: exit 1: ValueError: deliberate" in run.stderr
        areas = json.loads(tree.path(f"{REPORT}/areas.json").read_text())
        assert len(areas["failed_programs"]) == 1
    finally:
        tree.path("tests/py/coverage_failing.py").unlink()
    assert run_coverage(tree).returncode == 0


def test_coverage_target_needs_the_coverage_variant(tree):
    run = tree.scons("variant=unix", "coverage", check=False)
    assert run.returncode != 0
    assert "`scons coverage` needs a coverage variant ('unix' is not instrumented)" in run.stderr
    assert "scons variant=coverage coverage" in run.stderr
    assert not has_traceback(run)


def test_clean_removes_notes_counters_and_report(tree):
    run_coverage(tree)
    tree.scons("-c", "variant=coverage", "coverage")
    left = [path for path in tree.path("build/coverage").rglob("*")
            if path.is_file() and (path.suffix in (".gcno", ".gcda", ".o") or REPORT in path.as_posix())]
    assert left == []
