"""The step runner every Python build step uses (mpbuild/steps.py)."""

import io
import os
import sys

from mpbuild import steps

PY = sys.executable


def environment(verbose=False):
    return {"V": verbose, "ENV": dict(os.environ)}


def run(argv, env, **options):
    out, err = io.StringIO(), io.StringIO()
    result = steps.run_step(argv, env, out=out, err=err, **options)
    return result, out.getvalue(), err.getvalue()


def program(code):
    return [PY, "-c", code]


def test_verbose_reads_v():
    assert steps.verbose({"V": True}) and steps.verbose({"V": "1"})
    assert not steps.verbose({"V": False}) and not steps.verbose({})


def test_quiet_runs_print_no_command_and_forward_output():
    result, out, err = run(program("import sys; print('made'); print('warn', file=sys.stderr)"), environment())
    assert result.ok and result.returncode == 0
    assert out == "made\n" and err == "warn\n"


def test_verbose_runs_echo_the_command_first():
    argv = program("print('made')")
    result, out, _ = run(argv, environment(verbose=True))
    assert out == " ".join(argv) + "\nmade\n"


def test_a_shell_command_is_echoed_as_given():
    result, out, _ = run("echo one && echo two", environment(verbose=True))
    assert result.ok and out == "echo one && echo two\none\ntwo\n"


def test_captured_stdout_is_returned_not_forwarded():
    result, out, err = run(program("print('product')"), environment(), capture_stdout=True)
    assert result.stdout == "product\n" and out == "" and err == ""


def test_failure_forwarding_modes():
    failing = program("import sys; print('log'); print('broken', file=sys.stderr); sys.exit(3)")
    passing = program("import sys; print('log'); print('progress', file=sys.stderr)")
    result, out, err = run(failing, environment(), forward=steps.FORWARD_ON_FAILURE)
    assert result.returncode == 3 and not result.ok and (out, err) == ("log\n", "broken\n")
    result, out, err = run(passing, environment(), forward=steps.FORWARD_ON_FAILURE)
    assert result.ok and (out, err) == ("", "")
    result, out, err = run(failing, environment(), forward=steps.FORWARD_NEVER)
    assert (out, err) == ("", "") and (result.stdout, result.stderr) == ("log\n", "broken\n")


def test_the_stderr_filter_drops_expected_lines():
    noisy = program("import sys; sys.stderr.write('expected\\nreal\\n')")
    result, _, err = run(noisy, environment(), stderr_filter=lambda text: text.replace("expected\n", ""))
    assert err == "real\n" and result.stderr == "real\n"


def test_stdin_cwd_and_environment_reach_the_program(tmp_path):
    code = "import os, sys; print(sys.stdin.read(), os.getcwd(), os.environ.get('STEP_PROBE'))"
    result, _, _ = run(program(code), environment(), stdin="in", cwd=str(tmp_path),
                       environ={**os.environ, "STEP_PROBE": "here"}, capture_stdout=True)
    assert result.stdout.split() == ["in", str(tmp_path), "here"]


def test_the_build_environment_is_the_default():
    env = environment()
    env["ENV"] = {"PATH": os.environ.get("PATH", ""), "STEP_PROBE": "from-ENV"}
    result, _, _ = run(program("import os; print(os.environ.get('STEP_PROBE'))"), env, capture_stdout=True)
    assert result.stdout == "from-ENV\n"


def test_a_program_that_cannot_start_is_one_line_not_a_traceback(tmp_path):
    missing = str(tmp_path / "no-such-tool")
    result, out, err = run([missing, "--version"], environment())
    assert result.returncode == 127 and not result.ok
    assert err == f"error: cannot run {missing}: No such file or directory\n" and out == ""


def test_a_step_known_at_declaration_shows_its_command_when_verbose():
    def step(target, source, env):
        return 0

    command = ["python3", "devserver.py", "--port", "8000"]
    verbose_action = steps.step_action(step, "SERVE build/default", {"V": True}, command=command)
    quiet_action = steps.step_action(step, "SERVE build/default", {}, command=command)
    assert verbose_action.strfunction is not None
    assert verbose_action.cmdstr == "python3 devserver.py --port 8000"
    assert quiet_action.cmdstr == "SERVE build/default"
