"""mpbuild.upstream_tests: the skip list, the suite's files, the time limit, reading run-tests' output (no SCons)."""

import os
import subprocess
import sys
import textwrap
import time

import pytest

from mpbuild import upstream_tests as ut

VARIANTS = {"unix": "host", "coverage": "host", "default": "wasm", "asyncify": "wasm", "minimal": "wasm"}
SUITE = ["basics/a.py", "basics/b.py", "cmdline/repl_x.py", "cmdline/repl_y.py", "extmod/vfs.py"]


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


# --- the skip list ------------------------------------------------------------------------------

def test_entries_apply_by_target_and_variant_with_exceptions(tmp_path):
    skips = write(tmp_path / "skips.toml", '''\
        # comment
        [[skip]]
        test = "extmod/vfs.py"
        targets = ["wasm"]
        except_variants = ["asyncify"]
        reason = """no  posix
          file system"""

        [[skip]]
        test = "cmdline/repl_*.py"
        variants = ["minimal", "coverage"]
        reason = "no REPL"
        ''')
    entries = ut.load_skip_list(skips, VARIANTS, SUITE)
    assert [entry.line for entry in entries] == [2, 9]
    assert ut.skips_for(entries, "default", "wasm", SUITE) == {"extmod/vfs.py": "no posix file system"}
    assert ut.skips_for(entries, "asyncify", "wasm", SUITE) == {}
    assert ut.skips_for(entries, "minimal", "wasm", SUITE) == {
        "extmod/vfs.py": "no posix file system", "cmdline/repl_x.py": "no REPL", "cmdline/repl_y.py": "no REPL"}
    assert ut.skips_for(entries, "unix", "host", SUITE) == {}
    assert ut.skips_for(entries, "coverage", "host", SUITE) == {"cmdline/repl_x.py": "no REPL",
                                                                "cmdline/repl_y.py": "no REPL"}


def test_an_empty_skip_list_skips_nothing(tmp_path):
    assert ut.load_skip_list(write(tmp_path / "s.toml", "# nothing\n"), VARIANTS, SUITE) == []


@pytest.mark.parametrize("body, message", [
    ('[[skip]]\ntest = "basics/a.py"\nvariants = ["unix"]\nreasn = "x"\n', "s.toml:4: unknown key 'reasn'"),
    ('[[skip]]\ntest = "basics/a.py"\nvariants = ["unix"]\n', "s.toml:1: 'reason' must be a non-empty string"),
    ('[[skip]]\ntest = "basics/a.py"\nvariants = ["unix"]\nreason = " "\n', "s.toml:4: 'reason' must be a non-empty"),
    ('[[skip]]\ntest = "basics/a.py"\nreason = "x"\n', "s.toml:1: entry for 'basics/a.py' names no variant"),
    ('[[skip]]\ntest = "basics/a.py"\nvariants = ["unx"]\nreason = "x"\n',
     "s.toml:3: unknown variant 'unx' in 'variants' (known: asyncify, coverage, default, minimal, unix)"),
    ('[[skip]]\ntest = "basics/a.py"\ntargets = ["browser"]\nreason = "x"\n',
     "s.toml:3: unknown target 'browser' in 'targets' (known: host, wasm)"),
    ('[[skip]]\ntest = "basics/a.py"\nvariants = "unix"\nreason = "x"\n', "s.toml:3: 'variants' must be a list"),
    ('\n[[skip]]\ntest = "basics/zz.py"\nvariants = ["unix"]\nreason = "x"\n',
     "s.toml:3: 'basics/zz.py' is no test of the suite"),
    ('[[skip]]\ntest = "basics/a.py"\ntargets = ["host"]\nreason = "x"\n\n'
     '[[skip]]\ntest = "basics/*.py"\nvariants = ["coverage"]\nreason = "y"\n',
     "s.toml:7: basics/a.py is already listed for variant 'coverage' on line 1"),
    ('[[skip]]\ntest = "basics/a.py"\nvariants = ["unix"\nreason = "x"\n', "s.toml:4:1: invalid TOML: Unclosed array"),
    ('[[skip]]\ntest = "basics/a.py"\nvariants = ["unix"\n', "s.toml: invalid TOML at end of file: Unclosed array"),
    ('skips = 1\n', "s.toml: unknown top-level key(s) 'skips'"),
])
def test_mistakes_name_the_file_and_line(tmp_path, body, message):
    path = write(tmp_path / "s.toml", body)
    with pytest.raises(ut.UpstreamTestsError) as caught:
        ut.load_skip_list(path, VARIANTS, SUITE)
    assert message in str(caught.value)


def test_the_repository_skip_list_is_valid():
    from buildtree import REPO  # tests/buildtree.py
    from mpbuild import variants
    variant_targets = {name: variants.load_variant(REPO / "variants", name).target
                       for name in variants.list_variants(REPO / "variants")}
    suite = ut.suite_tests(REPO / "micropython")
    assert len(suite) > 500
    for entry in ut.load_skip_list(REPO / "tests" / "upstream_skips.toml", variant_targets, suite):
        assert len(entry.reason) > 20, f"line {entry.line}: a reason says why the test cannot apply"


# --- what the suite reads -------------------------------------------------------------------------

def test_suite_files_are_the_folders_feature_checks_runner_and_micropypath_modules(tmp_path):
    for relative in ("tests/run-tests.py", "tests/basics/a.py", "tests/basics/a.py.exp", "tests/basics/sub/data.bin",
                     "tests/basics/__pycache__/a.pyc", "tests/feature_check/int_big.py", "tests/float/f.py",
                     "tests/thread/t.py", "extmod/asyncio/core.py", "extmod/modre.c"):
        write(tmp_path / relative, "x\n")
    assert ut.suite_tests(tmp_path, ["basics", "float"]) == ["basics/a.py", "float/f.py"]
    assert ut.suite_files(tmp_path, ["basics"]) == [
        "extmod/asyncio/core.py", "tests/basics/a.py", "tests/basics/a.py.exp", "tests/basics/sub/data.bin",
        "tests/feature_check/int_big.py", "tests/run-tests.py"]
    destination = tmp_path / "copy"
    root = ut.copy_suite(tmp_path, ut.suite_files(tmp_path, ["basics"]), destination)
    assert root == destination / "tests"
    (root / "basics" / "a.py").write_text("changed\n")  # a test rewriting a file leaves the original alone
    assert (tmp_path / "tests" / "basics" / "a.py").read_text() == "x\n"


def test_runtime_files_name_the_launcher_and_its_module():
    assert ut.RUNTIME_FILES["host"] == ("micropython",)
    assert {"micropython", "micropython.js", "micropython.wasm", "micropython.data"} <= set(ut.RUNTIME_FILES["wasm"])


# --- the command and the time limit ----------------------------------------------------------------

def test_command_runs_run_tests_with_result_dir_jobs_and_folders():
    arguments = ut.run_tests_arguments("/b/unix/tests/failures", ["basics", "io"], jobs=3)
    assert arguments == ["run-tests.py", "--target", "unix", "-j", "3", "-r", "/b/unix/tests/failures",
                         "-d", "basics", "io"]
    command = ut.run_tests_command("/usr/bin/python3", "/r", ["basics"], jobs=2)
    assert command[:3] == ["/usr/bin/python3", "-c", ut.WHOLE_LINES_LAUNCHER] and command[3:] == \
        ut.run_tests_arguments("/r", ["basics"], jobs=2)
    assert ut.run_tests_arguments("/r")[4] == str(os.cpu_count())
    environment = ut.run_tests_environment({"PATH": "/bin", "MICROPY_MICROPYTHON_MJS": "x"}, "/w", "/py", "/log")
    assert environment == {"PATH": "/bin", "MICROPY_MICROPYTHON": "/w", "MICROPY_CPYTHON3": "/py",
                           ut.TIMEOUT_LOG_VARIABLE: "/log"}


def test_launcher_keeps_each_print_whole_and_runs_the_script_as_main(tmp_path):
    script = write(tmp_path / "runner.py", """\
        import sys, threading
        def shout(word):
            for _ in range(300):
                print(word + " ", "x" * 40 + "/" + word + ".py")
        threads = [threading.Thread(target=shout, args=(w,)) for w in ("pass", "skip", "FAIL")]
        [t.start() for t in threads]; [t.join() for t in threads]
        print("args", sys.argv[1:], __name__)
        """)
    output = subprocess.run([sys.executable, "-c", ut.WHOLE_LINES_LAUNCHER, str(script), "-j", "3"],
                            capture_output=True, text=True, check=True).stdout
    lines = output.splitlines()
    assert lines[-1] == "args ['-j', '3'] __main__"
    assert len(lines) == 901 and all(line.split("  ")[0] in line.split("  ")[1] for line in lines[:-1])


def make_wrapper(tmp_path, program, limit=1):
    folder = tmp_path / "build" / "v"
    write(folder / "micropython", program).chmod(0o755)
    wrapper = folder / "tests" / ut.WRAPPER
    write(wrapper, ut.wrapper_script("micropython", limit=limit, kill_after=1)).chmod(0o755)
    return wrapper


def test_wrapper_passes_arguments_output_and_status_through(tmp_path):
    wrapper = make_wrapper(tmp_path, '#!/bin/sh\necho "args: $*"\necho oops >&2\nexit 3\n')
    result = subprocess.run([str(wrapper), "-X", "emit=bytecode", "a b.py"], capture_output=True, text=True)
    assert (result.returncode, result.stdout, result.stderr) == (3, "args: -X emit=bytecode a b.py\n", "oops\n")


def test_wrapper_stops_a_hanging_run_and_names_it(tmp_path):
    wrapper = make_wrapper(tmp_path, "#!/bin/sh\necho started\nexec sleep 30\n", limit=1)
    log = tmp_path / "timeouts.log"
    started = time.monotonic()
    result = subprocess.run([str(wrapper), "/t/tests/basics/hang.py"], capture_output=True, text=True,
                            env=dict(os.environ, **{ut.TIMEOUT_LOG_VARIABLE: str(log)}))
    assert time.monotonic() - started < 10
    assert result.returncode == 124 and result.stdout == "started\n"
    assert f"{ut.TIMEOUT_MARKER} after 1 s" in result.stderr
    assert ut.timed_out_runs(log.read_text(), ["basics/hang.py", "basics/ng.py"]) == ({"basics/hang.py"}, [])


def test_wrapper_stops_a_program_that_ignores_sigterm(tmp_path):
    wrapper = make_wrapper(tmp_path, "#!/bin/sh\ntrap '' TERM\nsleep 30\n", limit=1)
    started = time.monotonic()
    result = subprocess.run([str(wrapper), "x.py"], capture_output=True, text=True)
    assert time.monotonic() - started < 10
    assert result.returncode == 137 and ut.TIMEOUT_MARKER in result.stderr


def test_timed_out_runs_tell_tests_from_feature_checks():
    log = ("-X emit=bytecode /w/tree/tests/extmod/x.py\n"
           "cmdline/repl_x.py\n"
           "/w/tree/tests/feature_check/int_big.py\n\n")
    assert ut.timed_out_runs(log, SUITE + ["extmod/x.py"]) == (
        {"extmod/x.py", "cmdline/repl_x.py"}, ["/w/tree/tests/feature_check/int_big.py"])


def test_run_suite_collects_output_and_exit_status(tmp_path):
    run = ut.run_suite([sys.executable, "-c", "import sys; print('pass  basics/a.py'); sys.exit(1)"],
                       tmp_path, dict(os.environ))
    assert (run.output, run.returncode, run.silent_for) == ("pass  basics/a.py\n", 1, None)


def test_run_suite_limits_open_files_as_upstreams_ci_does(tmp_path):
    program = "import resource; print(resource.getrlimit(resource.RLIMIT_NOFILE)[0])"
    run = ut.run_suite([sys.executable, "-c", program], tmp_path, dict(os.environ))
    assert run.returncode == 0 and int(run.output) <= ut.OPEN_FILE_LIMIT == 1024


def test_run_suite_stops_a_run_that_goes_silent_with_its_children(tmp_path):
    marker = tmp_path / "child-alive"
    program = textwrap.dedent(f"""\
        import subprocess, sys, time
        print("pass  basics/a.py", flush=True)
        subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3); open({str(marker)!r}, 'w')"])
        time.sleep(60)
        """)
    started = time.monotonic()
    run = ut.run_suite([sys.executable, "-c", program], tmp_path, dict(os.environ), silence_limit=1)
    assert time.monotonic() - started < 15
    assert run.output == "pass  basics/a.py\n" and run.silent_for >= 1
    time.sleep(3.5)
    assert not marker.exists(), "the interpreter run-tests started was left running"


# --- reading the results ---------------------------------------------------------------------------

def test_parse_run_tests_output():
    text = ("native\npass  basics/a.py\nFAIL  basics/b.py\nskip  extmod/vfs.py\n"
            "3 tests performed (10 individual testcases)\n2 tests passed\n1 tests skipped: vfs\n"
            "1 tests failed: b\n")
    assert ut.parse_run_tests_output(text) == {"basics/a.py": "pass", "basics/b.py": "fail", "extmod/vfs.py": "skip"}


def test_failure_file_stem_is_run_tests_name():
    assert ut.failure_file_stem("basics/a.py") == "basics_a.py"


@pytest.mark.parametrize("output, expected, reason", [
    (b"1\n", b"1\n2\n", "output ends early: 1 of 2 expected lines"),
    (b"1\n3\n", b"1\n2\n", "output differs at line 2: expected '2', got '3'"),
    (b"1\n2\nextra\n", b"1\n2\n", "output has 1 more line(s) than expected, from 'extra'"),
    (b"Traceback...\nImportError: no module named 'os'\nCRASH", b"x\n",
     "exited with an error: ImportError: no module named 'os'"),
    (b"CRASH", b"x\n", "exited with an error status (run-tests.py keeps no output of cmdline tests)"),
    (b"1\n" + ut.TIMEOUT_MARKER.encode() + b" after 25 s\nCRASH", b"x\n", "timed out: stopped after 25 s"),
    (b"1\nTIMEOUT", b"x\n", "timed out: run-tests.py stopped it after 30 s"),
])
def test_failure_reasons(output, expected, reason):
    assert ut.failure_reason(output, expected) == reason


def test_cmdline_failures_name_the_options_the_test_asked_for():
    assert ut.cmdline_options(b"# cmdline: -v -v\nprint(1)\n") == "-v -v"
    assert ut.cmdline_options(b"print(1)\n") == ""
    assert ut.failure_reason(b"CRASH", b"x\n", "-O3") == (
        "exited with an error status with options -O3 (run-tests.py keeps no output of cmdline tests)")


def test_modules_tried_are_the_imports_guarded_by_skip():
    source = textwrap.dedent("""\
        import sys
        try:
            import deflate, io
            from os import path
        except ImportError:
            print("SKIP")
            raise SystemExit
        try:
            import json
        except ImportError:
            json = None
        """)
    assert ut.modules_tried(source) == ["deflate", "io", "os"]
    assert ut.modules_tried("@micropython.viper\ndef f(x: ptr8): pass\n") == []
    assert ut.modules_tried("def f(:\n") == []


def test_module_probe_round_trip():
    program = ut.module_probe_program(["sys", "no_such_module_here", "json"])
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert ut.parse_module_probe(result.stdout) == {"no_such_module_here"}
    assert ut.skip_reason(["io", "deflate"], {"deflate"}) == "run-tests.py skipped it: module deflate missing"
    assert ut.skip_reason(["io"], set()) == ut.SKIP_BY_RUN_TESTS


def classified():
    statuses = {"basics/a.py": "pass", "basics/b.py": "fail", "extmod/vfs.py": "skip", "cmdline/repl_x.py": "pass",
                "cmdline/repl_y.py": "fail"}
    listed = {"cmdline/repl_x.py": "no REPL", "cmdline/repl_y.py": "no REPL"}
    results = ut.classify(statuses, SUITE + ["misc/hang.py"], listed, {"basics/b.py": "output differs",
                          "cmdline/repl_y.py": "timed out"}, {"extmod/vfs.py": "module vfs missing"},
                          hung_reason="hung: stopped")
    results.update(variant="unix", skip_list="tests/upstream_skips.toml", results_file="build/unix/tests/results.json",
                   failures_dir="build/unix/tests/failures", seconds=12.3)
    return results


def test_classify_applies_the_skip_list_and_names_hung_tests():
    results = classified()
    tests = results["tests"]
    assert tests["basics/a.py"] == {"status": "pass"}
    assert tests["basics/b.py"] == {"status": "fail", "reason": "output differs"}
    assert tests["extmod/vfs.py"] == {"status": "skip", "reason": "module vfs missing", "skipped_by": "run-tests.py"}
    assert tests["cmdline/repl_x.py"] == {"status": "pass", "stale_skip": "no REPL"}
    assert tests["cmdline/repl_y.py"] == {"status": "skip", "reason": "no REPL", "skipped_by": "skip list",
                                          "outcome": "failed: timed out"}
    assert tests["misc/hang.py"] == {"status": "fail", "reason": "hung: stopped"}
    assert results["failed"] == ["basics/b.py", "misc/hang.py"]
    assert results["stale_skips"] == ["cmdline/repl_x.py"]
    assert results["totals"] == {"tests": 6, "passed": 2, "failed": 2, "skipped": 2, "skipped_by_run_tests": 1,
                                 "skipped_by_list": 1, "stale_skips": 1, "passed_on_rerun": 0}


def test_a_timing_sensitive_test_passes_when_its_run_alone_passes():
    statuses = {"basics/a.py": "fail", "basics/b.py": "fail", "extmod/vfs.py": "fail"}
    results = ut.classify(statuses, ["basics/a.py", "basics/b.py", "extmod/vfs.py"], {},
                          {"basics/a.py": "output differs at line 2", "basics/b.py": "x", "extmod/vfs.py": "y"}, {},
                          rerun_statuses={"basics/a.py": "pass", "basics/b.py": "fail"})
    tests = results["tests"]
    assert tests["basics/a.py"] == {"status": "pass", "rerun": "failed in the parallel run (output differs at "
                                                               "line 2); passed when run again alone"}
    assert tests["basics/b.py"] == {"status": "fail", "reason": "x; run again alone: fail"}
    assert tests["extmod/vfs.py"] == {"status": "fail", "reason": "y"}  # (not listed: never run again)
    assert results["failed"] == ["basics/b.py", "extmod/vfs.py"] and results["passed_on_rerun"] == ["basics/a.py"]
    assert results["totals"]["passed"] == 1 and results["totals"]["passed_on_rerun"] == 1
    results.update(variant="jspi", skip_list="tests/upstream_skips.toml", results_file="r.json", seconds=1)
    assert ("; 1 timing-sensitive test(s) passed only when run again alone ([[rerun]] in tests/upstream_skips.toml): "
            "basics/a.py; details r.json") in ut.summary_line(results)


def test_rerun_entries_are_read_beside_skip_entries(tmp_path):
    lists = write(tmp_path / "s.toml", '''\
        [[skip]]
        test = "extmod/vfs.py"
        targets = ["wasm"]
        reason = "no posix file system"

        [[rerun]]
        test = "basics/a.py"
        variants = ["asyncify"]
        reason = "two clock reads 500 us apart at most"
        ''')
    entries = ut.load_skip_list(lists, VARIANTS, SUITE)
    assert [(entry.kind, entry.line) for entry in entries] == [("skip", 1), ("rerun", 6)]
    assert ut.skips_for(entries, "asyncify", "wasm", SUITE) == {"extmod/vfs.py": "no posix file system"}
    assert ut.skips_for(entries, "asyncify", "wasm", SUITE, kind="rerun") == {
        "basics/a.py": "two clock reads 500 us apart at most"}
    assert ut.skips_for(entries, "default", "wasm", SUITE, kind="rerun") == {}
    # A [[rerun]] pattern may also match a [[skip]]ped test (the skip wins: the build reruns no listed test);
    # two entries of one kind may not both name a test for a variant.
    def a_then_pattern(first_kind, name):
        return write(tmp_path / name, f'''\
            [[{first_kind}]]
            test = "basics/a.py"
            variants = ["asyncify"]
            reason = "x"

            [[rerun]]
            test = "basics/*.py"
            variants = ["asyncify"]
            reason = "y"
            ''')
    entries = ut.load_skip_list(a_then_pattern("skip", "both.toml"), VARIANTS, SUITE)
    assert ut.skips_for(entries, "asyncify", "wasm", SUITE) == {"basics/a.py": "x"}
    with pytest.raises(ut.UpstreamTestsError, match=r"c.toml:7: basics/a.py is already listed for variant 'asyncify' "
                                                    r"on line 1: one \[\[rerun\]\] entry"):
        ut.load_skip_list(a_then_pattern("rerun", "c.toml"), VARIANTS, SUITE)
    bad = write(tmp_path / "b.toml", '[[rerun]]\ntest = "basics/a.py"\nvariants = ["asyncify"]\n')
    with pytest.raises(ut.UpstreamTestsError, match=r"b.toml:1: 'reason' must be a non-empty string \(what the test times"):
        ut.load_skip_list(bad, VARIANTS, SUITE)


def test_only_failed_timing_sensitive_tests_that_no_skip_lists_are_run_again():
    statuses = {"basics/a.py": "fail", "basics/b.py": "pass", "extmod/c.py": "fail", "extmod/d.py": "fail",
                "extmod/e.py": "skip"}
    timing_sensitive = {"basics/a.py": "r", "basics/b.py": "r", "extmod/d.py": "r", "extmod/e.py": "r"}
    listed = {"extmod/d.py": "cannot apply here"}
    assert ut.tests_to_rerun(statuses, timing_sensitive, listed) == ["basics/a.py"]
    assert ut.tests_to_rerun(statuses, {}, {}) == []


def test_rerun_verdicts_name_every_rerun_test():
    output = "pass  basics/a.py\nFAIL  extmod/c.py\npass  extmod/other.py\n1 tests failed: c\n"
    assert ut.rerun_verdicts(output, ["basics/a.py", "extmod/c.py", "extmod/gone.py"]) == {
        "basics/a.py": "pass", "extmod/c.py": "fail", "extmod/gone.py": "no result"}


def test_rerun_command_runs_the_tests_one_at_a_time():
    command = ut.rerun_command("python3", "/r", ["extmod/b.py", "basics/a.py"])
    assert command[:2] == ["python3", "-c"]
    assert command[3:] == ["run-tests.py", "--target", "unix", "-j", "1", "-r", "/r", "basics/a.py", "extmod/b.py"]


def test_summary_and_failure_message():
    results = classified()
    assert ut.summary_line(results) == (
        "upstream tests (unix): 2 passed, 2 failed, 2 skipped (1 by run-tests.py, 1 by tests/upstream_skips.toml) "
        "in 12 s; 1 stale skip-list entry (the test passes now: remove it from tests/upstream_skips.toml): "
        "cmdline/repl_x.py; details build/unix/tests/results.json")
    message = ut.failure_message(results)
    assert message.startswith("2 upstream tests failed on unix: basics/b.py (output differs), "
                              "misc/hang.py (hung: stopped); expected/actual output in build/unix/tests/failures/")
    assert "\n" not in message
    many = [f"basics/t{number:02}.py" for number in range(30)]
    results.update(ut.classify({test: "fail" for test in many}, many, {}, {}, {}))
    message = ut.failure_message(results)
    assert message.startswith("30 upstream tests failed on unix: basics/t00.py (failed), ")
    assert "basics/t24.py (failed) and 5 more (every one with its reason in build/unix/tests/results.json)" in message
    assert "basics/t25.py" not in message
    passing = ut.classify({"basics/a.py": "pass"}, ["basics/a.py"], {}, {}, {})
    assert ut.failure_message(passing) is None
