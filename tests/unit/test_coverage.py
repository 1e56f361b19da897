"""mpbuild.coverage: programs, counters, gcovr command lines, the summary and the threshold (no SCons)."""

import os
import re
import sys

import pytest

from mpbuild import coverage


def make_files(root, *relatives):
    for relative in relatives:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x\n")


# --- programs -------------------------------------------------------------------------------

def test_programs_skip_helpers_and_caches(tmp_path):
    make_files(tmp_path, "tests/py/b.py", "tests/py/a.py", "tests/py/_helper.py",
               "tests/py/__pycache__/a.cpython-311.py", "tests/py/pkg/__init__.py",
               "cmod/adder/tests/adder_test.py", "cmod/adder/adder.c")
    programs = coverage.find_test_programs(tmp_path, ["tests/py/*.py", "cmod/*/tests/*.py"])
    assert [p.relative_to(tmp_path).as_posix() for p in programs] == [
        "cmod/adder/tests/adder_test.py", "tests/py/a.py", "tests/py/b.py"]


def test_missing_folders_give_no_programs(tmp_path):
    assert coverage.find_test_programs(tmp_path, ["cmod/*/tests/*.py"]) == []
    assert coverage.program_inputs(tmp_path, ["cmod/*/tests/*.py"]) == []


def test_inputs_are_every_file_beside_the_programs(tmp_path):
    make_files(tmp_path, "tests/py/a.py", "tests/py/_helper.py", "tests/py/a.py.exp",
               "tests/py/pkg/sub/mod.py", "tests/py/__pycache__/x.pyc", "tests/other/unrelated.py")
    inputs = coverage.program_inputs(tmp_path, ["tests/py/*.py"])
    assert [p.relative_to(tmp_path).as_posix() for p in inputs] == [
        "tests/py/_helper.py", "tests/py/a.py", "tests/py/a.py.exp", "tests/py/pkg/sub/mod.py"]


def test_program_environment_drops_what_redirects_imports_or_counters():
    environment = coverage.program_environment(
        {"PATH": "/bin", "MICROPYPATH": "lib", "GCOV_PREFIX": "/elsewhere", "GCOV_PREFIX_STRIP": "3"})
    assert environment == {"PATH": "/bin"}


def test_run_program_reports_success_and_failure(tmp_path):
    (tmp_path / "ok.py").write_text("print('fine')\n")
    (tmp_path / "bad.py").write_text("import sys\nsys.stderr.write('first\\nValueError: boom\\n')\nsys.exit(3)\n")
    (tmp_path / "cwd.py").write_text("import os, sys\nsys.exit(0 if os.path.exists('ok.py') else 5)\n")
    assert coverage.run_program(sys.executable, tmp_path / "ok.py") is None
    assert coverage.run_program(sys.executable, tmp_path / "cwd.py") is None  # runs from its folder
    failure = coverage.run_program(sys.executable, tmp_path / "bad.py")
    assert failure == f"{tmp_path / 'bad.py'}: exit 3: ValueError: boom"


def test_run_program_times_out(tmp_path):
    (tmp_path / "slow.py").write_text("import time\ntime.sleep(5)\n")
    failure = coverage.run_program(sys.executable, tmp_path / "slow.py", timeout=0.3)
    assert failure.endswith("timed out after 0.3 s")


# --- counters -------------------------------------------------------------------------------

def test_reset_counters_removes_only_counters(tmp_path):
    make_files(tmp_path, "port/core/a.o", "port/core/a.gcno", "port/core/a.gcda", "mp/py/obj.gcda",
               "gone/old.gcda")
    assert coverage.reset_counters(tmp_path) == 3
    left = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert left == ["port/core/a.gcno", "port/core/a.o"]


def test_suite_counters_are_saved_and_restored_exactly(tmp_path):
    variant = tmp_path / "coverage"
    make_files(variant, "port/core/a.o", "port/core/a.gcno", "mp/py/obj.gcno")
    (variant / "port/core/a.gcda").write_bytes(b"suite a")
    (variant / "mp/py/obj.gcda").write_bytes(b"suite obj")
    archive = tmp_path / "suite-counters.zip"
    assert coverage.save_counters(variant, archive) == 2
    assert not list(tmp_path.glob("suite-counters.zip.tmp*"))

    # Later runs add to the counters, and stray copies appear; restoring gives exactly the suite's.
    (variant / "port/core/a.gcda").write_bytes(b"suite a + programs")
    make_files(variant, "port/old/a.gcda")
    (variant / "mp/py/obj.gcda").unlink()
    assert coverage.restore_counters(variant, archive) == 2
    counters = {p.relative_to(variant).as_posix(): p.read_bytes() for p in variant.rglob("*.gcda")}
    assert counters == {"port/core/a.gcda": b"suite a", "mp/py/obj.gcda": b"suite obj"}
    assert (variant / "port/core/a.gcno").is_file()  # notes stay


def test_missing_or_broken_suite_counters_are_a_clear_error(tmp_path):
    for content in (None, b"not a zip"):
        archive = tmp_path / "suite-counters.zip"
        if content is not None:
            archive.write_bytes(content)
        with pytest.raises(coverage.CoverageError) as error:
            coverage.restore_counters(tmp_path, archive)
        message = str(error.value)
        assert "counters of upstream's test suite" in message and "suite-counters.zip" in message
        assert "scons variant=coverage coverage" in message


def test_data_files_are_those_of_the_current_objects(tmp_path):
    # ran.o ran (counters), idle.o did not (notes only); stale.* belong to no current object.
    make_files(tmp_path, "ran.o", "ran.gcno", "ran.gcda", "idle.o", "idle.gcno", "stale.gcno", "stale.gcda")
    objects = [str(tmp_path / "ran.o"), str(tmp_path / "idle.o")]
    assert coverage.data_files_for(objects) == [str(tmp_path / "ran.gcda"), str(tmp_path / "idle.gcno")]


def test_object_without_notes_is_an_error(tmp_path):
    make_files(tmp_path, "plain.o", "plain.gcda")
    with pytest.raises(coverage.CoverageError) as error:
        coverage.data_files_for([str(tmp_path / "plain.o")])
    message = str(error.value)
    assert "plain.gcno" in message and "--coverage" in message and "scons -c variant=coverage" in message


# --- gcovr command lines ---------------------------------------------------------------------

def test_filters_are_absolute_real_paths_of_the_areas(tmp_path):
    real_upstream = tmp_path / "elsewhere" / "micropython"
    (real_upstream / "py").mkdir(parents=True)
    root = tmp_path / "repo+1"  # a regex character in the path must not change what matches
    root.mkdir()
    (root / "micropython").symlink_to(real_upstream, target_is_directory=True)
    command = coverage.tracefile_command("py", str(root), ["a.gcda", "b.gcno"], "out.json", jobs=2)
    filters = [command[i + 1] for i, arg in enumerate(command) if arg == "--filter"]
    assert len(filters) == len(coverage.AREAS)
    assert all(os.path.isabs(f) for f in filters)  # gcovr treats these as absolute filters
    py_filter = re.compile(filters[0])
    assert py_filter.match(f"{real_upstream}/py/obj.c")  # gcovr matches real paths
    assert not py_filter.match(f"{real_upstream}/pyx/obj.c")
    port_filter = re.compile(filters[[area.name for area in coverage.AREAS].index("port")])
    assert port_filter.match(f"{root}/ports/wasm/core/file.c")
    assert not port_filter.match(f"{tmp_path}/repo11/ports/wasm/core/file.c")
    assert command[:3] == ["py", "-m", "gcovr"]
    assert command[-3:] == ["out.json", "a.gcda", "b.gcno"] and command[-4] == "--json"
    assert command[command.index("-j") + 1] == "2"


def test_report_command_for_all_and_for_one_area(tmp_path):
    everything = coverage.report_command("py", str(tmp_path), "t.json", "rep", "Title")
    assert "--filter" not in everything
    assert everything[everything.index("--add-tracefile") + 1] == "t.json"
    assert everything[everything.index("--html-details") + 1] == os.path.join("rep", "index.html")
    assert everything[everything.index("--cobertura") + 1] == os.path.join("rep", "coverage.xml")
    assert everything[everything.index("--json-summary") + 1] == os.path.join("rep", "summary.json")
    port = coverage.report_command("py", str(tmp_path), "t.json", "rep/port", "Title", area="port")
    assert port[port.index("--filter") + 1] == re.escape(str(tmp_path / "ports" / "wasm") + "/")
    assert "--html-details" not in port  # one table: the per-file pages are the full report's
    assert port[port.index("--html") + 1] == os.path.join("rep/port", "index.html")


# --- summary and threshold -------------------------------------------------------------------

def file_entry(name, lines, total, branches=0, branch_total=0):
    return {"filename": name, "line_covered": lines, "line_total": total,
            "branch_covered": branches, "branch_total": branch_total}


def test_summarize_splits_by_area(tmp_path):
    summary = {"files": [
        file_entry("micropython/py/obj.c", 80, 100, 10, 20),
        file_entry("micropython/extmod/modre.c", 7, 8, 1, 4),
        file_entry("micropython/lib/re1.5/compilecode.c", 3, 9),
        file_entry("micropython/shared/runtime/pyexec.c", 1, 50, 0, 10),
        file_entry("ports/wasm/core/file.c", 30, 40, 5, 10),
        file_entry("cmod/adder/adder.pym", 9, 10, 1, 2),
        file_entry("somewhere/else.c", 1, 1),
    ]}
    result = coverage.summarize(summary, str(tmp_path))
    assert result["total"]["lines_covered"] == 131 and result["total"]["lines_total"] == 218
    assert result["areas"]["py"]["lines_total"] == 100
    assert result["areas"]["extmod"] == {"lines_covered": 7, "lines_total": 8, "branches_covered": 1,
                                         "branches_total": 4, "files": 1}
    assert result["areas"]["lib"]["lines_total"] == 9
    assert result["areas"]["shared"]["files"] == 1
    assert result["areas"]["port"]["lines_covered"] == 30
    assert result["areas"]["cmod"]["branches_total"] == 2
    assert result["own"] == {"lines_covered": 39, "lines_total": 50, "branches_covered": 6,
                             "branches_total": 12, "files": 2}


def test_summarize_follows_symlinked_upstream(tmp_path):
    real_upstream = tmp_path / "real"
    (real_upstream / "py").mkdir(parents=True)
    root = tmp_path / "repo"
    root.mkdir()
    (root / "micropython").symlink_to(real_upstream, target_is_directory=True)
    # gcovr names a file outside the root by its path relative to the root.
    summary = {"files": [file_entry(os.path.relpath(real_upstream / "py" / "obj.c", root), 1, 2)]}
    assert coverage.summarize(summary, str(root))["areas"]["py"]["lines_total"] == 2


def test_summary_line_has_lines_and_branches():
    summarized = coverage.summarize({"files": [file_entry("ports/wasm/a.c", 2, 3, 1, 3)]}, "/nonexistent")
    line = coverage.summary_line(summarized)
    assert "\n" not in line
    assert line.startswith("coverage: lines 66.6% (2/3), branches 33.3% (1/3); ")
    assert "ports/wasm/ 66.6%" in line and "cmod/ n/a" in line and "own code lines 66.6%" in line
    assert "micropython/extmod/ n/a" in line


def test_frozen_python_is_reported_as_not_measured():
    summarized = coverage.summarize({"files": []}, "/nonexistent")
    assert "bytecode" in summarized["not_measured"]["frozen Python"]


def test_percent_rounds_down():
    assert coverage.percent(0.99999) == "99.9%"
    assert coverage.percent(1.0) == "100.0%"
    assert coverage.percent(0) == "0.0%"
    assert coverage.percent(None) == "n/a"


@pytest.mark.parametrize("text, value", [("", None), (None, None), ("60", 60.0), ("72.5", 72.5),
                                         ("0", 0.0), ("100", 100.0), (" 80% ", 80.0)])
def test_threshold_values(text, value):
    assert coverage.parse_threshold(text) == value


@pytest.mark.parametrize("text", ["abc", "-1", "100.5", "nan", "inf"])
def test_bad_threshold_is_a_clear_error(text):
    with pytest.raises(coverage.CoverageError, match=r"coverage_min=.* is not a percentage; use a number"):
        coverage.parse_threshold(text)


def test_threshold_applies_to_own_code_only():
    summarized = coverage.summarize({"files": [
        file_entry("micropython/py/obj.c", 100, 100),
        file_entry("ports/wasm/a.c", 1, 4),
    ]}, "/nonexistent-root")
    assert coverage.threshold_failure(summarized, None, "r/index.html") is None
    assert coverage.threshold_failure(summarized, 25, "r/index.html") is None
    message = coverage.threshold_failure(summarized, 25.1, "r/index.html")
    assert message.startswith("line coverage of our own code (ports/wasm/ and cmod/) is 25.0% (1/4 lines), "
                              "below coverage_min=25.1")
    assert "r/index.html" in message


def test_threshold_without_own_code_measured():
    summarized = coverage.summarize({"files": [file_entry("micropython/py/obj.c", 1, 1)]}, "/nonexistent")
    assert "no lines of our own code" in coverage.threshold_failure(summarized, 10, "i.html")


def test_report_files_lists_everything_but_temporaries(tmp_path):
    make_files(tmp_path, "index.html", "port/index.html", "summary.json.tmp123")
    assert coverage.report_files(tmp_path) == ["index.html", "port/index.html"]


def test_user_module_folders_join_the_modules_area(tmp_path):
    (tmp_path / "extra_mods").mkdir()
    summary = {"files": [file_entry("extra_mods/adder/adder.c", 1, 2), file_entry("cmod/x/x.c", 1, 2)]}
    result = coverage.summarize(summary, str(tmp_path), module_folders=["extra_mods", "cmod"])
    assert result["areas"]["cmod"]["files"] == 2 and result["own"]["lines_total"] == 4
    assert result["own_areas"] == ["ports/wasm", "cmod", "extra_mods"]
    command = coverage.tracefile_command("py", str(tmp_path), [], "t.json", module_folders=["extra_mods"])
    assert re.escape(str(tmp_path / "extra_mods") + "/") in command
    only_modules = coverage.report_command("py", str(tmp_path), "t.json", "r", "T", area="cmod",
                                           module_folders=["extra_mods"])
    filters = [only_modules[i + 1] for i, arg in enumerate(only_modules) if arg == "--filter"]
    assert filters == [re.escape(str(tmp_path / "cmod") + "/"), re.escape(str(tmp_path / "extra_mods") + "/")]


def test_absolute_patterns_find_programs_outside_the_root(tmp_path):
    make_files(tmp_path, "elsewhere/mods/adder/tests/adder_check.py", "repo/tests/py/a.py")
    pattern = str(tmp_path / "elsewhere" / "mods" / "*" / "tests" / "*.py")
    programs = coverage.find_test_programs(tmp_path / "repo", ["tests/py/*.py", pattern])
    assert programs == [tmp_path / "elsewhere/mods/adder/tests/adder_check.py", tmp_path / "repo/tests/py/a.py"]


# --- command-line tests ----------------------------------------------------------------------

def test_cli_tests_run_through_pytest_on_the_built_variant():
    command = coverage.cli_tests_command("py", "coverage")
    assert command[:4] == ["py", "-m", "pytest", "tests/runtime/test_cli.py"] and "--variant=coverage" in command
    environment = coverage.cli_tests_environment({"PATH": "/bin", "GCOV_PREFIX": "/x"}, "/repo/build/coverage")
    assert environment == {"PATH": "/bin", "MPW_TEST_BUILT_VARIANT_DIR": "/repo/build/coverage"}


def test_cli_tests_outcome_names_the_failed_tests():
    assert coverage.cli_tests_outcome(0, "75 passed in 9.1s\n") is None
    output = ("..F.\nFAILED tests/runtime/test_cli.py::test_a[coverage] - AssertionError: x\n"
              "FAILED tests/runtime/test_cli.py::test_b[coverage]\n========= 2 failed, 73 passed in 9.09s =========\n")
    assert coverage.cli_tests_outcome(1, output) == (
        "tests/runtime/test_cli.py: pytest exit 1: 2 failed, 73 passed in 9.09s: "
        "tests/runtime/test_cli.py::test_a[coverage], tests/runtime/test_cli.py::test_b[coverage]")
    assert coverage.cli_tests_outcome(4, "") == "tests/runtime/test_cli.py: pytest exit 4: (no output)"


def test_cli_tests_outcome_finds_the_summary_before_lines_plugins_print_after_it():
    output = ("F.\nFAILED tests/runtime/test_cli.py::test_failing\n1 failed, 1 passed in 0.50s\n"
              "warner(PytestBenchmarkWarning(text))\n")
    assert coverage.cli_tests_outcome(1, output) == (
        "tests/runtime/test_cli.py: pytest exit 1: 1 failed, 1 passed in 0.50s: tests/runtime/test_cli.py::test_failing")


def test_cli_tests_that_hang_are_stopped(tmp_path, monkeypatch):
    monkeypatch.setattr(coverage, "CLI_TESTS_TIMEOUT_SECONDS", 0.5)
    monkeypatch.setattr(coverage, "cli_tests_command", lambda python, variant: [python, "-c", "import time; time.sleep(5)"])
    assert coverage.run_cli_tests(sys.executable, str(tmp_path), "coverage", str(tmp_path)) == (
        "tests/runtime/test_cli.py: timed out after 0.5 s")
