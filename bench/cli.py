"""`python3 -m bench`: measure, then write results.json and results.md."""

import argparse
import datetime
import fcntl
import os
import pathlib
import platform
import re
import shlex
import shutil
import subprocess
import sys
import time

from bench import baseline, builds, coverage, interop, official, report, runtime, sizes
from bench.errors import BenchError
from bench.paths import REPO, VARIANTS_DIR, variants, write_text_atomically
from bench.results import Results

SECTIONS = ("build", "runtime", "size", "coverage")


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        prog="python3 -m bench",
        description="Benchmark builds, runtime speed and download sizes against the references; "
                    "writes results.json and results.md (see docs/benchmarks.md).")
    parser.add_argument("--quick", action="store_true",
                        help="tiny setting (for the test suite): 1 run, small workloads, builds of unix only, "
                             "runtime and size of default only, no variant-switch figure and no mpy-cross reference")
    parser.add_argument("--runs", type=int, help="runs per figure, whose median is reported (default 3; 1 with --quick)")
    parser.add_argument("--only", help="comma-separated sections to measure: build, runtime, size, coverage (default: all; "
                             "--quick leaves out coverage)")
    parser.add_argument("--variants",
                        help="comma-separated variants: builds of these, runtime and size of the WebAssembly ones "
                             "(default: builds of unix and default, runtime and size of every WebAssembly variant)")
    parser.add_argument("--official", default=official.DEFAULT_VERSION, metavar="VERSION",
                        help=f"version of npm {official.PACKAGE} to compare with (default {official.DEFAULT_VERSION})")
    parser.add_argument("--official-dir", default=str(REPO / "build" / "bench" / "official"), metavar="DIR",
                        help="npm prefix the official build is installed into (default build/bench/official)")
    parser.add_argument("--no-official", action="store_true", help="leave out the official build")
    parser.add_argument("--baseline", metavar="REV",
                        help="also measure `default` built from commit REV (once, under build/bench/baseline/) in the "
                             "same runtime runs: pystone against it, target within 3%%")
    parser.add_argument("--output", default=str(REPO / "build" / "bench"), metavar="DIR",
                        help="folder for results.json and results.md (default build/bench)")
    arguments = parser.parse_args(argv)
    if arguments.runs is None:
        arguments.runs = 1 if arguments.quick else 3
    if arguments.runs < 1:
        parser.error("--runs must be at least 1")
    sections = [s.strip() for s in (arguments.only or ",".join(SECTIONS)).split(",") if s.strip()]
    unknown = [s for s in sections if s not in SECTIONS]
    if unknown or not sections:
        parser.error(f"--only: unknown section(s) {', '.join(unknown) or '(none)'}; choose from {', '.join(SECTIONS)}")
    arguments.sections = sections
    return arguments


def tool_version(command):
    if shutil.which(command[0]) is None:
        return "not installed"
    try:
        completed = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    lines = (completed.stdout or completed.stderr).strip().splitlines()
    numbers = re.findall(r"\d+(?:\.\d+)+", lines[0]) if lines else []
    return numbers[-1] if numbers else (lines[0] if lines else "unknown")


def describe_machine():
    cpu = platform.processor() or platform.machine()
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import SCons
        scons_version = SCons.__version__
    except ImportError:
        scons_version = "not installed"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "os": platform.platform(),
        "tools": {
            "CPython": sys.version.split()[0],
            "SCons": scons_version,
            "node": tool_version(["node", "--version"]),
            "emcc": tool_version(["emcc", "--version"]),
            "gcc": tool_version(["gcc", "--version"]),
            "make": tool_version(["make", "--version"]),
        },
    }


def choose_variants(arguments):
    try:
        available = variants.list_variants(VARIANTS_DIR)
        targets = {name: variants.load_variant(VARIANTS_DIR, name).target for name in available}
    except variants.VariantError as error:
        raise BenchError(str(error)) from None
    if arguments.variants:
        chosen = [v.strip() for v in arguments.variants.split(",") if v.strip()]
        unknown = [v for v in chosen if v not in targets]
        if unknown:
            raise BenchError(f"--variants: unknown variant(s) {', '.join(unknown)}; valid variants: "
                             f"{', '.join(available)} (variants/*.toml)")
        return chosen, [v for v in chosen if targets[v] == "wasm"]
    if arguments.quick:
        return ["unix"], ["default"]
    return ["unix", "default"], [v for v in available if targets[v] == "wasm"]


def hold_work_lock(work, log):
    """One benchmark run per work folder at a time (a second one waits)."""
    work.mkdir(parents=True, exist_ok=True)
    lock = open(work / ".lock", "a")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        log(f"{work} is in use by another benchmark run; waiting for it to finish...")
        fcntl.flock(lock, fcntl.LOCK_EX)
    return lock


def run(arguments, command_line, log):
    build_variants, wasm_variants = choose_variants(arguments)
    if arguments.baseline:
        baseline.resolve_commit(arguments.baseline)  # a wrong REV stops here, before any measuring
    workloads = runtime.WORKLOADS["quick" if arguments.quick else "full"]
    bench_root = REPO / "build" / "bench"
    work = bench_root / ("work-quick" if arguments.quick else "work")
    output = pathlib.Path(arguments.output).resolve()
    lock = hold_work_lock(work, log)
    started = time.perf_counter()

    settings = {
        "quick": arguments.quick, "runs": arguments.runs, "jobs": builds.JOBS, "sections": arguments.sections,
        "build_variants": build_variants if "build" in arguments.sections else [],
        "wasm_variants": wasm_variants, "workloads": workloads,
        "cold_start_samples": max(3, 3 * arguments.runs),
        "official": None if arguments.no_official else f"{official.PACKAGE}@{arguments.official}",
    }
    results = Results(command_line, datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                      describe_machine(), settings)

    if "build" in arguments.sections:
        builds.measure_builds(results, build_variants, work, arguments.runs, arguments.quick, log)

    if "coverage" in arguments.sections:
        if arguments.quick:  # two clean instrumented builds and two runs of upstream's suite: minutes
            results.note("the coverage comparison (ours against upstream's make coverage test) is left out in --quick mode")
        else:
            try:
                coverage.measure_coverage(results, work, arguments.runs, log)
            except BenchError as error:
                results.note(f"coverage comparison incomplete: {error}")
                log(f"coverage: {error}")

    built_wasm = {}
    official_folder = None
    if "runtime" in arguments.sections or "size" in arguments.sections:
        for variant in wasm_variants:
            try:
                built_wasm[variant] = runtime.build_in_repository(variant, results, log)
            except BenchError as error:
                results.note(f"{variant} left out of runtime and size: {error}")
                log(str(error))
        if arguments.no_official:
            results.note("the official build was left out (--no-official)")
        else:
            try:
                official_folder = official.install_official(pathlib.Path(arguments.official_dir).resolve(),
                                                           arguments.official, log)
            except BenchError as error:
                results.note(f"official build skipped: {error}")
                log(f"official build skipped: {error}")
    names = list(built_wasm) + (["official"] if official_folder else [])
    settings["interpreters"] = names + ["unix", "cpython"] if "runtime" in arguments.sections else []
    settings["size_builds"] = names if "size" in arguments.sections else []
    settings["interop_builds"] = []
    settings["baseline"] = None

    if "runtime" in arguments.sections:
        baseline_build = None
        if arguments.baseline:
            if "default" not in built_wasm:
                results.note("--baseline left out: it compares with `default`, which this run does not measure")
            else:
                try:
                    launcher, commit = baseline.build_baseline(arguments.baseline, log)
                    baseline_build = (launcher, f"the `default` variant of {arguments.baseline} ({commit[:12]}) in node")
                    settings["baseline"] = {"revision": arguments.baseline, "commit": commit}
                except BenchError as error:
                    results.note(f"baseline left out: {error}")
                    log(f"baseline left out: {error}")
        settings["interpreters"] = runtime.measure_runtime(results, built_wasm, official_folder, arguments.runs,
                                                           workloads, log, baseline_build)
        interop_workload = interop.WORKLOADS["quick" if arguments.quick else "full"]
        settings["interop_workload"] = interop_workload
        modules = {variant: launcher.with_name("micropython.mjs") for variant, launcher in built_wasm.items()
                   if launcher.with_name("micropython.mjs").is_file()}
        if official_folder is not None:
            modules["official"] = official_folder / "micropython.mjs"
        settings["interop_builds"] = interop.measure_interop(results, modules, arguments.runs, interop_workload, log)
    if "size" in arguments.sections:
        sizes.measure_sizes(results, built_wasm, official_folder)

    settings["elapsed_seconds"] = round(time.perf_counter() - started, 1)
    output.mkdir(parents=True, exist_ok=True)
    results.write_json(output / "results.json")
    write_text_atomically(str(output / "results.md"), report.render(results.to_json()))
    lock.close()
    log(f"wrote {output / 'results.json'} and {output / 'results.md'} ({settings['elapsed_seconds']} s)")
    return 0


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    arguments = parse_arguments(argv)
    command_line = " ".join(["python3 -m bench", *map(shlex.quote, argv)])

    def log(message):
        print(f"bench: {message}", file=sys.stderr, flush=True)

    try:
        return run(arguments, command_line, log)
    except BenchError as error:
        print(f"bench: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("bench: interrupted", file=sys.stderr)
        return 130
