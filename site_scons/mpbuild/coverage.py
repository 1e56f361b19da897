"""Coverage of the unix-host build: which programs to run, which counters count, gcovr, the summary.

The ``coverage`` variant compiles with gcc's ``--coverage``: each object ``x.o``
comes with notes ``x.gcno`` (written by the compiler) and, once the interpreter
has run, counters ``x.gcda`` (written at exit, added to any counters already
there). A report is only right when

* the counters start from zero for the run (``reset_counters``), and
* only the data files of the objects that make up the current interpreter are
  read (``data_files_for``), never whatever ``*.gcda`` lies around in the
  build folder (objects of deleted sources, copies, older builds).

The run is upstream's test suite (the ``test`` target's run, whose counters
are kept in ``SUITE_COUNTERS``: ``save_counters``/``restore_counters``) plus our
test programs. The report is split into areas (``AREAS``); "our own code", which
the threshold applies to, is the port and the user modules. Frozen Python is not
measured: it is bytecode that the VM runs, so gcov sees only the C that runs it.
"""

from __future__ import annotations

import glob
import json
import zipfile
import math
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path


class CoverageError(Exception):
    """A problem the user must fix; ``str(error)`` is the complete message."""


@dataclass(frozen=True)
class Area:
    name: str       # folder of its own report under report/
    folder: str     # source folder, relative to the repository root
    own: bool       # counts towards the threshold


AREAS = (
    Area("py", "micropython/py", own=False),
    Area("extmod", "micropython/extmod", own=False),
    Area("shared", "micropython/shared", own=False),
    Area("lib", "micropython/lib", own=False),   # third-party C that extmod modules include (re1.5, uzlib, ...)
    Area("port", "ports/wasm", own=True),
    Area("cmod", "cmod", own=True),
)
OWN_AREAS = tuple(area.name for area in AREAS if area.own)
MODULES_AREA = "cmod"  # also holds the USER_C_MODULES folders

# Names the report is made of, inside the report folder.
TRACEFILE = "coverage.json"        # gcovr's full JSON: every line and function with its count
SUMMARY = "summary.json"           # gcovr --json-summary: per-file and total percentages
COBERTURA = "coverage.xml"
HTML_INDEX = "index.html"
AREAS_SUMMARY = "areas.json"       # ours: totals per area and for our own code
MANIFEST = "manifest.json"         # ours: every file the report step wrote (so the build knows them)

# What the report cannot measure, and why (written into areas.json and the README).
NOT_MEASURED = {
    "frozen Python": "bytecode (build/<variant>/frozen/*.mpy) run by the VM: gcov counts the VM's C lines, "
                     "no line of a frozen .py",
}

# The counters upstream's test suite left (``scons variant=coverage test``), relative to the
# variant folder: the coverage run starts from them instead of rerunning the suite.
SUITE_COUNTERS = "tests/suite-counters.zip"

TEST_TIMEOUT_SECONDS = 120


# --- what runs -------------------------------------------------------------------------------

def find_test_programs(root: Path | str, patterns) -> list[Path]:
    """Programs matched by ``patterns`` (globs relative to ``root``), sorted.

    Files whose name starts with ``_`` are helper modules that programs import, not programs.
    """
    found = set()
    for pattern in patterns:  # relative to root, or absolute (a USER_C_MODULES folder elsewhere)
        for name in glob.glob(os.path.join(root, pattern)):
            path = Path(name)
            if path.is_file() and not path.name.startswith("_") and "__pycache__" not in path.parts:
                found.add(path)
    return sorted(found)


def program_inputs(root: Path | str, patterns) -> list[Path]:
    """Every file a test run can read: all files below the folders the patterns' programs live in.

    Programs import helpers and packages beside them, so an edit to any of those must rerun the tests.
    """
    root = Path(root)
    folders = {program.parent for program in find_test_programs(root, patterns)}
    files = set()
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                files.add(path)
    return sorted(files)


def program_environment(base_environment) -> dict:
    """The environment for test programs: nothing from the caller's shell changes how they run."""
    environment = {key: value for key, value in base_environment.items()
                   if key not in ("MICROPYPATH", "GCOV_PREFIX", "GCOV_PREFIX_STRIP")}
    return environment


def run_program(interpreter: str, program: Path | str, timeout: float = TEST_TIMEOUT_SECONDS) -> str | None:
    """Run one program the way the language tests do (from its folder, no stdin).

    Returns None when it exits with 0, else a one-line description of the failure.
    """
    program = Path(program)
    try:
        result = subprocess.run([interpreter, program.name], cwd=program.parent, stdin=subprocess.DEVNULL,
                                capture_output=True, timeout=timeout, env=program_environment(os.environ))
    except subprocess.TimeoutExpired:
        return f"{program}: timed out after {timeout:g} s"
    except OSError as error:
        return f"{program}: cannot run {interpreter}: {error.strerror or error}"
    if result.returncode == 0:
        return None
    last_line = (result.stderr.decode("utf-8", "replace").strip().splitlines() or ["(no error output)"])[-1]
    return f"{program}: exit {result.returncode}: {last_line}"


# --- the command-line tests ------------------------------------------------------------------

# Our pytest tests of the interpreter's command line (options, stdin, -m, errors): tests/py programs
# cannot reach that code. They run on the instrumented build, which the variable names (conftest.py).
CLI_TESTS = "tests/runtime/test_cli.py"
CLI_TESTS_INPUTS = (CLI_TESTS, "tests/conftest.py", "tests/runtime/conftest.py", "tests/interpreter.py",
                    "tests/buildtree.py", "pytest.ini")
BUILT_VARIANT_VARIABLE = "MPW_TEST_BUILT_VARIANT_DIR"
CLI_TESTS_TIMEOUT_SECONDS = 600


def cli_tests_command(python: str, variant: str) -> list[str]:
    return [python, "-m", "pytest", CLI_TESTS, f"--variant={variant}", "-q", "-p", "no:cacheprovider"]


def cli_tests_environment(base_environment, variant_dir: str) -> dict:
    environment = program_environment(base_environment)
    environment[BUILT_VARIANT_VARIABLE] = variant_dir
    return environment


PYTEST_SUMMARY = re.compile(r"\b\d+ (passed|failed|errors?|skipped|deselected)\b.* in [\d.]+s")


def cli_tests_outcome(returncode: int, output: str) -> str | None:
    """None when pytest passed, else one line: its summary and the failed tests."""
    if returncode == 0:
        return None
    lines = output.strip().splitlines()
    failed = [line.split(" ", 1)[1].split(" - ")[0] for line in lines if line.startswith(("FAILED ", "ERROR "))]
    # pytest's summary line ("1 failed, 1 passed in 0.5s"); plugins may print after it.
    summaries = [line for line in lines if PYTEST_SUMMARY.search(line)]
    summary = (summaries or lines or ["(no output)"])[-1].strip("= ")
    return f"{CLI_TESTS}: pytest exit {returncode}: {summary}" + (f": {', '.join(failed)}" if failed else "")


def run_cli_tests(python: str, root: str, variant: str, variant_dir: str) -> str | None:
    """Run the command-line tests on the built variant; None when they pass, else what failed."""
    try:
        result = subprocess.run(cli_tests_command(python, variant), cwd=root, stdin=subprocess.DEVNULL,
                                capture_output=True, text=True, timeout=CLI_TESTS_TIMEOUT_SECONDS,
                                env=cli_tests_environment(os.environ, variant_dir))
    except subprocess.TimeoutExpired:
        return f"{CLI_TESTS}: timed out after {CLI_TESTS_TIMEOUT_SECONDS} s"
    return cli_tests_outcome(result.returncode, result.stdout + result.stderr)


# --- which counters count --------------------------------------------------------------------

def notes_file(object_path: str) -> str:
    return os.path.splitext(object_path)[0] + ".gcno"


def counters_file(object_path: str) -> str:
    return os.path.splitext(object_path)[0] + ".gcda"


def reset_counters(folder: Path | str) -> int:
    """Delete every counters file below ``folder``; return how many there were."""
    removed = 0
    for directory, _subdirs, names in os.walk(folder):
        for name in names:
            if name.endswith(".gcda"):
                os.remove(os.path.join(directory, name))
                removed += 1
    return removed


def save_counters(folder: Path | str, archive: Path | str) -> int:
    """Store every counters file below ``folder`` in the zip ``archive``; return how many.

    Called right after a run that started from ``reset_counters``, so every file is that run's.
    Written beside and moved into place: a killed run never leaves half an archive.
    """
    folder = os.path.abspath(folder)
    partial = f"{archive}.tmp{os.getpid()}"
    stored = 0
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as bundle:
        for directory, subdirs, names in os.walk(folder):
            subdirs.sort()
            for name in sorted(names):
                if name.endswith(".gcda"):
                    path = os.path.join(directory, name)
                    bundle.write(path, os.path.relpath(path, folder))
                    stored += 1
    os.replace(partial, archive)
    return stored


def restore_counters(folder: Path | str, archive: Path | str) -> int:
    """Make the counters below ``folder`` exactly those stored in ``archive``; return how many.

    Raises CoverageError when the archive cannot be read.
    """
    reset_counters(folder)
    try:
        with zipfile.ZipFile(archive) as bundle:
            names = bundle.namelist()
            if any(name.startswith("/") or ".." in name.split("/") for name in names):
                raise zipfile.BadZipFile("a stored path leaves the variant folder")
            bundle.extractall(folder)
    except (OSError, zipfile.BadZipFile) as error:
        raise CoverageError(
            f"cannot read the counters of upstream's test suite ({archive}: {error}); run the suite "
            "again: rm -f build/coverage/tests/results.json && scons variant=coverage coverage"
        ) from None
    return len(names)


def data_files_for(objects) -> list[str]:
    """The gcov data file of each object: its counters when it ran, else its notes (all lines unrun).

    Raises CoverageError when an object has no notes: it was not compiled with
    coverage instrumentation (or the notes were deleted), so its lines would silently be missing.
    """
    chosen, missing = [], []
    for object_path in objects:
        counters, notes = counters_file(object_path), notes_file(object_path)
        if not os.path.exists(notes):
            missing.append(notes)
        elif os.path.exists(counters):
            chosen.append(counters)
        else:
            chosen.append(notes)
    if missing:
        shown = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
        raise CoverageError(
            f"no coverage notes for {len(missing)} object(s) ({shown}): they were compiled without "
            "--coverage or the notes were deleted; rebuild them: scons -c variant=coverage && "
            "scons variant=coverage coverage"
        )
    return chosen


# --- gcovr -----------------------------------------------------------------------------------

def area_folders(root: Path | str, module_folders=()) -> dict[str, list[str]]:
    """Area name -> real paths of its folders (gcovr matches filters against real paths).

    ``module_folders`` (USER_C_MODULES, relative to ``root`` or absolute) belong to the user modules area.
    """
    folders = {area.name: [os.path.realpath(os.path.join(root, area.folder))] for area in AREAS}
    for folder in module_folders:
        real = os.path.realpath(os.path.join(root, folder))
        if real not in folders[MODULES_AREA]:
            folders[MODULES_AREA].append(real)
    return folders


def area_filter(folder: str) -> str:
    """A gcovr --filter for everything below ``folder`` (absolute, so it does not depend on the cwd)."""
    return re.escape(folder.rstrip("/") + "/")


def _filter_arguments(folders) -> list[str]:
    return [argument for folder in folders for argument in ("--filter", area_filter(folder))]


def tracefile_command(python: str, root: str, data_files, tracefile: str, jobs: int = 1,
                      module_folders=()) -> list[str]:
    """gcovr reading the data files once (through gcov) into one JSON tracefile of all areas."""
    filters = _filter_arguments(folder for folders in area_folders(root, module_folders).values()
                                for folder in folders)
    return [python, "-m", "gcovr", "--root", root, *filters, "-j", str(max(1, jobs)),
            "--json", tracefile, *data_files]


def report_command(python: str, root: str, tracefile: str, report_dir: str, title: str,
                   area: str | None = None, module_folders=()) -> list[str]:
    """gcovr turning the tracefile into HTML, Cobertura and a JSON summary.

    Without ``area`` the report covers every area, with a page per source file; with it, the
    files of that area only, in one table (their pages are the full report's: writing them
    again per area took longer than the rest of the report).
    """
    command = [python, "-m", "gcovr", "--root", root, "--add-tracefile", tracefile]
    html = "--html-details"
    if area is not None:
        command += _filter_arguments(area_folders(root, module_folders)[area])
        html = "--html"
    return command + [
        html, os.path.join(report_dir, HTML_INDEX), "--html-title", title,
        "--cobertura", os.path.join(report_dir, COBERTURA), "--cobertura-pretty",
        "--json-summary", os.path.join(report_dir, SUMMARY), "--json-summary-pretty",
    ]


# --- the summary -----------------------------------------------------------------------------

@dataclass
class Totals:
    lines_covered: int = 0
    lines_total: int = 0
    branches_covered: int = 0
    branches_total: int = 0
    files: int = 0

    def add(self, entry: dict) -> None:
        self.lines_covered += int(entry.get("line_covered", 0))
        self.lines_total += int(entry.get("line_total", 0))
        self.branches_covered += int(entry.get("branch_covered", 0))
        self.branches_total += int(entry.get("branch_total", 0))
        self.files += 1

    @property
    def line_ratio(self) -> float | None:
        return self.lines_covered / self.lines_total if self.lines_total else None

    @property
    def branch_ratio(self) -> float | None:
        return self.branches_covered / self.branches_total if self.branches_total else None

    def as_dict(self) -> dict:
        return {"lines_covered": self.lines_covered, "lines_total": self.lines_total,
                "branches_covered": self.branches_covered, "branches_total": self.branches_total,
                "files": self.files}


def area_of(filename: str, root: str, folders: dict[str, list[str]]) -> str | None:
    """The area a report file name (relative to ``root``, or absolute) belongs to."""
    path = os.path.realpath(os.path.join(root, filename))
    for name, area_paths in folders.items():
        if any(path.startswith(folder.rstrip("/") + "/") for folder in area_paths):
            return name
    return None


def summarize(summary: dict, root: str, module_folders=()) -> dict:
    """Totals overall, per area and for our own code, from a gcovr JSON summary."""
    folders = area_folders(root, module_folders)
    overall = Totals()
    areas = {area.name: Totals() for area in AREAS}
    own = Totals()
    for entry in summary.get("files", []):
        overall.add(entry)
        name = area_of(entry["filename"], root, folders)
        if name is not None:
            areas[name].add(entry)
            if name in OWN_AREAS:
                own.add(entry)
    return {
        "total": overall.as_dict(),
        "areas": {name: totals.as_dict() for name, totals in areas.items()},
        "own": own.as_dict(),
        "own_areas": [area.folder for area in AREAS if area.own]
                     + [folder.rstrip("/") for folder in module_folders if folder.rstrip("/") != MODULES_AREA],
        "not_measured": dict(NOT_MEASURED),
    }


def _totals(data: dict) -> Totals:
    totals = Totals(data["lines_covered"], data["lines_total"], data["branches_covered"],
                    data["branches_total"], data["files"])
    return totals


def percent(ratio: float | None) -> str:
    """A ratio as a percentage rounded down to 0.1, so a figure never looks better than it is."""
    if ratio is None:
        return "n/a"
    return f"{math.floor(ratio * 1000) / 10:.1f}%"


def summary_line(summarized: dict) -> str:
    """The one-line text summary printed after a run."""
    total = _totals(summarized["total"])
    own = _totals(summarized["own"])
    areas = ", ".join(
        f"{area.folder}/ {percent(_totals(summarized['areas'][area.name]).line_ratio)}" for area in AREAS
    )
    return (
        f"coverage: lines {percent(total.line_ratio)} ({total.lines_covered}/{total.lines_total}), "
        f"branches {percent(total.branch_ratio)} ({total.branches_covered}/{total.branches_total}); "
        f"lines by area: {areas}; own code lines {percent(own.line_ratio)}"
    )


def parse_threshold(text) -> float | None:
    """``coverage_min=NN``: None when not given, else a percentage from 0 to 100."""
    if text is None or str(text).strip() == "":
        return None
    raw = str(text).strip().rstrip("%")
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (0 <= value <= 100):  # also rejects nan
        raise CoverageError(f"coverage_min={text} is not a percentage; use a number from 0 to 100, "
                            "e.g. coverage_min=60")
    return value


def threshold_failure(summarized: dict, threshold: float | None, report_index: str) -> str | None:
    """The message when own-code line coverage is below ``threshold``, else None."""
    if threshold is None:
        return None
    own = _totals(summarized["own"])
    folders = " and ".join(f"{folder}/" for folder in summarized["own_areas"])
    if own.line_ratio is None:
        return (f"coverage_min={threshold:g}: no lines of our own code ({folders}) were measured; "
                "is the port compiled into the coverage variant?")
    if own.line_ratio * 100 < threshold:
        return (f"line coverage of our own code ({folders}) is {percent(own.line_ratio)} "
                f"({own.lines_covered}/{own.lines_total} lines), below coverage_min={threshold:g}; "
                f"add test programs that exercise the uncovered lines (see {report_index})")
    return None


def read_json(path: str) -> dict:
    with open(path, encoding="utf-8") as stream:
        return json.load(stream)


def report_files(report_dir: Path | str) -> list[str]:
    """Every file below the report folder, relative to it, sorted (for the manifest)."""
    report_dir = Path(report_dir)
    return sorted(path.relative_to(report_dir).as_posix()
                  for path in report_dir.rglob("*") if path.is_file() and ".tmp" not in path.name)
