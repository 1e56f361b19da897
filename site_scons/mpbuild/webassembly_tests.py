"""Upstream's webassembly API tests (tests/ports/webassembly) on a build's micropython.mjs.

Two sets: v1.23.0's, in micropython/tests/ports/webassembly, and v1.27.0's, from the pinned
``webassembly-tests-1.27.0.tar.gz`` (extracted into ``build/.cache/upstream/``; never into the
repository). Each test runs as upstream's run-tests.py ``--target webassembly`` runs it:
``node TEST.mjs /abs/path/micropython.mjs`` in the test's folder, stdout and stderr together,
compared with ``TEST.exp``. ``scons variant=NAME api-test`` runs them (site_tools/mp_webassembly_tests.py;
results in ``build/NAME/tests/webassembly-api.json``). The expected failures (a test whose output depends on something
our build does differently, with the line that differs) are in a TOML file; every other
failure is unexpected. The same file's ``[[rerun]]`` entries name tests that race a JS timer against
the runtime's own work: one that fails runs once more and passes if that run passes (its record
keeps the first difference).
"""

from __future__ import annotations

import shutil
import subprocess
import tarfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

from mpbuild import provision

TESTS_1_27 = provision.Archive(
    filename="webassembly-tests-1.27.0.tar.gz",
    sha256="ea309864c9972e8ad483db229e3e82d82df65ad462a6c396cd75784a3e242cd7",
    prefix="webassembly-tests-1.27.0",
    destination=(),
    what="upstream MicroPython v1.27.0's tests/ports/webassembly",
)
TEST_SUFFIXES = (".js", ".mjs")
TIME_LIMIT_S = 30
# Beyond this, an output is cut in results (a failing node run prints the module's one long line).
OUTPUT_LIMIT = 4000


@dataclass(frozen=True)
class ExpectedFailure:
    test_set: str
    test: str
    variants: tuple[str, ...]  # empty: every variant
    reason: str
    line: str


@dataclass(frozen=True)
class Rerun:
    test: str
    test_sets: tuple[str, ...]  # empty: both sets
    variants: tuple[str, ...]   # empty: every variant
    reason: str

    def applies_to(self, test_set: str, test: str, variant: str) -> bool:
        return (self.test == test and (not self.test_sets or test_set in self.test_sets)
                and (not self.variants or variant in self.variants))


def tests_1_23(micropython_root: Path) -> Path:
    return micropython_root / "tests" / "ports" / "webassembly"


def provide_tests_1_27(cache: Path, log=lambda text: None, folders=None) -> Path:
    """The v1.27.0 test folder, extracted from the verified archive on first use."""
    folder = cache / TESTS_1_27.prefix
    done = folder / ".extracted"
    if done.is_file() and done.read_text() == TESTS_1_27.sha256:
        return folder / "tests" / "ports" / "webassembly"
    archive = provision.find_archive(TESTS_1_27, folders or provision.archive_folders(), log)
    staging = cache / (TESTS_1_27.prefix + ".staging")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    with tarfile.open(archive) as tar:
        tar.extractall(staging, filter="data")  # (refuses absolute paths, links out, devices)
    shutil.rmtree(folder, ignore_errors=True)
    (staging / TESTS_1_27.prefix).rename(folder)
    staging.rmdir()
    done.write_text(TESTS_1_27.sha256)  # last: a half extraction is never taken for a whole one
    return folder / "tests" / "ports" / "webassembly"


def _tables(path: Path, kind: str, required) -> list[dict]:
    """The file's [[kind]] tables, each checked for the required keys."""
    with open(path, "rb") as stream:
        tables = tomllib.load(stream).get(kind, [])
    label = "" if kind == "failure" else f"{kind} "
    for index, table in enumerate(tables):
        missing = [key for key in required if not table.get(key)]
        if missing:
            raise ValueError(f"{path}: {label}entry {index + 1} ({table.get('test', '?')}) lacks {', '.join(missing)}")
    return tables


def load_reruns(path: Path) -> list[Rerun]:
    return [Rerun(entry["test"], tuple(entry.get("sets", ())), tuple(entry.get("variants", ())), entry["reason"])
            for entry in _tables(path, "rerun", ("test", "reason"))]


def load_expected_failures(path: Path) -> list[ExpectedFailure]:
    return [ExpectedFailure(entry["set"], entry["test"], tuple(entry.get("variants", ())), entry["reason"], entry["line"])
            for entry in _tables(path, "failure", ("set", "test", "reason", "line"))]


def expected_for(entries, test_set: str, test: str, variant: str) -> ExpectedFailure | None:
    for entry in entries:
        if entry.test_set == test_set and entry.test == test and (not entry.variants or variant in entry.variants):
            return entry
    return None


def first_difference(expected: str, actual: str) -> str:
    """The first differing line, as `line N: expected '...', got '...'`."""
    want, got = expected.splitlines(), actual.splitlines()
    for number in range(max(len(want), len(got))):
        a = want[number] if number < len(want) else "<end>"
        b = got[number] if number < len(got) else "<end>"
        if a != b:
            return f"line {number + 1}: expected {a[:200]!r}, got {b[:200]!r}"
    return "identical lines (line endings differ)"


def run_test(test: Path, module: Path, node: str = "node") -> tuple[str, str]:
    """(outcome, output): outcome 'pass', 'fail' or 'timeout'."""
    try:
        result = subprocess.run([node, str(test), str(module.resolve())], cwd=test.parent, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, timeout=TIME_LIMIT_S)
        output = result.stdout.decode("utf-8", "replace").replace("\r\n", "\n")
    except subprocess.TimeoutExpired as error:
        return "timeout", (error.stdout or b"").decode("utf-8", "replace")
    expected = Path(str(test) + ".exp").read_text(encoding="utf-8").replace("\r\n", "\n")
    return ("pass" if output == expected else "fail"), output


def _difference(test: Path, outcome: str, output: str) -> str:
    """What a failed run got wrong: its first differing line, or that it did not end."""
    if outcome != "fail":
        return f"no end within {TIME_LIMIT_S} s"
    return first_difference(Path(str(test) + ".exp").read_text(encoding="utf-8"), output)


def run_set(test_set: str, folder: Path, module: Path, variant: str, expected_failures, node: str = "node",
            reruns=()) -> dict:
    """Run every test of one set: per test its outcome and, when it failed, the differing line and the
    start of its output. A failed test that a ``reruns`` entry names runs once more."""
    results = {}
    for test in sorted(p for p in folder.iterdir() if p.suffix in TEST_SUFFIXES):
        outcome, output = run_test(test, module, node)
        entry = expected_for(expected_failures, test_set, test.name, variant)
        first_failure = None
        if outcome != "pass" and not entry and any(r.applies_to(test_set, test.name, variant) for r in reruns):
            first_failure = _difference(test, outcome, output)
            outcome, output = run_test(test, module, node)
        record = {"outcome": outcome}
        if first_failure:
            record["rerun"] = f"first run failed ({first_failure}); " + (
                "passed when run again" if outcome == "pass" else "failed again")
        if outcome != "pass":
            record["difference"] = _difference(test, outcome, output)
            record["expected_failure"] = bool(entry)
            if entry:
                record["reason"] = entry.reason
            record["output"] = output[:OUTPUT_LIMIT]
        elif entry:
            record["stale_entry"] = True  # listed, yet passes
        results[test.name] = record
    return results


def run_all(module: Path, variant: str, sets: dict[str, Path], expected_failures_file: Path,
            node: str = "node") -> dict:
    """Run both sets with ``node`` (features.node_for: the one the variant needs); the report (the build
    step writes it as build/NAME/tests/webassembly-api.json)."""
    expected_failures = load_expected_failures(expected_failures_file)
    reruns = load_reruns(expected_failures_file)
    report = {"variant": variant, "module": str(module), "sets": {}}
    for name, folder in sets.items():
        report["sets"][name] = run_set(name, folder, module, variant, expected_failures, node, reruns)
    report["counts"] = {name: {"passed": sum(r["outcome"] == "pass" for r in tests.values()), "total": len(tests)}
                        for name, tests in report["sets"].items()}
    report["unexpected"] = [f"{name}/{test}: {r['difference']}" for name, tests in report["sets"].items()
                            for test, r in tests.items() if r["outcome"] != "pass" and not r["expected_failure"]]
    report["stale_entries"] = [f"{name}/{test}" for name, tests in report["sets"].items()
                               for test, r in tests.items() if r.get("stale_entry")]
    report["passed_on_rerun"] = [f"{name}/{test}: {r['rerun']}" for name, tests in report["sets"].items()
                                 for test, r in tests.items() if r.get("rerun") and r["outcome"] == "pass"]
    return report


def summary_lines(report: dict) -> list[str]:
    """What `scons variant=NAME api-test` prints: a line per set, then each unexpected failure."""
    lines = [f"webassembly API tests {name} ({report['variant']}): {count['passed']}/{count['total']} passed"
             for name, count in report["counts"].items()]
    lines += [f"  unexpected failure: {line}" for line in report["unexpected"]]
    lines += [f"  listed but passes (stale entry): {line}" for line in report["stale_entries"]]
    lines += [f"  timing-sensitive, passed on its second run: {line}" for line in report.get("passed_on_rerun", [])]
    return lines


def main(argv=None) -> int:
    """python3 -m mpbuild.webassembly_tests VARIANT (in site_scons/): run and print, writing nothing."""
    import sys

    argv = sys.argv[1:] if argv is None else argv
    variant = argv[0] if argv else "default"
    root = provision.REPO_ROOT
    sets = {"1.23.0": tests_1_23(root / "micropython"),
            "1.27.0": provide_tests_1_27(root / "build" / ".cache" / "upstream")}
    report = run_all(root / "build" / variant / "micropython.mjs", variant, sets,
                     root / "tests" / "upstream" / "webassembly_expected_failures.toml")
    print("\n".join(summary_lines(report)))
    return 1 if report["unexpected"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
