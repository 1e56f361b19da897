"""The benchmark command (`python3 -m bench`) on its tiny setting.

Benchmarks are not timed tests: these check that the command runs and writes a
well-formed, self-consistent results file (keys, positive medians, ratios equal
to the quotient of the figures they name), not that any target is met. The
--quick run builds a scratch tree, like the graph tests, hence the marker.
"""

import json
import math
import os
import shutil
import statistics
import subprocess
import sys

import pytest

from buildtree import REPO

# `bench --quick` measures the runtime and size of `default`, which it builds in build/.
BUILDS_DEFAULT = pytest.mark.builds("default")

UNITS = {"s", "ms", "us", "pystones/s", "bytes"}
BUILD_FIGURES = ["clean", "noop", "code_edit", "comment_edit", "new_qstr", "compile_cpu", "compile_bound_limit",
                 "clean_scons_cpu", "clean_commands_cpu", "command_bound"]
RUNTIME_FIGURES = ["pystone", "fib", "alloc", "coldstart_first_line", "coldstart_exit"]
INTEROP_FIGURES = ["roundtrip", "list_to_js", "array_to_py"]


def run_bench(*arguments, env=None, timeout=900):
    return subprocess.run([sys.executable, "-m", "bench", *arguments], cwd=REPO, capture_output=True, text=True,
                          env=env, timeout=timeout)


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    output = tmp_path_factory.mktemp("bench")
    completed = run_bench("--quick", "--output", str(output))
    assert completed.returncode == 0, f"bench --quick failed:\n{completed.stdout[-3000:]}\n{completed.stderr[-3000:]}"
    assert "Traceback" not in completed.stderr
    return json.loads((output / "results.json").read_text()), (output / "results.md").read_text()


def is_positive_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value > 0


@BUILDS_DEFAULT
def test_results_have_the_documented_top_level_keys(quick):
    data, _ = quick
    assert data["schema"] == 1
    assert set(data) >= {"command", "date", "machine", "settings", "figures", "ratios", "differences", "notes"}
    assert data["command"].startswith("python3 -m bench") and "--quick" in data["command"]
    assert data["settings"]["quick"] is True and data["settings"]["runs"] == 1
    assert is_positive_number(data["machine"]["cores"])
    assert {"node", "emcc", "gcc", "CPython"} <= set(data["machine"]["tools"])


@BUILDS_DEFAULT
def test_every_figure_is_the_positive_median_of_its_samples(quick):
    data, _ = quick
    assert data["figures"]
    for key, figure in data["figures"].items():
        assert figure["unit"] in UNITS, key
        assert figure["what"], key
        assert figure["samples"] and all(is_positive_number(sample) for sample in figure["samples"]), key
        assert is_positive_number(figure["value"]), key
        assert figure["value"] == pytest.approx(statistics.median(figure["samples"])), key


@BUILDS_DEFAULT
def test_the_quick_setting_measures_each_section(quick):
    data, _ = quick
    figures = data["figures"]
    for name in BUILD_FIGURES:
        assert f"build.unix.{name}" in figures, name
    assert {"runtime.cpython.pystone", "runtime.unix.pystone", "runtime.cpython.coldstart_first_line"} <= set(figures)
    if shutil.which("node"):
        for name in RUNTIME_FIGURES:
            assert f"runtime.default.{name}" in figures, name
        assert "runtime.node.bare" in figures
    for kind in ("wasm", "js", "total"):
        assert f"size.default.{kind}.raw" in figures and f"size.default.{kind}.gzip" in figures
        assert figures[f"size.default.{kind}.gzip"]["value"] < figures[f"size.default.{kind}.raw"]["value"]
    # The official build is measured, or a note says why not.
    if "size.official.total.gzip" not in figures:
        assert any("official build skipped" in note for note in data["notes"]), data["notes"]


@BUILDS_DEFAULT
def test_interop_is_measured_on_default_and_against_the_official_build(quick):
    data, markdown = quick
    if not shutil.which("node"):
        pytest.skip("node is not installed")
    figures = data["figures"]
    assert "default" in data["settings"]["interop_builds"], data["notes"]
    for name in INTEROP_FIGURES:
        assert figures[f"interop.default.{name}"]["unit"] == "us", name
    assert "## Interop" in markdown and "| build | JS → Python → JS call |" in markdown
    if "official" in data["settings"]["interop_builds"]:
        for name in INTEROP_FIGURES:
            ratio = data["ratios"][f"interop.{name}.default_vs_official"]
            # A time per operation: official / ours, a speed-up, judged against "ours faster".
            assert (ratio["numerator"], ratio["denominator"]) == (f"interop.official.{name}", f"interop.default.{name}")
            assert ratio["target"] == {"op": ">=", "value": 1.0}
    else:
        assert any("official build skipped" in note or note.startswith("interop: official")
                   for note in data["notes"]), data["notes"]


def test_interop_output_is_parsed_only_when_its_check_line_is_right():
    from bench import interop
    good = ("check: 2000 true 499500 1000 499500\nroundtrip us: 3.5\nlist_to_js us: 40.25\n"
            "array_to_py us: 90\n")
    assert interop.parse_output(good, 2000) == {"roundtrip": 3.5, "list_to_js": 40.25, "array_to_py": 90.0}
    assert interop.parse_output(good.replace("499500 1000", "499499 1000"), 2000) is None
    assert interop.parse_output(good, 20000) is None
    assert interop.parse_output(good.replace("list_to_js us: 40.25\n", ""), 2000) is None


def test_a_baseline_that_is_not_a_commit_is_one_clear_message(tmp_path):
    completed = run_bench("--quick", "--baseline", "no-such-revision", "--output", str(tmp_path), timeout=60)
    assert completed.returncode == 1
    assert "--baseline: 'no-such-revision' is not a commit of this repository" in completed.stderr
    assert "Traceback" not in completed.stderr and not (tmp_path / "results.json").exists()


def test_baseline_pystone_is_judged_against_the_three_percent_bound():
    from bench.results import Results
    from bench.runtime import add_runtime_ratios
    results = Results("python3 -m bench", "today", {}, {})
    results.add_figure("runtime.default.pystone", [97_000], "pystones/s", "now")
    results.add_figure("runtime.baseline.pystone", [100_000], "pystones/s", "before")
    add_runtime_ratios(results, ["default"], baseline=True)
    ratio = results.ratios["runtime.pystone.default_vs_baseline"]
    assert ratio["value"] == pytest.approx(0.97) and ratio["meets_target"] is True
    results.add_figure("runtime.default.pystone", [96_000], "pystones/s", "now, slower")
    add_runtime_ratios(results, ["default"], baseline=True)
    assert results.ratios["runtime.pystone.default_vs_baseline"]["meets_target"] is False
    without_baseline = Results("python3 -m bench", "today", {}, {})
    without_baseline.add_figure("runtime.default.pystone", [97_000], "pystones/s", "now")
    add_runtime_ratios(without_baseline, ["default"])
    assert "runtime.pystone.default_vs_baseline" not in without_baseline.ratios


@BUILDS_DEFAULT
def test_build_figures_record_the_steps_each_run_ran(quick):
    data, _ = quick
    for name in ("clean", "noop", "code_edit", "comment_edit", "new_qstr"):
        figure = data["figures"][f"build.unix.{name}"]
        counts = figure["step_counts"]
        assert len(counts) == len(figure["samples"])
        assert all(isinstance(count, int) and count >= 0 for count in counts)
        assert sum(figure["steps"].values()) == counts[-1]
    assert data["figures"]["build.unix.clean"]["steps"]["CC"] > 0
    assert "LINK" in data["figures"]["build.unix.code_edit"]["steps"]


@BUILDS_DEFAULT
def test_clean_build_cpu_splits_into_scons_and_the_commands_it_ran(quick):
    data, _ = quick
    figures = data["figures"]
    commands = figures["build.unix.clean_commands_cpu"]["value"]
    # The clean build ran every compile command (timed one at a time for compile_cpu), and more.
    assert commands >= 0.8 * figures["build.unix.compile_cpu"]["value"]
    assert figures["build.unix.command_bound"]["value"] == pytest.approx(commands / data["settings"]["jobs"])
    assert "build.unix.command_bound_vs_limit" in data["ratios"]


@BUILDS_DEFAULT
def test_ratios_and_differences_are_those_of_the_named_figures(quick):
    data, _ = quick
    figures = data["figures"]
    assert "build.unix.clean_vs_limit" in data["ratios"]
    for key, ratio in data["ratios"].items():
        numerator, denominator = figures[ratio["numerator"]], figures[ratio["denominator"]]
        assert is_positive_number(ratio["value"]), key
        assert ratio["value"] == pytest.approx(numerator["value"] / denominator["value"]), key
    for key, difference in data["differences"].items():
        minuend, subtrahend = figures[difference["minuend"]], figures[difference["subtrahend"]]
        assert minuend["unit"] == subtrahend["unit"] == difference["unit"], key
        assert difference["value"] == pytest.approx(minuend["value"] - subtrahend["value"]), key


@BUILDS_DEFAULT
def test_target_verdicts_match_the_values(quick):
    data, _ = quick
    entries = [*data["figures"].values(), *data["ratios"].values(), *data["differences"].values()]
    judged = [entry for entry in entries if "target" in entry]
    assert judged
    for entry in judged:
        bound = entry["target"]["value"]
        expected = entry["value"] <= bound if entry["target"]["op"] == "<=" else entry["value"] >= bound
        assert entry["meets_target"] is expected


@BUILDS_DEFAULT
def test_markdown_report_has_the_tables_and_says_it_is_a_quick_run(quick):
    data, markdown = quick
    assert "--quick" in markdown
    assert "| variant | clean | no-op |" in markdown
    assert "| interpreter |" in markdown and "| build | .wasm |" in markdown
    assert "## Comparisons and targets" in markdown
    assert data["date"] in markdown


def test_bad_options_give_one_clear_message():
    completed = run_bench("--only", "nonsense", timeout=60)
    assert completed.returncode == 2 and "unknown section" in completed.stderr
    completed = run_bench("--variants", "no_such_variant", timeout=60)
    assert completed.returncode == 1
    assert "unknown variant(s) no_such_variant" in completed.stderr and "valid variants:" in completed.stderr
    assert "Traceback" not in completed.stderr


@BUILDS_DEFAULT
def test_unreachable_npm_registry_skips_the_official_build_with_a_note(tmp_path):
    environment = dict(os.environ, npm_config_registry="http://127.0.0.1:9/")
    completed = run_bench("--quick", "--only", "size", "--official-dir", str(tmp_path / "official"),
                          "--output", str(tmp_path / "out"), env=environment)
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert "Traceback" not in completed.stderr
    data = json.loads((tmp_path / "out" / "results.json").read_text())
    assert any(note.startswith("official build skipped") for note in data["notes"]), data["notes"]
    assert "size.official.total.gzip" not in data["figures"] and "size.default.total.gzip" in data["figures"]
