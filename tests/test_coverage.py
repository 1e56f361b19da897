"""`scons variant=coverage coverage` on a scratch tree: reports, counts, threshold, incremental reruns.

The scratch tree gets its own small tests/py (a probe program that calls
``time.ticks_diff`` a known number of times, and a helper it imports) and a
port source with a function nothing calls, so exact counts can be checked.
"""

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree

import pytest

from buildtree import REPO, ScratchTree

pytestmark = pytest.mark.graph

PROGRAM = "tests/py/coverage_probe.py"
REPORT = "build/coverage/report"
MODTIME = "ports/wasm/core/modtime.c"
PROBE_SOURCE = "ports/wasm/core/coverage_probe.c"
SUMMARY_RE = re.compile(r"^coverage: lines (\d+\.\d)% \(\d+/\d+\), branches (\d+\.\d)% \(\d+/\d+\); .*"
                        r"own code lines (\d+\.\d)%; report build/coverage/report/index.html$")


def write_program(tree, ticks_diff_calls, extra=""):
    tree.path(PROGRAM).write_text(
        "import time\nfrom _probe_helper import greeting\n"
        f"for i in range({ticks_diff_calls}):\n    time.ticks_diff(i, 0)\n"
        f"{extra}print(greeting())\n"
    )


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
def tree(tmp_path_factory):
    tree = ScratchTree.create(tmp_path_factory.mktemp("coverage") / "tree")
    if (REPO / "cmod").is_dir() and not tree.path("cmod").exists():  # user modules built into the port
        shutil.copytree(REPO / "cmod", tree.path("cmod"), ignore=shutil.ignore_patterns("__pycache__"))
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
    [line] = summary_lines(run)
    assert SUMMARY_RE.match(line), line
    assert line == run.stdout.strip().splitlines()[-1]  # the last thing printed

    summary = json.loads(tree.path(f"{REPORT}/summary.json").read_text())
    assert summary["line_total"] > 1000 and 0 < summary["line_percent"] < 100
    files = {entry["filename"] for entry in summary["files"]}
    assert MODTIME in files and PROBE_SOURCE in files
    assert any(name.endswith("micropython/py/vm.c") for name in files)
    assert any(name.endswith("micropython/shared/runtime/pyexec.c") for name in files)
    assert not any("frozen_content" in name for name in files)  # generated code is not ours to test

    assert ElementTree.parse(tree.path(f"{REPORT}/coverage.xml")).getroot().tag == "coverage"

    index = tree.path(f"{REPORT}/index.html").read_text()
    pages = set(re.findall(r'href="(index\.[^"#]+\.html)"', index))
    detail_pages = {page for page in pages if page != "index.functions.html"}
    assert len(detail_pages) >= len(files) - 5, "the index should link a page for (nearly) every file"
    assert all(tree.path(f"{REPORT}/{page}").is_file() for page in pages)
    modtime_pages = [page for page in detail_pages if page.startswith("index.modtime.c.")]
    assert modtime_pages and "time_ticks_diff" in tree.path(f"{REPORT}/{modtime_pages[0]}").read_text()


def test_report_is_split_by_area(tree):
    run_coverage(tree)
    expected = {"py": "micropython/py/", "shared": "micropython/shared/", "port": "ports/wasm/"}
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
    assert counts[(MODTIME, "time_ticks_diff")] == 7
    assert counts[(PROBE_SOURCE, "coverage_probe_never_called")] == 0
    assert cobertura_hits(tree, MODTIME, "time_ticks_diff")[0] == 7
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
    write_program(tree, 3, extra="time.ticks_add(1, 2)\n")
    run = run_coverage(tree)
    assert {label for label, _path in run.steps} == {"COVERAGE"}
    counts = function_counts(tree)
    assert counts[(MODTIME, "time_ticks_diff")] == 3  # not 10: the earlier run's counters are gone
    assert counts[(MODTIME, "time_ticks_add")] == 1

    tree.path("tests/py/_probe_helper.py").write_text("def greeting():\n    return 'probe done, again'\n")
    run = run_coverage(tree)
    assert {label for label, _path in run.steps} == {"COVERAGE"}  # helpers the programs import count too


def test_counters_from_earlier_runs_and_other_objects_are_not_counted(tree):
    write_program(tree, 5)
    run_coverage(tree)
    counters = tree.path("build/coverage/port/core/modtime.gcda")
    notes = tree.path("build/coverage/port/core/modtime.gcno")
    # Counters run outside the report (as the language tests do) add to the same files ...
    micropython = str(tree.path("build/coverage/micropython"))
    subprocess.run([micropython, "-c", "import time\nfor i in range(50): time.ticks_diff(i, 0)"], check=True)
    # ... and copies of data files lie around where a directory scan would find them.
    stale = tree.path("build/coverage/port/old")
    stale.mkdir()
    shutil.copy(counters, stale / "modtime.gcda")
    shutil.copy(notes, stale / "modtime.gcno")

    write_program(tree, 2)
    run_coverage(tree)
    assert function_counts(tree)[(MODTIME, "time_ticks_diff")] == 2
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

    below = run_coverage(tree, f"coverage_min={own_percent + 0.5:.1f}", check=False)
    assert below.returncode != 0
    assert "line coverage of our own code (ports/wasm/ and cmod/) is" in below.stderr
    assert f"below coverage_min={own_percent + 0.5:.1f}" in below.stderr
    assert "Traceback" not in below.stdout + below.stderr
    assert summary_lines(below), "the summary is printed even when the threshold fails"

    passing = run_coverage(tree, f"coverage_min={int(own_percent)}")
    assert summary_lines(passing)

    bad = run_coverage(tree, "coverage_min=lots", check=False)
    assert bad.returncode != 0 and "coverage_min=lots is not a percentage" in bad.stderr
    assert "Traceback" not in bad.stdout + bad.stderr


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
    assert "Traceback" not in run.stdout + run.stderr


def test_clean_removes_notes_counters_and_report(tree):
    run_coverage(tree)
    tree.scons("-c", "variant=coverage", "coverage")
    left = [path for path in tree.path("build/coverage").rglob("*")
            if path.is_file() and (path.suffix in (".gcno", ".gcda", ".o") or REPORT in path.as_posix())]
    assert left == []
