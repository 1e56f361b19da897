"""Runtime figures: each program run as a whole process, on every WebAssembly variant
(our node launchers), the official MicroPython WebAssembly build (through
run_official.mjs), the native unix variant and CPython, interleaved run by run.

Our launchers keep optimised machine code in a cache (ports/wasm/node/code_cache.js).
The benchmark gives them a cache folder of its own, fills it with one untimed run
each, and also measures default without the cache and default's first run after a
build (an empty cache), so every figure says which case it is."""

import dataclasses
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time

from bench.errors import BenchError
from bench.paths import OFFICIAL_DRIVER, PROGRAMS, REPO, variants
from bench.results import target
from bench.timing import failure_summary, median, quiet_environment, run_timed, time_to_first_line

WORKLOADS = {
    "full": {"pystone": 50000, "fib": 25, "alloc": 3000},
    "quick": {"pystone": 5000, "fib": 20, "alloc": 300},
}
PROGRAM_TIMEOUT = 1800
HELLO = PROGRAMS / "hello.py"  # `print(1+1)`: cold starts
YIELD_LATENCY = PROGRAMS / "yield_latency.py"
CODE_CACHE_SETTING = "MICROPYTHON_WASM_CODE_CACHE"  # our launchers' code cache: a folder, or "off"


@dataclasses.dataclass(frozen=True)
class Program:
    name: str
    result_pattern: str  # the line with the measured figure
    unit: str
    what: str

    @property
    def path(self):
        return PROGRAMS / f"{self.name}.py"


PROGRAMS_MEASURED = [
    Program("pystone", r"^pystones/second: ([0-9.]+)$", "pystones/s",
            "pystone-style loops per second (bench/programs/pystone.py, timed inside the program)"),
    Program("fib", r"^fib ms: ([0-9.]+)$", "ms", "recursive fib(n) (bench/programs/fib.py, timed inside the program)"),
    Program("alloc", r"^alloc ms: ([0-9.]+)$", "ms",
            "allocation-heavy loop of small tuples, lists, dicts and strings (bench/programs/alloc.py)"),
]


@dataclasses.dataclass(frozen=True)
class Interpreter:
    name: str
    command: tuple
    what: str
    settings: tuple = ()  # (name, value) environment settings of its runs

    def environment(self, **more):
        return {**quiet_environment(), **dict(self.settings), **more}


def build_in_repository(variant, results, log, wasm=True):
    """`scons variant=X` in the repository (a no-op when up to date; waits for the build lock).

    When the build fails (the tree may be mid-edit by someone else) and an earlier
    build's interpreter is there, that one is measured, with a note saying so.
    """
    log(f"building {variant} in the repository (waits while another build holds build/.lock)")
    seconds, completed = run_timed([sys.executable, "-m", "SCons", "-Q", f"variant={variant}"], cwd=REPO,
                                   timeout=PROGRAM_TIMEOUT)
    program = REPO / "build" / variant / "micropython"
    # A WebAssembly launcher is nothing without its module: a failed link can leave one alone.
    needed = [program] + ([program.with_name("micropython.js"), program.with_name("micropython.wasm")] if wasm else [])
    usable = all(path.is_file() for path in needed)
    if completed.returncode != 0:
        failure = f"`scons variant={variant}` failed in the repository (exit {completed.returncode}):\n" \
                  f"{failure_summary(completed)}"
        if not usable:
            raise BenchError(failure)
        built_at = time.strftime("%Y-%m-%d %H:%M", time.localtime(program.stat().st_mtime))
        results.note(f"{variant}: measured the earlier build from {built_at}, because {failure}")
        log(f"{variant}: build failed, measuring the earlier build from {built_at}")
    if not program.is_file():
        raise BenchError(f"{program} is missing after `scons variant={variant}`")
    return program


def parse_output(program, stdout):
    """(check value, measured figure) from a program's output, or None where a line is missing."""
    check = re.search(r"^check: (-?\d+)$", stdout, re.MULTILINE)
    figure = re.search(program.result_pattern, stdout, re.MULTILINE)
    return (check.group(1) if check else None), (float(figure.group(1)) if figure else None)


class RuntimeBench:
    def __init__(self, results, runs, workloads, log):
        self.results = results
        self.runs = runs
        self.workloads = workloads
        self.log = log
        self.failed = set()  # (interpreter, program) pairs that gave a wrong or no result

    def expected_checks(self):
        checks = {}
        for program in PROGRAMS_MEASURED:
            _, completed = run_timed([sys.executable, str(program.path), str(self.workloads[program.name])],
                                     timeout=PROGRAM_TIMEOUT)
            check, _ = parse_output(program, completed.stdout)
            if completed.returncode != 0 or check is None:
                raise BenchError(f"{program.path} fails under CPython:\n{completed.stderr[-1500:]}")
            checks[program.name] = check
        return checks

    def run_program(self, interpreter, program, expected):
        command = [*interpreter.command, str(program.path), str(self.workloads[program.name])]
        try:
            _, completed = run_timed(command, timeout=PROGRAM_TIMEOUT, env=interpreter.environment())
        except subprocess.TimeoutExpired:
            return self.fail(interpreter, program, f"did not finish within {PROGRAM_TIMEOUT} s")
        check, figure = parse_output(program, completed.stdout)
        if completed.returncode != 0 or check is None or figure is None:
            lines = completed.stderr.strip().splitlines() or ["no output"]
            error = next((line for line in lines if "Error" in line), lines[-1])
            return self.fail(interpreter, program, f"exit {completed.returncode}: {error}")
        if check != expected:
            return self.fail(interpreter, program, f"wrong result (check {check}, CPython gives {expected})")
        if figure <= 0:
            return self.fail(interpreter, program, "too short to time at this workload (its clock read 0)")
        return figure

    def measure_yield_latency(self, interpreters):
        """Builds whose running Python yields to the JS event loop (asyncify, jspi): how late a JS timer's
        callback runs while Python loops (bench/programs/yield_latency.py; median of its 40 timers)."""
        for interpreter in interpreters:
            if interpreter.name not in variants.list_variants(REPO / "variants"):
                continue
            names = variants.load_variant(REPO / "variants", interpreter.name).features
            if not {"asyncify", "jspi"} & set(names):
                continue
            medians, worst = [], []
            for run in range(self.runs):
                _, completed = run_timed([*interpreter.command, str(YIELD_LATENCY)], timeout=PROGRAM_TIMEOUT,
                                         env=interpreter.environment())
                found = re.search(r"^yield latency ms: ([0-9.]+) ([0-9.]+) \d+$", completed.stdout, re.MULTILINE)
                if completed.returncode != 0 or not found:
                    self.results.note(f"runtime: yield latency on {interpreter.name} left out: "
                                      f"exit {completed.returncode}: {completed.stdout.strip()[-200:]}")
                    break
                medians.append(float(found.group(1)))
                worst.append(float(found.group(2)))
            else:
                goal = target("<=", 50.0) if "jspi" in names else None
                self.results.add_figure(f"runtime.{interpreter.name}.yield_latency", medians, "ms",
                                        f"median lateness of 40 JS timers falling due while Python loops, "
                                        f"on {interpreter.what} (worst {max(worst):.1f} ms)", goal)
                self.log(f"runtime: {interpreter.name} yield latency: {median(medians):.1f} ms")

    def fail(self, interpreter, program, reason):
        if (interpreter.name, program.name) not in self.failed:
            self.failed.add((interpreter.name, program.name))
            self.results.note(f"runtime: {program.name} on {interpreter.name} left out: {reason}")
            self.log(f"runtime: {program.name} on {interpreter.name}: {reason}")
        return None

    def measure_programs(self, interpreters):
        expected = self.expected_checks()
        samples = {(i.name, p.name): [] for i in interpreters for p in PROGRAMS_MEASURED}
        for run in range(self.runs):
            for program in PROGRAMS_MEASURED:
                for interpreter in interpreters:
                    if (interpreter.name, program.name) in self.failed:
                        continue
                    figure = self.run_program(interpreter, program, expected[program.name])
                    if figure is not None:
                        samples[interpreter.name, program.name].append(figure)
            self.log(f"runtime: programs, run {run + 1}/{self.runs} done")
        for interpreter in interpreters:
            for program in PROGRAMS_MEASURED:
                figures = samples[interpreter.name, program.name]
                if figures and (interpreter.name, program.name) not in self.failed:
                    self.results.add_figure(
                        f"runtime.{interpreter.name}.{program.name}", figures, program.unit,
                        f"{program.what}, workload {self.workloads[program.name]}, on {interpreter.what}")
                    self.log(f"runtime: {interpreter.name} {program.name}: {median(figures):.1f} {program.unit}")

    def measure_cold_start(self, interpreters, node):
        samples_count = max(3, 3 * self.runs)  # cheap and noisy: more samples
        node_samples = []
        first_line = {i.name: [] for i in interpreters}
        whole = {i.name: [] for i in interpreters}
        for _ in range(samples_count):
            if node:
                seconds, completed = run_timed([node, "-e", "0"])
                node_samples.append(seconds * 1000)
            for interpreter in interpreters:
                if (interpreter.name, "hello") in self.failed:
                    continue
                first, exited, line, returncode, stderr = time_to_first_line([*interpreter.command, str(HELLO)],
                                                                             env=interpreter.environment())
                if returncode != 0 or line != "2":
                    self.failed.add((interpreter.name, "hello"))
                    lines = stderr.strip().splitlines() or ["no output"]
                    error = next((text for text in lines if "Error" in text), lines[-1])
                    self.results.note(f"runtime: cold start of {interpreter.name} left out: printed {line!r}, "
                                      f"exit {returncode}: {error}")
                    continue
                first_line[interpreter.name].append(first * 1000)
                whole[interpreter.name].append(exited * 1000)
        if node_samples:
            self.results.add_figure("runtime.node.bare", node_samples, "ms", "`node -e 0`, whole process (for scale)")
        for interpreter in interpreters:
            if first_line[interpreter.name] and (interpreter.name, "hello") not in self.failed:
                self.results.add_figure(
                    f"runtime.{interpreter.name}.coldstart_first_line", first_line[interpreter.name], "ms",
                    f"process start to the first printed line of `print(1+1)`, {interpreter.what}")
                self.results.add_figure(
                    f"runtime.{interpreter.name}.coldstart_exit", whole[interpreter.name], "ms",
                    f"whole `print(1+1)` process, {interpreter.what}")
                self.log(f"runtime: {interpreter.name} cold start: "
                         f"{median(first_line[interpreter.name]):.1f} ms to the first line")

    def fill_code_caches(self, interpreters):
        """One untimed run of each of our launchers, so that timed runs find their code cached."""
        for interpreter in interpreters:
            if dict(interpreter.settings).get(CODE_CACHE_SETTING, "off") != "off":
                run_timed([*interpreter.command, str(HELLO)], env=interpreter.environment())

    def measure_first_run(self, interpreter, cache_root):
        """Cold start of a launcher's first run after a build: its code cache starts empty."""
        samples = []
        for sample in range(max(3, self.runs)):
            empty = cache_root / f"first-run-{interpreter.name}-{sample}"
            first, _, line, returncode, _ = time_to_first_line(
                [*interpreter.command, str(HELLO)], env=interpreter.environment(**{CODE_CACHE_SETTING: str(empty)}))
            if returncode == 0 and line == "2":
                samples.append(first * 1000)
        if samples:
            self.results.add_figure(f"runtime.{interpreter.name}.coldstart_cache_miss", samples, "ms",
                                    f"process start to the first printed line of `print(1+1)`, {interpreter.what}, "
                                    "first run after a build (it compiles the module and fills its code cache)")


def add_runtime_ratios(results, wasm_variants, baseline=False):
    for variant in wasm_variants:
        goal = target(">=", 3.0) if variant == "default" else None
        results.add_ratio(f"runtime.pystone.{variant}_vs_official", f"runtime.{variant}.pystone",
                          "runtime.official.pystone", f"pystone/s: {variant} / official build (speed-up)", goal)
        results.add_ratio(f"runtime.fib.{variant}_vs_official", "runtime.official.fib", f"runtime.{variant}.fib",
                          f"fib time: official / {variant} (speed-up)", goal)
        results.add_ratio(f"runtime.alloc.{variant}_vs_official", "runtime.official.alloc", f"runtime.{variant}.alloc",
                          f"allocation loop time: official / {variant} (speed-up)")
        results.add_ratio(f"runtime.coldstart.{variant}_vs_official", f"runtime.{variant}.coldstart_first_line",
                          "runtime.official.coldstart_first_line",
                          f"cold start to the first line: {variant} / official (lower is faster)")
        results.add_difference(f"runtime.coldstart.{variant}_over_node", f"runtime.{variant}.coldstart_first_line",
                               "runtime.node.bare", "ms",
                               f"cold start overhead of {variant} over bare node (first line minus `node -e 0`)",
                               target("<=", 20.0) if variant == "default" else None)
        if variant != "default" and not variant.startswith("default_on_"):
            results.add_ratio(f"runtime.pystone.{variant}_vs_default", f"runtime.{variant}.pystone",
                              "runtime.default.pystone", f"pystone/s: {variant} / default",
                              target(">=", 0.75) if variant == "asyncify" else None)
            # A variant that needs another engine (jspi: node 26) against default on that engine.
            same_engine = f"runtime.default_on_{variant}_engine.pystone"
            if same_engine in results.figures:
                results.add_ratio(f"runtime.pystone.{variant}_vs_default_same_engine", f"runtime.{variant}.pystone",
                                  same_engine, f"pystone/s: {variant} / default, both in the node that runs {variant}",
                                  target(">=", 0.95) if variant == "jspi" else None)
    if "default" in wasm_variants:
        results.add_ratio("runtime.pystone.default_uncached_vs_official", "runtime.default_uncached.pystone",
                          "runtime.official.pystone", "pystone/s: default without its code cache / official build")
        results.add_ratio("runtime.fib.default_uncached_vs_official", "runtime.official.fib",
                          "runtime.default_uncached.fib", "fib time: official / default without its code cache")
        results.add_difference("runtime.coldstart.default_uncached_over_node",
                               "runtime.default_uncached.coldstart_first_line", "runtime.node.bare", "ms",
                               "cold start overhead of default without its code cache over bare node")
        results.add_difference("runtime.coldstart.default_cache_miss_over_node",
                               "runtime.default.coldstart_cache_miss", "runtime.node.bare", "ms",
                               "cold start overhead of default's first run after a build (filling its code cache)")
    if baseline:
        # The interop issue's bound: default's pystone within 3% of the build before it.
        results.add_ratio("runtime.pystone.default_vs_baseline", "runtime.default.pystone", "runtime.baseline.pystone",
                          "pystone/s: default / default built from the --baseline commit", target(">=", 0.97))
        results.add_ratio("runtime.fib.default_vs_baseline", "runtime.baseline.fib", "runtime.default.fib",
                          "fib time: --baseline commit's default / default (speed-up)")
        results.add_ratio("runtime.alloc.default_vs_baseline", "runtime.baseline.alloc", "runtime.default.alloc",
                          "allocation loop time: --baseline commit's default / default (speed-up)")
    results.add_difference("runtime.coldstart.official_over_node", "runtime.official.coldstart_first_line",
                           "runtime.node.bare", "ms", "cold start overhead of the official build over bare node")
    results.add_ratio("runtime.pystone.default_vs_cpython", "runtime.default.pystone", "runtime.cpython.pystone",
                      "pystone/s: default / CPython (scale)")
    results.add_ratio("runtime.pystone.unix_vs_cpython", "runtime.unix.pystone", "runtime.cpython.pystone",
                      "pystone/s: native unix variant / CPython (scale)")
    results.add_ratio("runtime.pystone.default_vs_unix", "runtime.default.pystone", "runtime.unix.pystone",
                      "pystone/s: default (wasm in node) / native unix variant")


def other_engines(built_wasm):
    """Variant -> the node binary that runs it, for the variants that need another engine than the
    node on PATH (jspi: node 26 from npm; mpbuild/features.py's node_for)."""
    from mpbuild import features
    found = {}
    for variant in built_wasm:
        names = variants.load_variant(REPO / "variants", variant).features
        if features.engine_for(names):
            try:
                found[variant] = features.node_for(names, REPO)
            except FileNotFoundError:
                pass  # its launcher says so when it runs
    return found


def measure_runtime(results, built_wasm, official_folder, runs, workloads, log, baseline=None):
    """``built_wasm``: variant name -> its launcher, for the WebAssembly variants built for this run;
    ``baseline``: (launcher, description) of `default` built from an earlier commit, or None.

    Returns the names of the interpreters measured, in table order."""
    with tempfile.TemporaryDirectory(prefix="bench-code-cache-") as cache_root:
        return _measure_runtime(results, built_wasm, official_folder, runs, workloads, log, pathlib.Path(cache_root),
                                baseline)


def _measure_runtime(results, built_wasm, official_folder, runs, workloads, log, cache_root, baseline):
    node = shutil.which("node")
    interpreters = []
    if node is None:
        results.note("runtime: node is not installed (apt-get install nodejs): WebAssembly builds not measured")
    else:
        cached = ((CODE_CACHE_SETTING, str(cache_root / "cache")),)
        for variant, program in built_wasm.items():
            interpreters.append(Interpreter(variant, (str(program),), f"the `{variant}` variant in node", cached))
            if variant == "default":
                interpreters.append(Interpreter("default_uncached", (str(program),),
                                                "the `default` variant in node without its code cache",
                                                ((CODE_CACHE_SETTING, "off"),)))
        for variant, engine_node in other_engines(built_wasm).items():
            # The same engine for the ratio: default's launcher under the node that runs the variant.
            if "default" in built_wasm:
                interpreters.append(Interpreter(f"default_on_{variant}_engine",
                                                (engine_node, str(built_wasm["default"])),
                                                f"the `default` variant in the node that runs `{variant}`", cached))
        if baseline is not None:
            launcher, described = baseline
            interpreters.append(Interpreter("baseline", (str(launcher),), described, cached))
        if official_folder is not None:
            interpreters.append(Interpreter(
                "official", (node, str(OFFICIAL_DRIVER), str(official_folder / "micropython.mjs")),
                "the official MicroPython WebAssembly build in node"))
    try:
        unix = build_in_repository("unix", results, log, wasm=False)
        interpreters.append(Interpreter("unix", (str(unix),), "the native `unix` variant (for scale)"))
    except BenchError as error:
        results.note(f"runtime: the native unix variant left out: {error}")
    interpreters.append(Interpreter("cpython", (sys.executable,), f"CPython {sys.version.split()[0]} (for scale)"))

    bench = RuntimeBench(results, runs, workloads, log)
    bench.fill_code_caches(interpreters)
    bench.measure_cold_start(interpreters, node)
    for interpreter in interpreters:
        if interpreter.name == "default":
            bench.measure_first_run(interpreter, cache_root)
    bench.measure_programs(interpreters)
    bench.measure_yield_latency(interpreters)
    add_runtime_ratios(results, list(built_wasm), baseline=baseline is not None)
    return [interpreter.name for interpreter in interpreters]
