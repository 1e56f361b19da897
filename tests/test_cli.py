"""The interpreter's command line: scripts and sys.argv, -c, stdin, exit status, imports, the REPL."""

import os
import pty
import select
import subprocess
import time

import pytest

pytestmark = pytest.mark.cli


def run(micropython, *args, stdin=None, cwd=None, env=None):
    return subprocess.run([str(micropython), *args], input=stdin, capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=30)


def test_script_gets_sys_argv(micropython, tmp_path):
    script = tmp_path / "show_args.py"
    script.write_text("import sys\nprint(sys.argv)\n")
    result = run(micropython, str(script), "one", "two words")
    assert result.returncode == 0
    assert result.stdout == f"['{script}', 'one', 'two words']\n"


def test_dash_c_runs_code_with_argv(micropython):
    result = run(micropython, "-c", "import sys; print(sys.argv, 6 * 7)", "x")
    assert (result.returncode, result.stdout) == (0, "['-c', 'x'] 42\n")


def test_program_piped_on_stdin(micropython):
    result = run(micropython, stdin="for i in range(3):\n    print(i)\n")
    assert (result.returncode, result.stdout) == (0, "0\n1\n2\n")


def test_uncaught_exception_exits_1_with_traceback_on_stderr(micropython, tmp_path):
    script = tmp_path / "boom.py"
    script.write_text("print('before')\ndef f():\n    raise ValueError('bad value')\nf()\n")
    result = run(micropython, str(script))
    assert result.returncode == 1
    assert result.stdout == "before\n"
    assert result.stderr.startswith("Traceback (most recent call last):\n")
    assert f'File "{script}", line 3, in f' in result.stderr
    assert result.stderr.endswith("ValueError: bad value\n")


@pytest.mark.parametrize("code, status, stderr", [
    ("import sys; sys.exit()", 0, ""),
    ("import sys; sys.exit(0)", 0, ""),
    ("import sys; sys.exit(3)", 3, ""),
    ("raise SystemExit(4)", 4, ""),
    ("import sys; sys.exit('fatal: stop')", 1, "fatal: stop\n"),
])
def test_sys_exit_status(micropython, code, status, stderr):
    result = run(micropython, "-c", code)
    assert (result.returncode, result.stderr) == (status, stderr)


def test_missing_script_is_reported(micropython, tmp_path):
    result = run(micropython, str(tmp_path / "nope.py"))
    assert result.returncode == 2
    assert "can't open file" in result.stderr and "nope.py" in result.stderr


def test_imports_py_from_script_folder_and_micropypath(micropython, tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "lib").mkdir()
    (tmp_path / "app" / "helper.py").write_text("VALUE = 'from script folder'\n")
    (tmp_path / "lib" / "extra.py").write_text("def double(x):\n    return 2 * x\n")
    script = tmp_path / "app" / "main.py"
    script.write_text("import helper, extra\nprint(helper.VALUE, extra.double(21))\n")
    env = dict(os.environ, MICROPYPATH=str(tmp_path / "lib"))
    result = run(micropython, str(script), env=env)
    assert (result.returncode, result.stdout) == (0, "from script folder 42\n")


def test_mpy_cross_output_imports_and_runs(micropython, mpy_cross, tmp_path):
    source = tmp_path / "compiled_mod.py"
    source.write_text("def greet(name):\n    return 'hello ' + name\nANSWER = sum(range(10))\n")
    compiled = tmp_path / "compiled_mod.mpy"
    subprocess.run([str(mpy_cross), "-o", str(compiled), str(source)], check=True)
    source.unlink()  # the import can only come from the .mpy
    result = run(micropython, "-c", "import compiled_mod as m; print(m.greet('mpy'), m.ANSWER, m.__file__)",
                 cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "hello mpy 45 compiled_mod.mpy\n"


def test_file_io(micropython, tmp_path):
    code = (
        "with open('data.txt', 'w') as f:\n    f.write('line 1\\nline 2\\n')\n"
        "with open('data.txt') as f:\n    print(f.readlines())\n"
        "with open('data.bin', 'wb') as f:\n    f.write(bytes(range(5)))\n"
        "print(open('data.bin', 'rb').read())\n"
        "try:\n    open('missing.txt')\nexcept OSError as e:\n    print('OSError', e.errno)\n"
    )
    result = run(micropython, "-c", code, cwd=tmp_path)
    assert result.stdout == "['line 1\\n', 'line 2\\n']\nb'\\x00\\x01\\x02\\x03\\x04'\nOSError 2\n"


def test_stderr_and_warnings_go_to_stderr(micropython):
    result = run(micropython, "-c", "import sys; sys.stderr.write('err\\n'); print('out')")
    assert (result.stdout, result.stderr) == ("out\n", "err\n")


def test_runaway_recursion_raises_runtime_error(micropython):
    result = run(micropython, "-c", "def f(n):\n    return f(n + 1)\ntry:\n    f(0)\nexcept RuntimeError as e:\n    print('RuntimeError', e)\n")
    assert result.returncode == 0
    assert result.stdout.startswith("RuntimeError")


def test_memory_exhaustion_raises_memory_error(micropython):
    code = "x = []\ntry:\n    while True:\n        x.append(bytearray(1 << 20))\nexcept MemoryError:\n    x = None\n    print('MemoryError')\nprint(sum(range(10)))\n"
    result = run(micropython, "-c", code)
    assert (result.returncode, result.stdout) == (0, "MemoryError\n45\n")


class Terminal:
    """The interpreter on a pseudo-terminal, as a person at a keyboard would use it."""

    PROMPTS = (b">>> ", b"... ")

    def __init__(self, micropython):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execv(str(micropython), [str(micropython)])
        self.output = b""

    def _fill(self, done, timeout):
        end = time.time() + timeout
        while not done():
            if time.time() > end:
                raise AssertionError(f"no prompt; screen so far: {self.output!r}")
            ready, _, _ = select.select([self.fd], [], [], 0.1)
            if ready:
                try:
                    self.output += os.read(self.fd, 4096)
                except OSError:
                    break

    def prompt(self, timeout=10):
        """Everything up to the next prompt, and the prompt (">>> " or "... ")."""
        def position():
            found = [(self.output.find(p), p) for p in self.PROMPTS if p in self.output]
            return min(found) if found else None
        self._fill(lambda: position() is not None, timeout)
        index, prompt = position()
        seen, self.output = self.output[:index], self.output[index + len(prompt):]
        return seen.decode(errors="replace"), prompt.decode()

    def enter(self, line):
        """Type a line and Enter; return (output, next prompt)."""
        os.write(self.fd, line.encode() + b"\r")
        return self.prompt()

    def finish_block(self):
        """Press Enter on empty continuation lines until the primary prompt returns."""
        for _ in range(4):
            _, prompt = self.enter("")
            if prompt == ">>> ":
                return
        raise AssertionError("block did not end")

    def wait(self):
        _, status = os.waitpid(self.pid, 0)
        return os.waitstatus_to_exitcode(status)


def test_repl_on_a_terminal(micropython, can_interrupt_running_code):
    term = Terminal(micropython)
    banner, prompt = term.prompt()
    assert "MicroPython v1.23.0" in banner and prompt == ">>> "
    assert "42" in term.enter("6 * 7")[0]
    # Auto-indent supplies the body's indent; empty lines dedent, then end the block.
    assert term.enter("def sq(x):")[1] == "... "
    assert term.enter("return x * x")[1] == "... "
    term.finish_block()
    assert "81" in term.enter("sq(9)")[0]
    output, prompt = term.enter("1 / 0")
    assert "ZeroDivisionError" in output and prompt == ">>> "  # the REPL survives
    assert "81" in term.enter("\x1b[A\x1b[A")[0]  # history: up twice recalls sq(9)
    if not can_interrupt_running_code:
        os.write(term.fd, b"\x04")
        assert term.wait() == 0
        return
    assert term.enter("while True:")[1] == "... "
    assert term.enter("pass")[1] == "... "
    for _ in range(4):  # empty lines end the block; then no prompt comes: the loop runs
        os.write(term.fd, b"\r")
        try:
            term.prompt(timeout=0.5)
        except AssertionError:
            break
    else:
        raise AssertionError("the loop never started")
    os.write(term.fd, b"\x03")  # Ctrl-C interrupts running code
    output, prompt = term.prompt()
    assert "KeyboardInterrupt" in output
    assert "still alive" in term.enter("print('still alive')")[0]
    os.write(term.fd, b"\x04")  # Ctrl-D on an empty line leaves
    assert term.wait() == 0
