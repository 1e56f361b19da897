"""The ``test`` target: upstream MicroPython's test suite (micropython/tests/run-tests.py) on the variant.

The graph:

* ``$VARIANT_DIR/tests/micropython-time-limited``: the interpreter under ``timeout``, the program
  run-tests.py is given (a generated shell script; it depends on the time limit);
* one step runs the suite and writes ``$VARIANT_DIR/tests/results.json``. It depends on the
  interpreter's runtime files (for wasm also its .js/.wasm/.data), the wrapper, run-tests.py and
  every file of the test folders, the skip list and the helper module, so it reruns exactly when
  one of them changed. Failed tests leave run-tests' ``NAME.exp``/``NAME.out`` in
  ``$VARIANT_DIR/tests/failures/``: products of that step (declared from the last results);
* the ``test`` alias prints the one-line summary every time and fails when a test outside the
  skip list failed, even when the results are up to date.

Everything else (files, command, environment, reading the output, the skip list) is in
mpbuild/upstream_tests.py.
"""

import json
import os
import shutil
import subprocess
import sys

import SCons.Action
import SCons.Script

from mpbuild import features, tomlfile, upstream_tests, variants
from mpbuild.errors import fail
from mpbuild.files import write_text_atomically
from mpbuild.steps import step_action, verbose, verdict_alias


def _probe_missing_modules(wrapper, modules, environment):
    """Which of ``modules`` the interpreter cannot import (one run; an empty set if it fails)."""
    if not modules:
        return set()
    try:
        result = subprocess.run([wrapper, "-c", upstream_tests.module_probe_program(modules)],
                                capture_output=True, text=True, env=environment, stdin=subprocess.DEVNULL,
                                timeout=upstream_tests.TIME_LIMIT_SECONDS + 10)
    except (OSError, subprocess.TimeoutExpired):
        return set()
    return upstream_tests.parse_module_probe(result.stdout)


def _read(path):
    try:
        with open(path, "rb") as stream:
            return stream.read()
    except OSError:
        return b""


def _run_suite(target, source, env):
    upstream = env.Dir("#micropython").abspath
    results_path = target[0].abspath
    tests_dir = os.path.dirname(results_path)
    failures_dir = os.path.join(tests_dir, upstream_tests.FAILURES_DIR)
    wrapper = env.File(env["UPSTREAM_TESTS_WRAPPER"]).abspath
    skip_list = env.File(env["UPSTREAM_TESTS_SKIP_LIST"])
    python = env["PYTHON"]
    dirs = env["UPSTREAM_TESTS_DIRS"]
    tests = upstream_tests.suite_tests(upstream, dirs)
    try:
        entries = upstream_tests.load_skip_list(skip_list.abspath, env["UPSTREAM_TESTS_VARIANT_TARGETS"], tests)
    except upstream_tests.UpstreamTestsError as error:
        sys.stderr.write(f"scons: error: {error}\n")
        return 1
    listed = upstream_tests.skips_for(entries, env["MP_VARIANT"], env["MP_TARGET"], tests)
    timing_sensitive = upstream_tests.skips_for(entries, env["MP_VARIANT"], env["MP_TARGET"], tests, kind="rerun")

    # A fresh copy of the suite for every run: tests write beside themselves, a killed run
    # leaves nothing a later one sees, and micropython/ is never written to.
    for name in os.listdir(tests_dir):
        if name.startswith("tree.tmp"):
            shutil.rmtree(os.path.join(tests_dir, name), ignore_errors=True)
    tree = os.path.join(tests_dir, f"tree.tmp{os.getpid()}")
    shutil.rmtree(failures_dir, ignore_errors=True)
    os.makedirs(failures_dir)
    timeout_log = os.path.join(failures_dir, upstream_tests.TIMEOUT_LOG)
    command = upstream_tests.run_tests_command(python, failures_dir, dirs)
    try:
        node = features.node_for(env["MP_FEATURES"], env.Dir("#").abspath)
    except FileNotFoundError as error:
        sys.stderr.write(f"scons: error: {error}\n")
        return 1
    environment = upstream_tests.run_tests_environment(os.environ, wrapper, python, timeout_log, node)
    arguments = upstream_tests.run_tests_arguments(failures_dir, dirs)
    if verbose(env):
        print(f"cd {tree}/tests && {python} {upstream_tests.command_line(arguments)}  (each print whole)")
    try:
        tests_root = upstream_tests.copy_suite(upstream, env["UPSTREAM_TESTS_FILES"], tree)
        run = upstream_tests.run_suite(command, tests_root, environment)
        statuses = upstream_tests.parse_run_tests_output(run.output)
        rerun_statuses = {}
        to_rerun = upstream_tests.tests_to_rerun(statuses, timing_sensitive, listed)
        if to_rerun:  # (into another folder: the first run's failure files stay as they are)
            rerun_dir = os.path.join(tree, "rerun-results")
            print(f"run again alone (timing-sensitive, failed in the parallel run): {', '.join(to_rerun)}")
            rerun = upstream_tests.run_suite(upstream_tests.rerun_command(python, rerun_dir, to_rerun), tests_root,
                                             environment)
            rerun_statuses = upstream_tests.rerun_verdicts(rerun.output, to_rerun)
        skipped = [test for test, status in statuses.items() if status == "skip"]
        tried = {test: upstream_tests.modules_tried(_read(os.path.join(tests_root, test)).decode("utf-8", "replace"))
                 for test in skipped}
    finally:
        shutil.rmtree(tree, ignore_errors=True)

    if not statuses:  # run-tests itself failed: say so with its output, write no results
        sys.stderr.write(run.output[-4000:])
        sys.stderr.write(f"scons: error: run-tests.py reported no test (exit {run.returncode}); "
                         f"command: {upstream_tests.command_line(command)}\n")
        return 1
    missing = _probe_missing_modules(wrapper, {name for names in tried.values() for name in names}, environment)
    skip_reasons = {test: upstream_tests.skip_reason(tried[test], missing) for test in skipped}
    stopped, stopped_others = upstream_tests.timed_out_runs(_read(timeout_log).decode("utf-8", "replace"), tests)
    failure_reasons = {}
    for test, status in statuses.items():
        if status != "fail":
            continue
        if test in stopped:
            failure_reasons[test] = f"timed out: stopped after {upstream_tests.TIME_LIMIT_SECONDS} s"
            continue
        stem = os.path.join(failures_dir, upstream_tests.failure_file_stem(test))
        options = upstream_tests.cmdline_options(_read(os.path.join(upstream, "tests", test)))
        failure_reasons[test] = upstream_tests.failure_reason(_read(stem + ".out"), _read(stem + ".exp"), options)
    hung_reason = None
    if run.silent_for is not None:
        hung_reason = (f"hung: run-tests.py printed nothing for {run.silent_for:.0f} s and was stopped "
                       "before reporting this test")

    results = upstream_tests.classify(statuses, tests, listed, failure_reasons, skip_reasons, hung_reason,
                                      rerun_statuses)
    root = env.Dir("#").abspath
    results.update({
        "variant": env["MP_VARIANT"],
        "command": command,
        # What ran, readably: run-tests.py with these arguments, in a copy of micropython/tests
        # (``command`` is exact: through WHOLE_LINES_LAUNCHER).
        "command_line": f"cd {os.path.relpath(tree, root)}/tests && {python} {upstream_tests.command_line(arguments)}",
        "environment": {key: environment[key] for key in ("MICROPY_MICROPYTHON", "MICROPY_CPYTHON3")},
        "dirs": list(dirs),
        "seconds": round(run.seconds, 1),
        "run_tests_exit": run.returncode,
        "skip_list": os.path.relpath(skip_list.abspath, root),
        "results_file": os.path.relpath(results_path, root),
        "failures_dir": os.path.relpath(failures_dir, root),
        "time_limit_seconds": upstream_tests.TIME_LIMIT_SECONDS,
        "stopped_runs_outside_tests": stopped_others,
        "failure_files": sorted(os.listdir(failures_dir)),
    })
    write_text_atomically(results_path, json.dumps(results, indent=1, sort_keys=True) + "\n")
    return 0


def _write_wrapper(target, source, env):
    path = target[0].abspath
    write_text_atomically(path, upstream_tests.wrapper_script("micropython"))
    os.chmod(path, 0o755)
    return 0


def _declare_failure_files(env, run, results_node):
    """The files of the last run's failures folder are products of the run (so pruning keeps them)."""
    try:
        listed = upstream_tests.read_results(results_node.abspath).get("failure_files", [])
    except (OSError, ValueError):
        return
    folder = results_node.dir.Dir(upstream_tests.FAILURES_DIR)
    files = [folder.File(name) for name in listed]
    env.SideEffect(files, run)
    env.Clean(run, files)


def _upstream_tests(env, port_outputs, skip_list, dirs=upstream_tests.SUITE_DIRS):
    """Declare the wrapper, the suite's run and the ``test`` alias for the variant's interpreter."""
    variant_dir = env.Dir("$VARIANT_DIR")
    wanted = upstream_tests.RUNTIME_FILES[env["MP_TARGET"]]
    by_name = {node.name: node for node in SCons.Script.Flatten(port_outputs) if node.dir == variant_dir}
    absent = [name for name in wanted if name not in by_name]
    if absent:  # the port's outputs were renamed: this list must follow
        fail(f"the test target needs {', '.join(absent)} in {variant_dir.path}/, which the port no longer "
             "builds: update RUNTIME_FILES in site_scons/mpbuild/upstream_tests.py")
    runtime = [by_name[name] for name in wanted]

    upstream = env.Dir("#micropython").abspath
    skip_list = env.File(skip_list)
    variants_dir = env.Dir("#variants").abspath
    variant_targets = {name: variants.load_variant(variants_dir, name).target
                       for name in variants.list_variants(variants_dir)}
    if "test" in SCons.Script.COMMAND_LINE_TARGETS:  # a bad skip list stops only the test target
        try:
            upstream_tests.load_skip_list(skip_list.abspath, variant_targets,
                                          upstream_tests.suite_tests(upstream, dirs))
        except upstream_tests.UpstreamTestsError as error:
            fail(str(error))

    helper = [env.File(upstream_tests.__file__), env.File(tomlfile.__file__)]  # the modules the run calls
    tool = env.File(__file__)
    wrapper = env.Command(f"$VARIANT_DIR/tests/{upstream_tests.WRAPPER}",
                          [env.Value(upstream_tests.wrapper_script("micropython")), helper[0]],
                          SCons.Action.Action(_write_wrapper, "$UPSTREAMWRAPPERCOMSTR"))
    # A plain build (no targets named) cannot reach the run: it declares the run's outputs (so that
    # pruning keeps them) but not its ~1300 test files, which would add ~80 ms to every SConscript read.
    # Any named target (`test`, results.json itself, ...) gets the run with all its dependencies.
    files = upstream_tests.suite_files(upstream, dirs) if SCons.Script.COMMAND_LINE_TARGETS else []
    settings = env.Value(json.dumps({"dirs": list(dirs), "variant_targets": variant_targets,
                                     "limits": [upstream_tests.TIME_LIMIT_SECONDS, upstream_tests.SILENCE_LIMIT_SECONDS],
                                     "jobs": os.cpu_count()}, sort_keys=True))
    results = env.File(f"$VARIANT_DIR/tests/{upstream_tests.RESULTS}")
    run = env.Command(
        results,
        runtime + wrapper + [settings, skip_list, tool] + helper + [env.File(f"#micropython/{name}") for name in files],
        step_action(_run_suite, "$UPSTREAMTESTSCOMSTR", env),
        UPSTREAM_TESTS_WRAPPER=wrapper[0].abspath, UPSTREAM_TESTS_SKIP_LIST=skip_list.abspath,
        UPSTREAM_TESTS_DIRS=list(dirs), UPSTREAM_TESTS_FILES=files,
        UPSTREAM_TESTS_VARIANT_TARGETS=variant_targets,
    )
    _declare_failure_files(env, run, results)

    def judge():
        summarized = upstream_tests.read_results(results.abspath)
        return [upstream_tests.summary_line(summarized)], upstream_tests.failure_message(summarized)

    return verdict_alias(env, "test", run, judge)


def generate(env):
    env.SetDefault(UPSTREAMTESTSCOMSTR="TEST ${TARGET} (upstream run-tests.py)",
                   UPSTREAMWRAPPERCOMSTR="GEN $TARGET")
    env.AddMethod(_upstream_tests, "UpstreamTests")


def exists(env):
    return True
