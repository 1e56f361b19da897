"""Interop figures: Python <-> JavaScript calls and conversions through upstream's embedding API
(`loadMicroPython`), on our micropython.mjs of each WebAssembly variant and on the official npm
build, by one driver (run_interop.mjs) run as a whole node process per sample, interleaved."""

import re
import shutil
import subprocess

from bench.paths import INTEROP_DRIVER
from bench.results import target
from bench.timing import run_timed

WORKLOADS = {
    "full": {"round_trips": 20000, "conversions": 500},
    "quick": {"round_trips": 2000, "conversions": 50},
}
INTEROP_TIMEOUT = 300
# The driver's last expression values: the last round trip returns its argument + 1, the list
# converted to JS is an Array summing to 0 + ... + 999, the array made a 1,000-element list.
EXPECTED_CHECK = "{last} true 499500 1000 499500"


def figures_measured():
    """(key suffix, output pattern, what) of each figure the driver prints, in microseconds."""
    return [
        ("roundtrip", r"^roundtrip us: ([0-9.]+)$",
         "JS calls a Python function (a PyProxy) that calls a JS function and returns: one round trip"),
        ("list_to_js", r"^list_to_js us: ([0-9.]+)$",
         "a 1,000-element Python list converted to a JS Array (PyProxy.toJs)"),
        ("array_to_py", r"^array_to_py us: ([0-9.]+)$",
         "a 1,000-element JS Array made into a Python list (list() of its JsProxy, called from JS)"),
    ]


def parse_output(stdout, round_trips):
    """{suffix: microseconds} from the driver's output, or None when its check line is wrong or missing."""
    check = re.search(r"^check: (.*)$", stdout, re.MULTILINE)
    if not check or check.group(1).strip() != EXPECTED_CHECK.format(last=round_trips):
        return None
    values = {}
    for suffix, pattern, _ in figures_measured():
        found = re.search(pattern, stdout, re.MULTILINE)
        if not found or float(found.group(1)) <= 0:
            return None
        values[suffix] = float(found.group(1))
    return values


def measure_interop(results, modules, runs, workload, log):
    """``modules``: interpreter name -> its micropython.mjs (ours per variant, "official")."""
    node = shutil.which("node")
    if node is None:
        results.note("interop: node is not installed (apt-get install nodejs): not measured")
        return []
    # A variant that needs another engine (jspi: node 26) runs in that engine's node.
    from bench.runtime import other_engines
    engines = other_engines([name for name in modules if name != "official"])
    samples = {name: {suffix: [] for suffix, _, _ in figures_measured()} for name in modules}
    left_out = set()
    for run in range(runs):
        for name, module in modules.items():
            if name in left_out:
                continue
            command = [engines.get(name, node), str(INTEROP_DRIVER), str(module), str(workload["round_trips"]),
                       str(workload["conversions"])]
            try:
                _, completed = run_timed(command, timeout=INTEROP_TIMEOUT)
            except subprocess.TimeoutExpired:
                completed = None
            values = parse_output(completed.stdout, workload["round_trips"]) if completed else None
            if completed is None or completed.returncode != 0 or values is None:
                left_out.add(name)
                if completed is None:
                    reason = f"did not finish within {INTEROP_TIMEOUT} s"
                else:
                    lines = [line for line in (completed.stderr + completed.stdout).splitlines()
                             if line.strip() and len(line) < 400] or ["no output"]
                    reason = f"exit {completed.returncode}: " + next(
                        (line.strip() for line in lines if "Error" in line), lines[-1].strip())
                results.note(f"interop: {name} left out: {reason}")
                log(f"interop: {name}: {reason}")
                continue
            for suffix, value in values.items():
                samples[name][suffix].append(value)
        log(f"interop: run {run + 1}/{runs} done")
    measured = []
    for name in modules:
        if name in left_out:
            continue
        measured.append(name)
        for suffix, _, what in figures_measured():
            results.add_figure(f"interop.{name}.{suffix}", samples[name][suffix], "us",
                               f"{what}; {workload['round_trips']} round trips / {workload['conversions']} "
                               f"conversions per process, after a warm-up, in node, on {describe(name)}")
        log(f"interop: {name}: " + ", ".join(f"{suffix} {results.value(f'interop.{name}.{suffix}'):.2f} us"
                                             for suffix, _, _ in figures_measured()))
    for name in measured:
        if name == "official":
            continue
        for suffix, _, _ in figures_measured():
            # A time per operation: official / ours is the speed-up (the target: ours faster).
            results.add_ratio(f"interop.{suffix}.{name}_vs_official", f"interop.official.{suffix}",
                              f"interop.{name}.{suffix}", f"interop {suffix.replace('_', ' ')}: official / {name} "
                              "(speed-up)", target(">=", 1.0) if name == "default" else None)
    return measured


def describe(name):
    return "the official MicroPython WebAssembly build" if name == "official" else f"our `{name}` micropython.mjs"
