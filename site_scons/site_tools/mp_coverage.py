"""The ``coverage`` target of a coverage variant: run the test programs, write gcovr reports.

Loaded for variants with the ``coverage`` feature (variants/coverage.toml). The graph:

* every compile also writes notes (``x.gcno``): a side effect of the object, so
  the build knows them (pruning leaves them alone, ``scons -c`` removes them)
  and objects are kept out of a shared cache, which would bring them back without notes;
* upstream's test suite is the ``test`` target's own run (mp_upstream_tests.py): on a
  coverage variant that step starts from zero counters and afterwards stores the counters
  it left in ``$VARIANT_DIR/tests/suite-counters.zip`` (a pre- and a post-action);
* one step starts from those counters, runs our test programs and our command-line tests
  (tests/runtime/test_cli.py, through pytest, on this build) and writes the report under
  ``$VARIANT_DIR/report``; it depends on the suite's results, the interpreter and the files
  of the test folders, so editing a test program reruns our programs (not the suite)
  without compiling anything;
* the ``coverage`` alias prints the suite's and the report's summary lines, warns when a
  suite test outside the skip list failed (the ``test`` target fails on it), and applies
  ``coverage_min`` every time, even when everything is up to date.

The decisions (which programs, which counters count, gcovr's command lines, the
summary) are in mpbuild/coverage.py.
"""

import concurrent.futures
import importlib.metadata
import json
import os
import shutil
import sys

import SCons.Action
import SCons.Script

from mpbuild import coverage, upstream_tests, usermods
from mpbuild.errors import fail
from mpbuild.files import write_text_atomically
from mpbuild.steps import FORWARD_NEVER, run_step, step_action

REPORT_TITLE = "MicroPython wasm port: coverage of the unix-host build"


def _with_notes(emitter):
    """An object emitter that also declares the compiler's notes file of each object."""
    if getattr(emitter, "declares_coverage_notes", False):
        return emitter

    def emit(target, source, env):
        if callable(emitter):
            target, source = emitter(target, source, env)
        for node in target:
            notes = node.dir.File(os.path.basename(coverage.notes_file(node.name)))
            counters = node.dir.File(os.path.basename(coverage.counters_file(node.name)))
            env.SideEffect(notes, node)
            env.Clean(node, [notes, counters])  # counters mean nothing without their object
            env.NoCache(node)
        return target, source

    emit.declares_coverage_notes = True
    return emit


def _linked_objects(program, env):
    """The object nodes that make up ``program`` (through static libraries too)."""
    objects, pending, seen = [], list(program.sources), set()
    suffix = env.subst("$OBJSUFFIX")
    while pending:
        node = pending.pop(0)
        if node in seen:
            continue
        seen.add(node)
        if node.name.endswith(suffix):
            objects.append(node)
        elif node.has_builder():  # a library: its objects are in the program too
            pending.extend(node.sources)
    return objects


def _gcovr_version():
    try:
        return importlib.metadata.version("gcovr")
    except importlib.metadata.PackageNotFoundError:
        return None


def options(variables):
    variables.Add("coverage_min", "with `scons variant=coverage coverage`: fail when line coverage of "
                  "ports/wasm and cmod is below this percentage", "")


def _run(command, env):
    """Run a helper command (with the environment scons was started in); on failure print its output
    and return False."""
    result = run_step(command, env, environ=os.environ, forward=FORWARD_NEVER)
    if not result.ok:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        sys.stderr.write(f"error: {os.path.basename(command[0])} {' '.join(command[1:3])} ... failed "
                         f"(exit {result.returncode})\n")
        return False
    return True


def _write_report(env, root, data_files, staging, failures, cli_failure):
    """gcovr: one pass through gcov into a tracefile, then the reports for all and for each area."""
    python, jobs = sys.executable, SCons.Script.GetOption("num_jobs") or 1
    tracefile = os.path.join(staging, coverage.TRACEFILE)
    module_folders = env["COVERAGE_MODULE_FOLDERS"]
    if not _run(coverage.tracefile_command(python, root, data_files, tracefile, jobs, module_folders), env):
        return False
    reports = [coverage.report_command(python, root, tracefile, staging, REPORT_TITLE)]
    for area in coverage.AREAS:
        area_dir = os.path.join(staging, area.name)
        os.makedirs(area_dir)
        reports.append(coverage.report_command(python, root, tracefile, area_dir, f"{REPORT_TITLE}: {area.folder}/",
                                               area.name, module_folders))
    # The reports only read the tracefile: write them side by side.
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        if not all(pool.map(lambda command: _run(command, env), reports)):
            return False
    summarized = coverage.summarize(coverage.read_json(os.path.join(staging, coverage.SUMMARY)), root,
                                    module_folders)
    summarized["programs"] = len(env["COVERAGE_PROGRAMS"])
    summarized["failed_programs"] = failures
    summarized["cli_tests"] = coverage.CLI_TESTS if env["COVERAGE_CLI_TESTS"] else None
    summarized["failed_cli_tests"] = cli_failure
    write_text_atomically(os.path.join(staging, coverage.AREAS_SUMMARY),
                          json.dumps(summarized, indent=1, sort_keys=True) + "\n")
    listed = coverage.report_files(staging) + [coverage.MANIFEST]
    write_text_atomically(os.path.join(staging, coverage.MANIFEST), json.dumps(sorted(listed), indent=0) + "\n")
    return True


def _run_tests_and_report(target, source, env):
    root = env.Dir("#").abspath
    report_dir = target[0].dir.abspath
    interpreter = source[0].abspath
    staging = f"{report_dir}.tmp{os.getpid()}"

    # Start from exactly what upstream's suite counted: counters of our earlier runs, of
    # interpreters run by hand and of objects no longer built must not add to this run's.
    try:
        coverage.restore_counters(env.Dir("$VARIANT_DIR").abspath, env["COVERAGE_SUITE_COUNTERS"])
    except coverage.CoverageError as error:
        sys.stderr.write(f"error: {error}\n")
        return 1
    # The programs and the command-line tests are independent; gcov's runtime merges counters
    # under a file lock.
    jobs = SCons.Script.GetOption("num_jobs") or 1
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        cli_run = None
        if env["COVERAGE_CLI_TESTS"]:  # the longest job: started first
            cli_run = pool.submit(coverage.run_cli_tests, sys.executable, root, env["MP_VARIANT"],
                                  env.Dir("$VARIANT_DIR").abspath)
        outcomes = list(pool.map(lambda program: coverage.run_program(interpreter, program),
                                 env["COVERAGE_PROGRAMS"]))
        cli_failure = cli_run.result() if cli_run else None
    failures = [failure for failure in outcomes if failure]
    try:
        data_files = coverage.data_files_for(env["COVERAGE_OBJECTS"])
    except coverage.CoverageError as error:
        sys.stderr.write(f"error: {error}\n")
        return 1

    # The whole report is made in a fresh folder and moved into place: pages of files that are
    # no longer built never survive, and a run that fails or is killed while gcovr works leaves
    # the previous report as it was.
    shutil.rmtree(staging, ignore_errors=True)
    os.makedirs(staging)
    try:
        if not _write_report(env, root, data_files, staging, failures, cli_failure):
            return 1
        shutil.rmtree(report_dir, ignore_errors=True)
        os.replace(staging, report_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)

    if failures:
        sys.stderr.write(f"error: {len(failures)} of {len(env['COVERAGE_PROGRAMS'])} test programs failed "
                         "(the report is written; their coverage is partial):\n")
        sys.stderr.write("".join(f"  {failure}\n" for failure in failures))
        return 1
    return 0


def _declare_report_pages(env, run, report_dir):
    """Pages of the last report (per-file pages have names gcovr chooses) are products of the run."""
    manifest = os.path.join(report_dir.abspath, coverage.MANIFEST)
    try:
        listed = coverage.read_json(manifest)
    except (OSError, ValueError):
        return
    declared = {node.abspath for node in run}
    pages = [report_dir.File(relative) for relative in listed]
    pages = [page for page in pages if page.abspath not in declared]
    env.SideEffect(pages, run)
    env.Clean(run, pages)


def _coverage_report(env, program, tests):
    """Declare the test run, the report and the ``coverage`` alias for ``program`` (``coverage_min``: options)."""
    try:
        threshold = coverage.parse_threshold(env["coverage_min"])
    except coverage.CoverageError as error:
        fail(str(error))
    gcovr_version = _gcovr_version()
    if gcovr_version is None and "coverage" in SCons.Script.COMMAND_LINE_TARGETS:
        fail("gcovr is not installed (it writes the coverage reports): python3 -m pip install gcovr, "
             "or tools/setup.sh")

    root = env.Dir("#").abspath
    objects = _linked_objects(program, env)
    # Folders of USER_C_MODULES count as user modules, like cmod/, and so do their test programs.
    module_folders = usermods.split_folder_list(env.get("USER_C_MODULES", ""))
    tests = list(tests) + [os.path.join(folder, "*", "tests", "*.py") for folder in module_folders]
    programs = coverage.find_test_programs(root, tests)
    inputs = [env.File(str(path)) for path in coverage.program_inputs(root, tests)]
    cli_tests = os.path.isfile(os.path.join(root, coverage.CLI_TESTS))
    if cli_tests:
        inputs += [env.File(f"#{name}") for name in coverage.CLI_TESTS_INPUTS if os.path.isfile(os.path.join(root, name))]
    report_dir = env.Dir("$VARIANT_DIR/report")
    # Upstream's suite: the `test` target's run (declared by mp_upstream_tests, measured by _measure_suite).
    suite_results = env.File(f"$VARIANT_DIR/tests/{upstream_tests.RESULTS}")
    suite_counters = env.File(f"$VARIANT_DIR/{coverage.SUITE_COUNTERS}")
    settings = env.Value(json.dumps({
        "gcovr": gcovr_version, "tests": list(tests), "timeout": coverage.TEST_TIMEOUT_SECONDS,
        "areas": [(area.name, area.folder, area.own) for area in coverage.AREAS],
        "programs": [os.path.relpath(path, root) for path in programs], "module_folders": module_folders,
        "cli_tests": coverage.cli_tests_command("python", env["MP_VARIANT"]) if cli_tests else None,
    }, sort_keys=True))
    outputs = [report_dir.File(name) for name in (
        coverage.TRACEFILE, coverage.SUMMARY, coverage.COBERTURA, coverage.HTML_INDEX,
        coverage.AREAS_SUMMARY, coverage.MANIFEST)]
    run = env.Command(
        # The step's Python code lives in these two files; its signature covers only the action function.
        outputs, [program, suite_results, settings, env.File(coverage.__file__), env.File(__file__)] + inputs,
        step_action(_run_tests_and_report, "$COVERAGECOMSTR", env),
        COVERAGE_PROGRAMS=[str(path) for path in programs],
        COVERAGE_OBJECTS=[node.abspath for node in objects],
        COVERAGE_MODULE_FOLDERS=module_folders,
        COVERAGE_SUITE_COUNTERS=suite_counters.abspath,
        COVERAGE_CLI_TESTS=cli_tests,
    )
    # The counters are written by the run (and kept for anyone who wants to run gcov by hand).
    for node in objects:
        env.SideEffect(node.dir.File(os.path.basename(coverage.counters_file(node.name))), run)
    _declare_report_pages(env, run, report_dir)

    index = os.path.relpath(report_dir.File(coverage.HTML_INDEX).abspath)
    areas_file = report_dir.File(coverage.AREAS_SUMMARY).abspath

    def summary_and_threshold(target, source, env):
        suite = upstream_tests.read_results(suite_results.abspath)
        print(upstream_tests.summary_line(suite))
        summarized = coverage.read_json(areas_file)
        print(f"{coverage.summary_line(summarized)}; report {index}")
        # The suite's verdict is the `test` target's (the same run): here its failures only warn, so
        # that a timing-dependent test on a loaded machine never stops a measurement.
        suite_problem = upstream_tests.failure_message(suite)
        if suite_problem:
            sys.stderr.write(f"scons: warning: {suite_problem}; their lines count all the same "
                             "(`scons variant=coverage test` fails on them)\n")
        if summarized.get("failed_cli_tests"):  # pytest judges them; their lines count all the same
            sys.stderr.write(f"scons: warning: {summarized['failed_cli_tests']}\n")
        problem = coverage.threshold_failure(summarized, threshold, index)
        if problem:
            sys.stderr.write(f"scons: error: {problem}\n")
            return 1
        return 0

    alias = env.Alias("coverage", run, SCons.Action.Action(summary_and_threshold, None))
    env.AlwaysBuild(alias)
    return alias


def _reset_counters(target, source, env):
    coverage.reset_counters(env.Dir("$VARIANT_DIR").abspath)
    return 0


def _save_counters(target, source, env):
    coverage.save_counters(env.Dir("$VARIANT_DIR").abspath, env.File(f"$VARIANT_DIR/{coverage.SUITE_COUNTERS}").abspath)
    return 0


def _measure_suite(declare_upstream_tests):
    """``UpstreamTests`` of a coverage variant: the suite's run also keeps the counters it left."""
    def declare(env, port_outputs, *args, **kwargs):
        alias = declare_upstream_tests(env, port_outputs, *args, **kwargs)
        results = env.File(f"$VARIANT_DIR/tests/{upstream_tests.RESULTS}")
        env.AddPreAction(results, SCons.Action.Action(_reset_counters, None))
        env.AddPostAction(results, SCons.Action.Action(_save_counters, None))
        archive = env.File(f"$VARIANT_DIR/{coverage.SUITE_COUNTERS}")
        env.SideEffect(archive, results)
        env.Clean(results, archive)
        return alias
    return declare


def generate(env):
    # gcc stamps notes and objects with the time of the compile unless given a seed;
    # a seed per object keeps two clean builds byte-identical.
    env.Append(CCFLAGS=["-frandom-seed=$TARGET"])
    object_builder = env["BUILDERS"]["Object"]
    for suffix, emitter in list(object_builder.emitter.items()):
        object_builder.emitter[suffix] = _with_notes(emitter)
    env.SetDefault(COVERAGECOMSTR="COVERAGE ${TARGET.dir}")
    env.AddMethod(_coverage_report, "CoverageReport")
    # mp_upstream_tests is loaded first (SConstruct's tool list); its run becomes part of the measurement.
    if not hasattr(env, "UpstreamTests"):
        fail("the coverage tool needs the mp_upstream_tests tool loaded before it (SConstruct's tool list)")
    env.AddMethod(_measure_suite(env.UpstreamTests.method), "UpstreamTests")


def exists(env):
    return True
