"""Upstream MicroPython's test suite (``micropython/tests/run-tests.py``, v1.23.0) on a variant's interpreter.

``scons variant=NAME test`` (site_tools/mp_upstream_tests.py) uses this module for everything
that is not SCons:

* which files the suite reads (``suite_files``): run-tests.py, its feature checks, the chosen
  test folders and the Python modules of ``extmod/`` that run-tests puts on ``MICROPYPATH``.
  The suite runs from a fresh copy of exactly those files (``copy_suite``), because tests
  write files beside themselves (``io/open_append.py`` writes ``io/testfile``): nothing is
  ever written into ``micropython/``.
* the per-test time limit. v1.23's run-tests.py stops a plain test after 30 s, but runs its
  feature checks and the ``cmdline/`` tests (REPL sessions on a pseudo-terminal) without
  a limit. So run-tests is given a wrapper instead of the interpreter (``wrapper_script``):
  ``timeout`` stops any interpreter run after ``TIME_LIMIT_SECONDS`` (below run-tests' own
  30 s, so the wrapper always acts first and also stops node's children) and leaves
  ``TIMEOUT_MARKER`` in the output, which names the test as timed out. A REPL test whose
  interpreter never prints a prompt keeps run-tests waiting even after that; ``run_suite``
  stops run-tests when it has printed nothing for ``SILENCE_LIMIT_SECONDS``, and the tests it
  never reported are named as hanging.
* the skip list (``tests/upstream_skips.toml``, ``load_skip_list``): tests that cannot apply
  to some variants, each with its reason. Listed tests still run: a listed test that fails
  counts as skipped with the list's reason, one that passes is reported as a stale entry.
  Nothing else is skipped by us; run-tests' own skips (a missing module or feature) are
  reported as skips.
* reading run-tests' per-test lines (``parse_run_tests_output``), the reasons of failures and
  skips, ``results.json`` (``classify``), the one-line summary and the failure message.
"""

from __future__ import annotations

import ast
import fnmatch
import json
import os
import re
import select
import shlex
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from mpbuild import tomlfile

# The folders of micropython/tests the target runs. Each applies to every variant: the wasm
# builds' node launcher has the same command line as the unix build (see README).
SUITE_DIRS = ("basics", "float", "micropython", "misc", "unicode", "stress", "extmod", "import", "io", "cmdline")

# What run-tests.py itself reads besides the test folders (paths under micropython/).
RUN_TESTS = "tests/run-tests.py"
FEATURE_CHECKS = "tests/feature_check"
MICROPYPATH_MODULES = "extmod"  # run-tests sets MICROPYPATH to ../extmod: its .py files (asyncio)

# v1.23's run-tests.py stops a plain test after TEST_TIMEOUT = 30 s (and none of the others).
RUN_TESTS_OWN_LIMIT_SECONDS = 30
TIME_LIMIT_SECONDS = 25
KILL_AFTER_SECONDS = 2  # after SIGTERM, SIGKILL: 25 + 2 < 30
SILENCE_LIMIT_SECONDS = 120
TIMEOUT_MARKER = "upstream-tests: TIMEOUT"
TIMEOUT_LOG_VARIABLE = "UPSTREAM_TESTS_TIMEOUT_LOG"  # the wrapper appends each stopped run's arguments
TIMEOUT_LOG = "timeouts.log"

# The files of build/NAME/ that running the interpreter needs, by target.
RUNTIME_FILES = {
    "host": ("micropython",),
    "wasm": ("micropython", "micropython.js", "micropython.wasm", "micropython.data", "code_cache.js"),
}

RESULTS = "results.json"
FAILURES_DIR = "failures"       # run-tests' --result-dir: NAME.exp/NAME.out of each failed test
WRAPPER = "micropython-time-limited"
RUN_TESTS_RESULTS = "_results.json"  # what run-tests itself writes into its result folder

SKIP_KEYS = ("test", "targets", "variants", "except_variants", "reason")
_LINE_RE = re.compile(r"(pass|FAIL|skip) +(\S.*)$")


class UpstreamTestsError(Exception):
    """A problem the user must fix; ``str(error)`` is the complete message."""


# --- the skip list ----------------------------------------------------------------------------

# The list's two kinds of entry: [[skip]], a test that cannot apply to the variant; [[rerun]], a test
# that measures wall-clock time, which a loaded machine can upset: when it fails in the parallel run
# it runs once more, alone, and passes if that run passes (its record keeps the first failure).
ENTRY_KINDS = ("skip", "rerun")


@dataclass(frozen=True)
class SkipEntry:
    test: str                            # path under micropython/tests, or a glob pattern
    reason: str
    targets: tuple[str, ...] = ()        # every variant of these targets ...
    variants: tuple[str, ...] = ()       # ... and these variants ...
    except_variants: tuple[str, ...] = ()  # ... but not these
    line: int = 0                        # of its [[skip]] or [[rerun]] header, for messages
    kind: str = "skip"                   # one of ENTRY_KINDS

    def applies_to(self, variant: str, target: str) -> bool:
        if variant in self.except_variants:
            return False
        return variant in self.variants or target in self.targets


def _entry_lines(text: str, kind: str = "skip") -> list[int]:
    """Line numbers of the ``[[kind]]`` headers, in order (tomllib keeps no positions)."""
    return [number for number, line in enumerate(text.splitlines(), start=1)
            if re.match(r"\s*\[\[\s*%s\s*\]\]" % kind, line)]


def _key_line(text: str, start: int, key: str) -> int:
    """The line of ``key = ...`` in the entry whose header is on line ``start`` (else ``start``)."""
    lines = text.splitlines()
    for number in range(start + 1, len(lines) + 1):
        line = lines[number - 1]
        if re.match(r"\s*\[", line):
            break
        if re.match(r"\s*[\"']?%s[\"']?\s*=" % re.escape(key), line):
            return number
    return start


def load_skip_list(path: Path | str, variant_targets: dict[str, str], suite_tests) -> list[SkipEntry]:
    """The validated entries of the skip list at ``path``.

    ``variant_targets`` maps every variant's name to its target; ``suite_tests`` are the test
    paths (``basics/x.py``) of the suite, which each entry's ``test`` must match.
    """
    path = Path(path)
    shown = os.path.relpath(path) if not os.path.relpath(path).startswith("..") else str(path)
    text, document = tomlfile.read(path, shown, UpstreamTestsError)

    unknown = sorted(set(document) - set(ENTRY_KINDS))
    if unknown:
        raise UpstreamTestsError(f"{shown}: unknown top-level key(s) {', '.join(map(repr, unknown))}: "
                                 "the file holds only [[skip]] and [[rerun]] entries")
    raw_entries = []
    for kind in ENTRY_KINDS:
        listed = document.get(kind, [])
        if not isinstance(listed, list):
            raise UpstreamTestsError(f"{shown}: '{kind}' must be written as [[{kind}]] entries")
        headers = _entry_lines(text, kind)
        raw_entries += [(kind, raw, headers[index] if index < len(headers) else 0)
                        for index, raw in enumerate(listed)]
    known_targets = sorted(set(variant_targets.values()))
    suite_tests = sorted(suite_tests)
    entries, claimed = [], {}
    for kind, raw, header in raw_entries:

        def where(key=None):
            line = _key_line(text, header, key) if (key and header) else header
            return f"{shown}:{line}" if line else shown

        if not isinstance(raw, dict):
            raise UpstreamTestsError(f"{where()}: each {kind} entry must be a [[{kind}]] table")
        for key in raw:
            if key not in SKIP_KEYS:
                raise UpstreamTestsError(f"{where(key)}: unknown key {key!r} (known: {', '.join(SKIP_KEYS)})")
        for key in ("test", "reason"):
            value = raw.get(key)
            if not isinstance(value, str) or not value.strip():
                why = ("why the test cannot apply to those variants" if kind == "skip" else
                       "what the test times, and why a loaded machine can upset it")
                raise UpstreamTestsError(f"{where(key if key in raw else None)}: '{key}' must be a non-empty "
                                         "string" + (f" ({why})" if key == "reason" else " (a path under micropython/tests)"))
        lists = {}
        for key in ("targets", "variants", "except_variants"):
            value = raw.get(key, [])
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                raise UpstreamTestsError(f"{where(key)}: '{key}' must be a list of strings")
            known = known_targets if key == "targets" else sorted(variant_targets)
            for item in value:
                if item not in known:
                    kind = "target" if key == "targets" else "variant"
                    raise UpstreamTestsError(f"{where(key)}: unknown {kind} {item!r} in '{key}' "
                                             f"(known: {', '.join(known)})")
            lists[key] = tuple(value)
        if not lists["targets"] and not lists["variants"]:
            raise UpstreamTestsError(f"{where()}: entry for {raw['test']!r} names no variant: give "
                                     "targets = [...] and/or variants = [...]")
        test = raw["test"]
        matched = [name for name in suite_tests if fnmatch.fnmatchcase(name, test)]
        if not matched:
            raise UpstreamTestsError(f"{where('test')}: {test!r} is no test of the suite (paths are relative to "
                                     f"micropython/tests, in the folders {', '.join(SUITE_DIRS)}); remove the "
                                     "entry or correct the path")
        entry = SkipEntry(test=test, reason=" ".join(raw["reason"].split()), line=header, kind=kind, **lists)
        for variant, target in sorted(variant_targets.items()):
            if not entry.applies_to(variant, target):
                continue
            for name in matched:  # (a [[skip]] entry wins over a [[rerun]] pattern that also matches)
                earlier = claimed.get((name, variant, kind))
                if earlier is not None:
                    raise UpstreamTestsError(f"{where('test')}: {name} is already listed for variant "
                                             f"{variant!r} on line {earlier.line}: one [[{kind}]] entry per test "
                                             "and variant")
                claimed[(name, variant, kind)] = entry
        entries.append(entry)
    return entries


def skips_for(entries, variant: str, target: str, suite_tests, kind: str = "skip") -> dict[str, str]:
    """``{test: reason}`` for the tests the list declares inapplicable to ``variant`` (kind "rerun": the
    timing-sensitive ones, run again alone when they fail)."""
    listed = {}
    for entry in entries:
        if entry.kind == kind and entry.applies_to(variant, target):
            for name in suite_tests:
                if fnmatch.fnmatchcase(name, entry.test):
                    listed[name] = entry.reason
    return listed


# --- what the suite reads -----------------------------------------------------------------------

def suite_tests(upstream: Path | str, dirs=SUITE_DIRS) -> list[str]:
    """The tests run-tests.py finds in ``dirs`` (``DIR/*.py``), as it names them: ``basics/x.py``."""
    tests_root = Path(upstream) / "tests"
    found = []
    for folder in dirs:
        found += [f"{folder}/{path.name}" for path in (tests_root / folder).glob("*.py") if path.is_file()]
    return sorted(found)


def suite_files(upstream: Path | str, dirs=SUITE_DIRS) -> list[str]:
    """Every file the run reads, relative to ``upstream`` (the micropython/ tree), sorted.

    The test folders whole (tests import helpers and packages beside them, read data files and
    ``.exp`` files), the feature checks, run-tests.py and the MICROPYPATH modules.
    """
    upstream = str(upstream)
    files = {RUN_TESTS}

    def walk(folder, keep):  # os.walk: several times faster than Path.rglob, and this runs at every build
        for directory, subdirs, names in os.walk(os.path.join(upstream, folder)):
            subdirs[:] = [name for name in subdirs if name != "__pycache__"]
            relative = os.path.relpath(directory, upstream).replace(os.sep, "/")
            files.update(f"{relative}/{name}" for name in names if keep(name))

    for folder in [f"tests/{name}" for name in dirs] + [FEATURE_CHECKS]:
        walk(folder, lambda name: True)
    walk(MICROPYPATH_MODULES, lambda name: name.endswith(".py"))
    return sorted(files)


def copy_suite(upstream: Path | str, files, destination: Path | str) -> Path:
    """Copy ``files`` (from ``suite_files``) below ``destination``; returns its ``tests`` folder.

    Real copies, not hard links: a test that rewrites a file must not change micropython/.
    """
    upstream, destination = Path(upstream), Path(destination)
    for relative in files:
        target = destination / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(upstream / relative, target)
    return destination / "tests"


# --- running it ----------------------------------------------------------------------------------

def wrapper_script(interpreter_name: str, limit: int = TIME_LIMIT_SECONDS,
                   kill_after: int = KILL_AFTER_SECONDS) -> str:
    """A shell script that runs ``interpreter_name`` (relative to the script's parent folder)
    with all its arguments under ``timeout``, and says so in the output when the limit hit."""
    return f"""#!/bin/sh
# The interpreter for upstream's run-tests.py (scons variant=NAME test): each run is stopped
# after {limit} s (SIGKILL {kill_after} s later), below run-tests' own {RUN_TESTS_OWN_LIMIT_SECONDS} s, which covers plain tests only.
interpreter="$(dirname "$0")/../{interpreter_name}"
timeout --kill-after={kill_after} {limit} "$interpreter" "$@"
status=$?
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    echo "{TIMEOUT_MARKER} after {limit} s" >&2
    # run-tests keeps no output of cmdline tests: the log names the stopped runs.
    if [ -n "${TIMEOUT_LOG_VARIABLE}" ]; then printf '%s\\n' "$*" >> "${TIMEOUT_LOG_VARIABLE}"; fi
fi
exit "$status"
"""


# run-tests.py prints each verdict with print("pass ", test) from several threads at once; print
# writes its pieces separately, so two threads' lines can interleave ("pass skip  a.py\n b.py").
# It runs as it is, with a print that writes each call whole.
WHOLE_LINES_LAUNCHER = """\
import builtins, runpy, sys, threading
lock, print_pieces = threading.Lock(), builtins.print
def print_whole(*args, **kwargs):
    with lock:
        print_pieces(*args, **kwargs)
builtins.print = print_whole
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def run_tests_arguments(result_dir: str, dirs=SUITE_DIRS, jobs: int | None = None) -> list[str]:
    """run-tests.py's arguments: the given folders, ``jobs`` at a time, failures into ``result_dir``."""
    jobs = jobs or os.cpu_count() or 1
    return ["run-tests.py", "--target", "unix", "-j", str(jobs), "-r", result_dir, "-d", *dirs]


def run_tests_command(python: str, result_dir: str, dirs=SUITE_DIRS, jobs: int | None = None) -> list[str]:
    """The command, run in the suite's tests folder."""
    return [python, "-c", WHOLE_LINES_LAUNCHER, *run_tests_arguments(result_dir, dirs, jobs)]


def tests_to_rerun(statuses: dict[str, str], timing_sensitive, listed) -> list[str]:
    """The tests that failed and that a [[rerun]] entry names; a [[skip]] of the same test wins (a
    listed test's failure counts as its skip: it is not run again)."""
    return sorted(test for test, status in statuses.items()
                  if status == "fail" and test in timing_sensitive and test not in listed)


def rerun_verdicts(output: str, tests) -> dict[str, str]:
    """The rerun's verdict of each of ``tests`` from its run-tests.py output ("no result" if none)."""
    statuses = parse_run_tests_output(output)
    return {test: statuses.get(test, "no result") for test in tests}


def rerun_command(python: str, result_dir: str, tests) -> list[str]:
    """run-tests.py on just ``tests``, one at a time (the [[rerun]] entries that failed)."""
    return [python, "-c", WHOLE_LINES_LAUNCHER, "run-tests.py", "--target", "unix", "-j", "1", "-r", result_dir,
            *sorted(tests)]


def run_tests_environment(base: dict, wrapper: str, python: str, timeout_log: str, node: str = "node") -> dict:
    """The environment run-tests.py reads: which interpreter and which CPython to compare with; ``node``
    (features.node_for: the one the variant needs) first on PATH, where the launcher's `env node` finds it."""
    environment = dict(base)
    if node != "node":
        environment["PATH"] = os.pathsep.join([os.path.dirname(node), base.get("PATH", os.defpath)])
    environment[TIMEOUT_LOG_VARIABLE] = timeout_log
    environment["MICROPY_MICROPYTHON"] = wrapper
    environment["MICROPY_CPYTHON3"] = python  # tests without .exp: the same python3 as the build
    environment.pop("MICROPY_MICROPYTHON_MJS", None)
    return environment


@dataclass
class SuiteRun:
    output: str
    returncode: int | None
    silent_for: float | None  # set when run-tests was stopped after printing nothing that long
    seconds: float


# Upstream's CI runs the suite under `ulimit -n 1024`: extmod/select_poll_fd.py registers 6000
# descriptors and expects poll() to fail with EINVAL (more than the open-file limit).
OPEN_FILE_LIMIT = 1024


def _limit_open_files():
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    limit = OPEN_FILE_LIMIT if hard == resource.RLIM_INFINITY else min(OPEN_FILE_LIMIT, hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(soft, limit), limit))


def run_suite(command, cwd, environment, silence_limit: float = SILENCE_LIMIT_SECONDS) -> SuiteRun:
    """Run ``command`` (as upstream's CI does: at most 1024 open files); stop it when it prints
    nothing for ``silence_limit`` seconds."""
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=cwd, env=environment, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
                               preexec_fn=_limit_open_files)
    chunks, last_output, silent_for = [], time.monotonic(), None
    stream = process.stdout
    try:
        while True:
            ready, _, _ = select.select([stream], [], [], 1.0)
            if ready:
                chunk = os.read(stream.fileno(), 65536)
                if not chunk:
                    break
                chunks.append(chunk)
                last_output = time.monotonic()
            elif time.monotonic() - last_output > silence_limit:
                silent_for = time.monotonic() - last_output
                break
    finally:
        if process.poll() is None:
            _stop_group(process)
        stream.close()
        process.wait()
    return SuiteRun(b"".join(chunks).decode("utf-8", "replace"), process.returncode, silent_for,
                    time.monotonic() - started)


def _stop_group(process):
    """Stop run-tests and every interpreter it started (its own session: one process group)."""
    import signal
    for sig, grace in ((signal.SIGTERM, 3.0), (signal.SIGKILL, None)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        if grace is None:
            return
        try:
            process.wait(grace)
            return
        except subprocess.TimeoutExpired:
            pass


# --- reading the results ------------------------------------------------------------------------

def parse_run_tests_output(text: str) -> dict[str, str]:
    """``{test: "pass" | "fail" | "skip"}`` from run-tests.py's per-test lines."""
    statuses = {}
    for line in text.splitlines():
        match = _LINE_RE.match(line.rstrip())
        if match:
            word, test = match.groups()
            statuses[test] = {"pass": "pass", "FAIL": "fail", "skip": "skip"}[word]
    return statuses


def timed_out_runs(log_text: str, tests) -> tuple[set[str], list[str]]:
    """The tests whose interpreter the wrapper stopped, and the other stopped runs (feature checks).

    Each log line holds a run's arguments; a test's path is the last one (absolute, or relative to
    the tests folder for cmdline tests).
    """
    tests = sorted(tests, key=len, reverse=True)  # "a/x_2.py" before "a/x.py" would not matter, but be exact
    stopped, others = set(), []
    for line in log_text.splitlines():
        line = line.strip()
        if not line:
            continue
        last = line.rsplit(" ", 1)[-1]
        match = next((test for test in tests if last == test or last.endswith("/" + test)), None)
        if match:
            stopped.add(match)
        else:
            others.append(line)
    return stopped, others


def failure_file_stem(test: str) -> str:
    """run-tests.py's name for a test's files in its result folder: ``basics/x.py`` -> ``basics_x.py``."""
    return test.replace("..", "_").replace("./", "").replace("/", "_")


def _shorten(text: str, limit: int = 100) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit - 3] + "..."


def cmdline_options(test_source: bytes) -> str:
    """The interpreter options a cmdline test asks for on its first line (``# cmdline: -v -v``)."""
    first = test_source.split(b"\n", 1)[0]
    return first[len(b"# cmdline:"):].decode("utf-8", "replace").strip() if first.startswith(b"# cmdline:") else ""


def failure_reason(output: bytes, expected: bytes, options: str = "") -> str:
    """Why a failed test failed, in one line, from its .out and .exp files (and its cmdline options)."""
    marker = TIMEOUT_MARKER.encode()
    if marker in output:
        return f"timed out: stopped after {TIME_LIMIT_SECONDS} s"
    if output.endswith(b"TIMEOUT"):
        return f"timed out: run-tests.py stopped it after {RUN_TESTS_OWN_LIMIT_SECONDS} s"
    if output.endswith(b"CRASH"):
        before = [line for line in output[:-len(b"CRASH")].decode("utf-8", "replace").splitlines() if line.strip()]
        if before:
            return f"exited with an error: {_shorten(before[-1])}"
        with_options = f" with options {options}" if options else ""
        return f"exited with an error status{with_options} (run-tests.py keeps no output of cmdline tests)"
    got = output.decode("utf-8", "replace").splitlines()
    wanted = expected.decode("utf-8", "replace").splitlines()
    for number, (line_got, line_wanted) in enumerate(zip(got, wanted), start=1):
        if line_got != line_wanted:
            return f"output differs at line {number}: expected '{_shorten(line_wanted, 60)}', got '{_shorten(line_got, 60)}'"
    if len(got) < len(wanted):
        return f"output ends early: {len(got)} of {len(wanted)} expected lines"
    if len(got) > len(wanted):
        return f"output has {len(got) - len(wanted)} more line(s) than expected, from '{_shorten(got[len(wanted)], 60)}'"
    return "output differs (line endings or trailing newline)"


def modules_tried(source: str) -> list[str]:
    """Modules a test imports inside ``try`` blocks whose handler prints SKIP (upstream's idiom)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # tests of MicroPython-only syntax
        return []
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Try):
            continue
        handlers_skip = any("SKIP" in ast.unparse(handler) for handler in node.handlers)
        if not handlers_skip:
            continue
        for statement in node.body:
            for inner in ast.walk(statement):
                if isinstance(inner, ast.Import):
                    found += [alias.name for alias in inner.names]
                elif isinstance(inner, ast.ImportFrom) and inner.module and not inner.level:
                    found.append(inner.module)
    return list(dict.fromkeys(found))


def module_probe_program(modules) -> str:
    """A MicroPython program printing ``missing NAME`` for each module of ``modules`` it cannot import."""
    names = sorted(set(modules))
    return ("for name in %r:\n"
            "    try:\n"
            "        __import__(name)\n"
            "    except ImportError:\n"
            "        print('missing', name)\n" % (names,))


def parse_module_probe(output: str) -> set[str]:
    return {line.split(None, 1)[1].strip() for line in output.splitlines() if line.startswith("missing ")}


SKIP_BY_RUN_TESTS = "run-tests.py skipped it: the test printed SKIP, or a feature check found the feature missing"


def skip_reason(tried_modules, missing_modules) -> str:
    missing = [name for name in tried_modules if name in missing_modules]
    if missing:
        return f"run-tests.py skipped it: module{'s' if len(missing) > 1 else ''} {', '.join(missing)} missing"
    return SKIP_BY_RUN_TESTS


def classify(statuses: dict[str, str], expected_tests, listed: dict[str, str], failure_reasons: dict[str, str],
             skip_reasons: dict[str, str], hung_reason: str | None = None, rerun_statuses=None) -> dict:
    """Per-test results and totals.

    ``statuses`` are run-tests' verdicts; ``expected_tests`` all tests of the run (those without a
    verdict hung, when run-tests was stopped, or were dropped); ``listed`` the skip list's
    ``{test: reason}`` for the variant; ``rerun_statuses`` the verdicts of the failed [[rerun]] tests
    run again alone: one that passed there passes, with its first failure kept as ``rerun``.
    """
    rerun_statuses = rerun_statuses or {}
    tests = {}
    for test in sorted(set(expected_tests) | set(statuses)):
        status = statuses.get(test)
        if status is None:
            reason = hung_reason or "no result: run-tests.py did not report this test"
            tests[test] = {"status": "fail", "reason": reason}
        elif status == "fail" and rerun_statuses.get(test) == "pass":
            tests[test] = {"status": "pass", "rerun": f"failed in the parallel run ({failure_reasons.get(test, 'failed')}); "
                                                      "passed when run again alone"}
        elif status == "fail":
            reason = failure_reasons.get(test, "failed")
            if test in rerun_statuses:
                reason += f"; run again alone: {rerun_statuses[test]}"
            tests[test] = {"status": "fail", "reason": reason}
        elif status == "skip":
            tests[test] = {"status": "skip", "reason": skip_reasons.get(test, SKIP_BY_RUN_TESTS),
                           "skipped_by": "run-tests.py"}
        else:
            tests[test] = {"status": "pass"}
        if test in listed:
            record = tests[test]
            if record["status"] == "fail":
                tests[test] = {"status": "skip", "reason": listed[test], "skipped_by": "skip list",
                               "outcome": f"failed: {record['reason']}"}
            elif record["status"] == "pass":
                record["stale_skip"] = listed[test]
    unexpected = sorted(test for test, record in tests.items() if record["status"] == "fail")
    stale = sorted(test for test, record in tests.items() if "stale_skip" in record)
    passed_on_rerun = sorted(test for test, record in tests.items() if "rerun" in record)
    totals = {
        "tests": len(tests),
        "passed": sum(record["status"] == "pass" for record in tests.values()),
        "failed": len(unexpected),
        "skipped": sum(record["status"] == "skip" for record in tests.values()),
        "skipped_by_run_tests": sum(record.get("skipped_by") == "run-tests.py" for record in tests.values()),
        "skipped_by_list": sum(record.get("skipped_by") == "skip list" for record in tests.values()),
        "stale_skips": len(stale),
        "passed_on_rerun": len(passed_on_rerun),
    }
    return {"tests": tests, "totals": totals, "failed": unexpected, "stale_skips": stale,
            "passed_on_rerun": passed_on_rerun}


def summary_line(results: dict) -> str:
    """The line the target prints every time."""
    totals = results["totals"]
    line = (f"upstream tests ({results['variant']}): {totals['passed']} passed, {totals['failed']} failed, "
            f"{totals['skipped']} skipped ({totals['skipped_by_run_tests']} by run-tests.py, "
            f"{totals['skipped_by_list']} by {results['skip_list']}) in {results['seconds']:.0f} s")
    if results.get("passed_on_rerun"):
        line += (f"; {len(results['passed_on_rerun'])} timing-sensitive test(s) passed only when run again alone "
                 f"([[rerun]] in {results['skip_list']}): {', '.join(results['passed_on_rerun'])}")
    if results["stale_skips"]:
        line += (f"; {len(results['stale_skips'])} stale skip-list entr{'y' if len(results['stale_skips']) == 1 else 'ies'}"
                 f" (the test passes now: remove it from {results['skip_list']}): {', '.join(results['stale_skips'])}")
    return line + f"; details {results['results_file']}"


MESSAGE_TESTS = 25  # failing tests the error line names (a broken interpreter fails them all)


def failure_message(results: dict) -> str | None:
    """The error line when tests outside the skip list failed, else None."""
    failed = results["failed"]
    if not failed:
        return None
    described = ", ".join(f"{test} ({results['tests'][test]['reason']})" for test in failed[:MESSAGE_TESTS])
    if len(failed) > MESSAGE_TESTS:
        described += f" and {len(failed) - MESSAGE_TESTS} more (every one with its reason in {results['results_file']})"
    return (f"{len(failed)} upstream test{'s' if len(failed) > 1 else ''} failed on {results['variant']}: {described}; "
            f"expected/actual output in {results['failures_dir']}/ (fix them, or list a test that cannot apply "
            f"to this variant in {results['skip_list']} with the reason)")


def read_results(path: Path | str) -> dict:
    with open(path, encoding="utf-8") as stream:
        return json.load(stream)


def command_line(command) -> str:
    return shlex.join(command)
