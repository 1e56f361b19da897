"""Fuzzing the interpreter: every input ends in normal output or a Python exception.

Inputs (tests/fuzz/programs.py): programs generated from a small grammar,
test programs of tests/py with random mutations, token soup and random bytes.
They run on the `unix` variant and on the `default` WebAssembly variant (in
node); a crash (signal), a WebAssembly trap or emscripten abort, or a hang
past the time limit is a finding: the input is written to
build/reliability/fuzz-findings/ and the test fails naming it. Inputs that
once crashed are kept in tests/fuzz/regressions/ and run every time; those in
tests/fuzz/regressions/known/ show open bugs (expected to fail until fixed).

MPW_FUZZ_PROFILE=ci (default: a fixed seed, about a minute) or long (random
seeds, tens of thousands of inputs); MPW_FUZZ_SEED and MPW_FUZZ_SCALE (a
factor on the input counts) adjust either. Figures go to
build/reliability/fuzz-<variant>.json.
"""

import json
import os
import pathlib
import random
import tempfile
import time

import pytest

from fuzz import programs
from fuzz.runner import Fuzzer

REPO = pathlib.Path(__file__).resolve().parents[2]
REGRESSIONS = pathlib.Path(__file__).parent / "regressions"
FINDINGS = REPO / "build" / "reliability" / "fuzz-findings"
FUZZED_VARIANTS = {"unix", "default"}
PROFILES = {
    # counts per kind of input, for a native and a WebAssembly interpreter
    "ci": {"seed": 20261124, "host": {"generated": 2000, "mutated": 1000, "tokens": 500, "bytes": 500},
           "wasm": {"generated": 600, "mutated": 300, "tokens": 150, "bytes": 150}},
    "long": {"seed": None, "host": {"generated": 100000, "mutated": 50000, "tokens": 25000, "bytes": 25000},
             "wasm": {"generated": 20000, "mutated": 10000, "tokens": 5000, "bytes": 5000}},
}
TIMEOUT = {"host": 5, "wasm": 15}  # seconds for one input


@pytest.fixture
def fuzzed(variant, variant_settings, request):
    if variant not in FUZZED_VARIANTS:
        pytest.skip(f"fuzzing runs on {', '.join(sorted(FUZZED_VARIANTS))} only")
    return request.getfixturevalue("micropython"), variant_settings.target


def test_fuzz_inputs_end_normally_or_in_python_exceptions(fuzzed, variant):
    interpreter, target = fuzzed
    name = os.environ.get("MPW_FUZZ_PROFILE", "ci")
    profile = PROFILES[name]
    seed = int(os.environ.get("MPW_FUZZ_SEED") or profile["seed"] or time.time_ns() % 1_000_000_007)
    scale = float(os.environ.get("MPW_FUZZ_SCALE", "1"))
    counts = {kind: max(1, int(count * scale)) for kind, count in profile[target].items()}
    inputs = programs.inputs(random.Random(seed), counts)
    fuzzer = Fuzzer(interpreter, timeout=TIMEOUT[target], batch_size=50, findings_folder=FINDINGS, label=variant)
    started = time.monotonic()
    findings = fuzzer.run(inputs)
    figures = {"variant": variant, "profile": name, "seed": seed, "inputs": len(inputs),
               "inputs_by_kind": {k: v for k, v in fuzzer.counts.items() if not k.startswith("outcome")},
               "inputs_run_alone": {k[8:]: v for k, v in fuzzer.counts.items() if k.startswith("outcome")},
               "processes": fuzzer.processes, "seconds": round(time.monotonic() - started, 1),
               "findings": [f"{name_} ({outcome.verdict})" for name_, outcome in findings]}
    report = REPO / "build" / "reliability" / f"fuzz-{variant}.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"\nfuzz {variant}: {len(inputs)} inputs (seed {seed}) in {figures['seconds']} s, "
          f"{fuzzer.processes} processes, {len(findings)} findings")
    assert sum(fuzzer.counts[kind] for kind in counts) == len(inputs)
    assert not findings, (f"seed {seed}: inputs that crashed, trapped or hung {interpreter} are in {FINDINGS}: "
                          + ", ".join(figures["findings"]))


def regression_inputs(folder):
    return sorted(p for p in folder.glob("*") if p.is_file() and p.suffix in (".py", ".bin"))


@pytest.mark.parametrize("path", regression_inputs(REGRESSIONS), ids=lambda p: p.name)
def test_regression_input(fuzzed, path):
    interpreter, target = fuzzed
    with tempfile.TemporaryDirectory() as folder:
        outcome = Fuzzer(interpreter, timeout=TIMEOUT[target], batch_size=1, findings_folder=FINDINGS,
                         label="regression").run_one(path.read_bytes(), folder)
    assert not outcome.is_finding, f"{path.name}: {outcome.verdict}, exit {outcome.returncode}\n{outcome.stderr[-2000:]}"


@pytest.mark.parametrize("path", regression_inputs(REGRESSIONS / "known"), ids=lambda p: p.name)
def test_known_open_bug(fuzzed, path):
    """Inputs of open bugs (each file's first line says which): they must still fail, so that a fix is noticed."""
    interpreter, target = fuzzed
    with tempfile.TemporaryDirectory() as folder:
        outcome = Fuzzer(interpreter, timeout=5, batch_size=1, findings_folder=FINDINGS,
                         label="known").run_one(path.read_bytes(), folder)
    if not outcome.is_finding:
        pytest.fail(f"{path.name} no longer fails on {interpreter}: the bug is fixed; move the file to "
                    f"tests/fuzz/regressions/ so that it stays fixed")
