"""The interpreter's command line: scripts and sys.argv, -c, stdin, exit status, imports, the REPL, and
upstream unix micropython's options (-X heapsize/emit/compile-only, -m, -i, -O, -v, -h)."""

import os
import pty
import re
import select
import subprocess
import time

import pytest

from interpreter import run_interpreter

pytestmark = pytest.mark.cli


def test_script_gets_sys_argv(micropython, tmp_path):
    script = tmp_path / "show_args.py"
    script.write_text("import sys\nprint(sys.argv)\n")
    result = run_interpreter(micropython, str(script), "one", "two words")
    assert result.returncode == 0
    assert result.stdout == f"['{script}', 'one', 'two words']\n"


def test_dash_c_runs_code_with_argv(micropython):
    result = run_interpreter(micropython, "-c", "import sys; print(sys.argv, 6 * 7)", "x")
    assert (result.returncode, result.stdout) == (0, "['-c', 'x'] 42\n")


def test_program_piped_on_stdin(micropython):
    result = run_interpreter(micropython, stdin="for i in range(3):\n    print(i)\n")
    assert (result.returncode, result.stdout) == (0, "0\n1\n2\n")


def test_uncaught_exception_exits_1_with_traceback_on_stderr(micropython, tmp_path):
    script = tmp_path / "boom.py"
    script.write_text("print('before')\ndef f():\n    raise ValueError('bad value')\nf()\n")
    result = run_interpreter(micropython, str(script))
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
    result = run_interpreter(micropython, "-c", code)
    assert (result.returncode, result.stderr) == (status, stderr)


def test_missing_script_is_reported(micropython, tmp_path):
    result = run_interpreter(micropython, str(tmp_path / "nope.py"))
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
    result = run_interpreter(micropython, str(script), env=env)
    assert (result.returncode, result.stdout) == (0, "from script folder 42\n")


def test_mpy_cross_output_imports_and_runs(micropython, mpy_cross, tmp_path):
    source = tmp_path / "compiled_mod.py"
    source.write_text("def greet(name):\n    return 'hello ' + name\nANSWER = sum(range(10))\n")
    compiled = tmp_path / "compiled_mod.mpy"
    subprocess.run([str(mpy_cross), "-o", str(compiled), str(source)], check=True)
    source.unlink()  # the import can only come from the .mpy
    result = run_interpreter(micropython, "-c", "import compiled_mod as m; print(m.greet('mpy'), m.ANSWER, m.__file__)",
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
    result = run_interpreter(micropython, "-c", code, cwd=tmp_path)
    assert result.stdout == "['line 1\\n', 'line 2\\n']\nb'\\x00\\x01\\x02\\x03\\x04'\nOSError 2\n"


def test_stderr_and_warnings_go_to_stderr(micropython):
    result = run_interpreter(micropython, "-c", "import sys; sys.stderr.write('err\\n'); print('out')")
    assert (result.stdout, result.stderr) == ("out\n", "err\n")


def test_runaway_recursion_raises_runtime_error(micropython):
    result = run_interpreter(micropython, "-c", "def f(n):\n    return f(n + 1)\ntry:\n    f(0)\nexcept RuntimeError as e:\n    print('RuntimeError', e)\n")
    assert result.returncode == 0
    assert result.stdout.startswith("RuntimeError")


def test_runaway_recursion_uncaught_prints_a_bounded_traceback(micropython):
    # Stackless builds recurse ~25,000 deep before the Python stack runs out: more frames than an
    # exception's 16-bit traceback length holds in 32-bit builds; sys.tracebacklimit bounds it.
    result = run_interpreter(micropython, "-c", "def f(n):\n    return f(n + 1) + 1\nf(0)\n")
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == "Traceback (most recent call last):", lines[:3]
    assert lines[-1].startswith("RuntimeError: "), lines[-3:]
    assert len(lines) <= 2 + 2 * 1000, len(lines)


def test_memory_exhaustion_raises_memory_error(micropython):
    code = "x = []\ntry:\n    while True:\n        x.append(bytearray(1 << 20))\nexcept MemoryError:\n    x = None\n    print('MemoryError')\nprint(sum(range(10)))\n"
    result = run_interpreter(micropython, "-c", code)
    assert (result.returncode, result.stdout) == (0, "MemoryError\n45\n")


class Terminal:
    """The interpreter on a pseudo-terminal, as a person at a keyboard would use it."""

    PROMPTS = (b">>> ", b"... ")

    def __init__(self, micropython, *args):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execv(str(micropython), [str(micropython), *args])
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


# Upstream unix micropython's options. upstream's tests/run-tests.py runs every test as
# `micropython -X emit=bytecode [-X heapsize=N] /abs/path/test.py` (cwd: the test's folder),
# and `-m MODULE` for tests compiled to .mpy.

def test_run_tests_command_shape(micropython, tmp_path):
    script = tmp_path / "t.py"
    script.write_text("import sys\nprint(sys.argv[1:], __name__)\n")
    result = run_interpreter(micropython, "-X", "emit=bytecode", "-X", "heapsize=2m", str(script), "a", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "['a'] __main__\n", "")


def test_options_after_the_program_are_its_arguments(micropython, tmp_path):
    script = tmp_path / "args.py"
    script.write_text("import sys\nprint(sys.argv[1:])\n")
    result = run_interpreter(micropython, str(script), "-X", "bogus", "-O", "-h")
    assert (result.returncode, result.stdout) == (0, "['-X', 'bogus', '-O', '-h']\n")
    result = run_interpreter(micropython, "-c", "import sys; print(sys.argv)", "-v", "-m", "x")
    assert (result.returncode, result.stdout) == (0, "['-c', '-v', '-m', 'x']\n")


def gc_total(output):
    """The GC heap's size as micropython.mem_info() reports it."""
    return int(re.search(r"GC: total: (\d+)", output).group(1))


@pytest.mark.parametrize("setting, size", [
    ("262144", 256 * 1024), ("256k", 256 * 1024), ("256K", 256 * 1024), ("0x40000", 256 * 1024),
    ("3m", 3 * 1024 * 1024), ("3M", 3 * 1024 * 1024),
])
def test_heapsize_sets_the_gc_heap(micropython, setting, size):
    result = run_interpreter(micropython, "-X", f"heapsize={setting}", "-c", "import micropython; micropython.mem_info()")
    assert result.returncode == 0, result.stderr
    # (the allocation and finaliser tables take a few percent of the area)
    assert 0.9 * size <= gc_total(result.stdout) <= size


def test_heapsize_default_and_word_suffix(micropython, variant_settings):
    default = run_interpreter(micropython, "-c", "import micropython; micropython.mem_info()")
    assert 0.9 * 16 * 1024 * 1024 <= gc_total(default.stdout) <= 16 * 1024 * 1024
    # "w": N counts 32-bit words, scaled to the build's word size (8 bytes natively, 4 in wasm32)
    words = run_interpreter(micropython, "-X", "heapsize=64wk", "-c", "import micropython; micropython.mem_info()")
    word_size = 8 if variant_settings.target == "host" else 4
    assert 0.9 * 64 * 1024 * word_size / 4 <= gc_total(words.stdout) <= 64 * 1024 * word_size / 4


def test_heapsize_is_the_whole_heap_natively_and_the_initial_one_in_wasm(micropython, variant_settings):
    code = ("try:\n    keep = [bytearray(64 * 1024) for _ in range(32)]\n    print('grew')\n"
            "except MemoryError:\n    print('MemoryError')\n")
    result = run_interpreter(micropython, "-X", "heapsize=256k", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ("MemoryError\n" if variant_settings.target == "host" else "grew\n")


@pytest.mark.parametrize("setting", ["abc", "", "12q", "-5", "+5", " 5", "699", "0x", "08", "1kk", "5mw"])
def test_bad_heapsize_is_a_usage_error(micropython, setting):
    result = run_interpreter(micropython, "-X", f"heapsize={setting}", "-c", "print('ran')")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith(f"micropython: -X heapsize={setting}: expected a size in bytes")


def test_heapsize_beyond_what_the_build_can_lay_out(micropython, variant_settings):
    result = run_interpreter(micropython, "-X", "heapsize=1g", "-c", "print('ran')")
    if variant_settings.target == "host":
        assert (result.returncode, result.stdout) == (0, "ran\n")
    else:  # py/gc.c's 32-bit table arithmetic: an area of 1g would hold only 512m
        assert (result.returncode, result.stdout) == (2, "")
        assert "from 700 to 536870912" in result.stderr


def test_tiny_heap_fails_cleanly(micropython, variant_settings):
    args = [str(n) for n in range(200)]
    result = run_interpreter(micropython, "-X", "heapsize=700", "-c", "print('ran')", *args)
    if variant_settings.target == "host":  # sys.argv does not fit
        assert (result.returncode, result.stdout) == (1, "")
        assert "larger -X heapsize" in result.stderr
    else:  # the heap grows
        assert (result.returncode, result.stdout) == (0, "ran\n")


def has_native_emitter(micropython):
    """Whether the build compiles @micropython.native functions (MICROPY_EMIT_NATIVE)."""
    code = "import micropython\n@micropython.native\ndef f():\n    return 6 * 7\nprint(f())\n"
    result = run_interpreter(micropython, "-c", code)
    assert result.stdout == "42\n" or "SyntaxError" in result.stderr, result
    return result.returncode == 0


@pytest.fixture
def has_debug_printers(variant_settings):
    """Whether the build has what -v prints (MICROPY_DEBUG_PRINTERS: on unless the variant turns it off)."""
    return variant_settings.defines.get("MICROPY_DEBUG_PRINTERS", "1") != "0"


def assert_verbose_refused(result):
    """A build without the debug printers refuses -v with one message (variants/minimal.toml)."""
    assert (result.returncode, result.stdout) == (2, ""), result
    assert result.stderr == "micropython: this build cannot print what -v shows (MICROPY_DEBUG_PRINTERS)\n"


def compiled_to_bytecode(result):
    """Names of the code blocks that `-v -v` printed as bytecode."""
    return re.findall(r"code block '([^']+)'", result.stdout)


def test_emit_bytecode(micropython, has_debug_printers):
    result = run_interpreter(micropython, "-X", "emit=bytecode", "-v", "-v", "-c", "def f():\n    return 1\nprint(f())")
    if not has_debug_printers:
        assert_verbose_refused(result)
        return
    assert result.returncode == 0, result.stderr
    assert compiled_to_bytecode(result) == ["<module>", "f"]
    assert "\n1\n" in result.stdout


@pytest.mark.parametrize("emitter", ["native", "viper"])
def test_emit_native_where_the_build_has_it(micropython, emitter):
    code = "def f(n: int) -> int:\n    return n * 2\nprint(f(21))"  # (viper needs the types)
    result = run_interpreter(micropython, "-X", f"emit={emitter}", "-v", "-v", "-c", code)
    if has_native_emitter(micropython):
        assert result.returncode == 0, result.stderr
        assert compiled_to_bytecode(result) == []  # all of it is machine code
        assert "42" in result.stdout.splitlines()
    else:
        assert (result.returncode, result.stdout) == (2, "")
        assert result.stderr == ("micropython: this build has no native code emitter (MICROPY_EMIT_NATIVE): "
                                 "only -X emit=bytecode\n")


def test_unknown_emitter(micropython):
    result = run_interpreter(micropython, "-X", "emit=thumb", "-c", "print('ran')")
    assert (result.returncode, result.stdout) == (2, "")
    assert "unknown code emitter" in result.stderr and "emit=bytecode" in result.stderr


def test_compile_only(micropython, tmp_path):
    result = run_interpreter(micropython, "-X", "compile-only", "-c", "print('ran')")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    result = run_interpreter(micropython, "-X", "compile-only", "-c", "print('ran'")
    assert result.returncode == 1 and "SyntaxError" in result.stderr


@pytest.mark.parametrize("args", [["-X", "bogus"], ["-X", "realtime-ish"], ["-q"], ["--version-ish"], ["-vv"],
                                  ["-Ox"], ["-O12"], ["-X"], ["-c"], ["-m"]])
def test_bad_options_are_usage_errors(micropython, args):
    result = run_interpreter(micropython, *args, stdin="print('ran')\n")
    assert (result.returncode, result.stdout) == (2, "")
    first_line, usage = result.stderr.split("\n", 1)
    assert first_line.startswith("micropython: ") and args[-1] in first_line
    assert usage.startswith("usage: micropython [OPTION ...] [-c CODE | -m MODULE | SCRIPT | -] [ARG ...]\n")


def test_help(micropython):
    result = run_interpreter(micropython, "-h")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("usage: micropython ")
    for option in ("-c CODE", "-m MODULE", "-i ", "-O[N]", "-v ", "-h ", "-X heapsize=N[w][k|m|g]",
                   "-X emit=bytecode", "-X compile-only", "MICROPYPATH", "MICROPYINSPECT"):
        assert option in result.stdout, option
    assert run_interpreter(micropython, "-O", "-h", "-c", "print('ran')").stdout == result.stdout  # -h wins, nothing runs


@pytest.mark.parametrize("options, level", [([], 0), (["-O"], 1), (["-OO"], 2), (["-O", "-O"], 2),
                                            (["-O", "-OO"], 3), (["-O3"], 3), (["-O0"], 0)])
def test_optimisation_level(micropython, options, level):
    code = ("import micropython\nprint(micropython.opt_level(), __debug__)\n"
            "try:\n    assert False, 'checked'\n    print('assert skipped')\nexcept AssertionError:\n"
            "    print('assert checked')\n")
    result = run_interpreter(micropython, *options, "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{level} {level == 0}\nassert {'checked' if level == 0 else 'skipped'}\n"


def test_verbose_prints_memory_figures_at_exit(micropython, has_debug_printers):
    result = run_interpreter(micropython, "-v", "-c", "print('ran')")
    if not has_debug_printers:
        assert_verbose_refused(result)
        return
    assert result.returncode == 0, result.stderr
    assert re.match(r"ran\n(mem: total=\d+, current=\d+, peak=\d+\n)?stack: \d+ out of \d+\n", result.stdout), result.stdout
    assert "\nGC: total: " in result.stdout and "code block" not in result.stdout


def test_verbose_twice_prints_bytecode(micropython, has_debug_printers):
    result = run_interpreter(micropython, "-v", "-v", "-c", "x = 1")
    if not has_debug_printers:
        assert_verbose_refused(result)
        return
    assert result.returncode == 0, result.stderr
    assert compiled_to_bytecode(result) == ["<module>"]
    assert "\n00 LOAD_CONST_SMALL_INT 1\n01 STORE_NAME x\n" in result.stdout


def make_modules(folder):
    (folder / "show.py").write_text(
        "import sys\nprint(__name__, sys.argv, repr(sys.path[0]))\nif __name__ == '__main__':\n    print('main')\n")
    (folder / "pkg").mkdir()
    (folder / "pkg" / "__init__.py").write_text("print('init', __name__)\n")
    (folder / "pkg" / "__main__.py").write_text("import sys\nfrom . import part\nprint('pkg main', __name__, sys.argv)\n")
    (folder / "pkg" / "part.py").write_text("print('part', __name__)\n")
    (folder / "stop.py").write_text("raise SystemExit(3)\n")


def test_dash_m_runs_a_module_as_main(micropython, tmp_path):
    make_modules(tmp_path)
    result = run_interpreter(micropython, "-m", "show", "a", "-v", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "__main__ ['show', 'a', '-v'] ''\nmain\n"


def test_dash_m_runs_a_package_main(micropython, tmp_path):
    make_modules(tmp_path)
    result = run_interpreter(micropython, "-m", "pkg", "x", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "init pkg\npart pkg.part\npkg main __main__ ['pkg', 'x']\n"


def test_dash_m_finds_modules_on_micropypath(micropython, tmp_path):
    make_modules(tmp_path)
    env = dict(os.environ, MICROPYPATH=str(tmp_path))
    result = run_interpreter(micropython, "-m", "show", env=env, cwd="/")
    assert (result.returncode, result.stdout) == (0, "__main__ ['show'] ''\nmain\n")


def test_dash_m_runs_compiled_modules(micropython, mpy_cross, tmp_path):
    source = tmp_path / "compiled_main.py"
    source.write_text("import sys\nprint(__name__, sys.argv)\n")
    subprocess.run([str(mpy_cross), "-o", str(tmp_path / "compiled_main.mpy"), str(source)], check=True)
    source.unlink()
    result = run_interpreter(micropython, "-X", "emit=bytecode", "-m", "compiled_main", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "__main__ ['compiled_main']\n")


def test_dash_m_statuses(micropython, tmp_path):
    make_modules(tmp_path)
    missing = run_interpreter(micropython, "-m", "nosuchmodule", cwd=tmp_path)
    assert (missing.returncode, missing.stdout) == (1, "")
    assert missing.stderr.endswith("ImportError: no module named 'nosuchmodule'\n")
    assert run_interpreter(micropython, "-m", "stop", cwd=tmp_path).returncode == 3


def test_dash_i_runs_a_repl_after_the_program(micropython, tmp_path):
    result = run_interpreter(micropython, "-i", "-c", "x = 21; print('program')", stdin="print(x * 2)\n")
    assert result.returncode == 0, result.stderr
    program, repl = result.stdout.split("\n", 1)
    assert program == "program"
    assert "MicroPython v1.23.0" in repl
    assert re.search(r">>> print\(x \* 2\)\r?\n42\r?\n>>> ", repl), repl


def test_dash_i_after_a_failing_script_and_an_unfinished_last_line(micropython, tmp_path):
    script = tmp_path / "fails.py"
    script.write_text("y = 5\nraise ValueError('late')\n")
    result = run_interpreter(micropython, "-i", str(script), stdin="print(y + 1)")  # no newline at the end
    assert result.returncode == 0
    assert result.stderr.endswith("ValueError: late\n")
    assert re.search(r">>> print\(y \+ 1\)\r?\n6\r?\n", result.stdout), result.stdout


def test_micropyinspect_is_dash_i(micropython):
    env = dict(os.environ, MICROPYINSPECT="1")
    result = run_interpreter(micropython, "-c", "z = 7", stdin="z * 6\n", env=env)
    assert result.returncode == 0
    assert re.search(r">>> z \* 6\r?\n42\r?\n", result.stdout), result.stdout
    env["MICROPYINSPECT"] = ""
    assert run_interpreter(micropython, "-c", "print('no repl')", stdin="z\n", env=env).stdout == "no repl\n"


def test_dash_i_with_a_piped_block_and_no_program(micropython):
    result = run_interpreter(micropython, "-i", stdin="for i in range(2):\n    print(i * 10)\n\n")
    assert result.returncode == 0
    # (run_interpreter() reads text: '\r\n' arrives as '\n')
    assert ">>> for i in range(2):\n... " in result.stdout
    assert result.stdout.endswith("\n0\n10\n>>> \n")  # the end of input leaves, as Ctrl-D


def test_dash_i_on_a_terminal(micropython):
    term = Terminal(micropython, "-i", "-c", "x = 5")
    banner, prompt = term.prompt()
    assert "MicroPython v1.23.0" in banner and prompt == ">>> "
    assert "10" in term.enter("x * 2")[0]
    os.write(term.fd, b"\x04")
    assert term.wait() == 0


# The REPL's banner has upstream unix micropython's shape (its tests/cmdline/repl_*.py.exp
# match "MicroPython \.\+ version" and then "Use \.\+"): version and date, then the
# platform and compiler as sys.implementation._machine names them, then how to leave.
BANNER_RE = re.compile(r"MicroPython v1\.23\.0 on \d{4}-\d\d-\d\d; "
                       r"(?P<machine>(linux \[GCC|webassembly \[Clang) \d+\.\d+\.\d+\] version)\r*\n"
                       r"Use Ctrl-D to exit, Ctrl-E for paste mode\r*\n")


def test_repl_banner_on_a_terminal(micropython):
    machine = run_interpreter(micropython, "-c", "import sys; print(sys.implementation._machine)").stdout.strip()
    term = Terminal(micropython)
    banner, prompt = term.prompt()
    match = BANNER_RE.fullmatch(banner)  # (nothing before it: no empty line)
    assert match and prompt == ">>> ", banner
    assert match["machine"] == machine
    os.write(term.fd, b"\x04")
    assert term.wait() == 0


def test_repl_paste_mode_and_ctrl_d_to_exit(micropython):
    term = Terminal(micropython)
    term.prompt()
    os.write(term.fd, b"\x05")  # Ctrl-E: lines are taken as they are, no auto-indent
    term._fill(lambda: b"=== " in term.output, 10)
    assert b"paste mode; Ctrl-C to cancel, Ctrl-D to finish" in term.output
    os.write(term.fd, b"def f():\r  return 'pasted'\r\rprint(f())\r")
    os.write(term.fd, b"\x04")  # Ctrl-D runs the pasted text as a whole
    output, prompt = term.prompt()
    assert "\npasted\r\n" in output and prompt == ">>> ", output
    os.write(term.fd, b"\x05" + b"print('never')\r" + b"\x03")  # Ctrl-C abandons the paste
    output, prompt = term.prompt()
    assert "never\r\n" not in output.split("=== print('never')")[-1]
    assert "still here" in term.enter("print('still', 'here')")[0]
    os.write(term.fd, b"\x04")  # Ctrl-D on an empty line leaves, status 0
    assert term.wait() == 0


def test_repl_line_ending_in_system_exit_sets_the_status(micropython):
    term = Terminal(micropython)
    term.prompt()
    os.write(term.fd, b"import sys; sys.exit(5)\r")
    assert term.wait() == 5


@pytest.mark.parametrize("how", ["end", "sys.exit", "exception"])
def test_sys_atexit_runs_when_the_program_ends(micropython, how):
    ending = {"end": "", "sys.exit": "sys.exit(3)", "exception": "1 / 0"}[how]
    code = f"import sys\nsys.atexit(lambda: print('at exit', x))\nx = 'ok'\nprint('body')\n{ending}\n"
    result = run_interpreter(micropython, "-c", code)
    assert result.stdout == "body\nat exit ok\n"
    assert result.returncode == {"end": 0, "sys.exit": 3, "exception": 1}[how]


def test_sys_atexit_runs_after_the_repl_and_before_verbose_figures(micropython, has_debug_printers):
    result = run_interpreter(micropython, "-v", "-i", "-c", "import sys; sys.atexit(lambda: print('at exit'))",
                 stdin="print('in repl')\n")
    if not has_debug_printers:
        assert_verbose_refused(result)
        return
    assert result.returncode == 0
    assert re.search(r"in repl\n>>> \nat exit\nmem: total=", result.stdout), result.stdout


def test_program_sets_micropyinspect_for_a_repl(micropython, tmp_path):
    result = run_interpreter(micropython, "-c", "import os; os.putenv('MICROPYINSPECT', '1'); w = 3", stdin="w * 5\n")
    assert re.search(r">>> w \* 5\r?\n15\r?\n", result.stdout), result.stdout


def test_os_getenv_sees_the_environment(micropython):
    env = dict(os.environ, MPW_TEST_SETTING="from the shell")
    code = ("import os; print(os.getenv('MPW_TEST_SETTING'), os.getenv('MPW_NOT_SET'), os.getenv('MPW_NOT_SET', 7));"
            "os.putenv('MPW_NOT_SET', 'now'); print(os.getenv('MPW_NOT_SET'));"
            "os.unsetenv('MPW_NOT_SET'); print(os.getenv('MPW_NOT_SET'))")
    assert run_interpreter(micropython, "-c", code, env=env).stdout == "from the shell None 7\nnow\nNone\n"


# `micropython -i` whose stdin is at its end, or closed, or a terminal that hangs up, leaves at
# once (a REPL that kept reading would spin forever).
@pytest.mark.parametrize("stdin", ["devnull", "closed", "empty pipe"])
def test_dash_i_with_stdin_at_its_end_exits_promptly(micropython, stdin):
    args = [str(micropython), "-i", "-c", "x = 21"]
    start = time.monotonic()
    if stdin == "closed":
        shell = f"exec {' '.join(args)} <&-"
        result = subprocess.run(["sh", "-c", shell], capture_output=True, text=True, timeout=20)
    else:
        stdin_args = {"stdin": subprocess.DEVNULL} if stdin == "devnull" else {"input": ""}
        result = subprocess.run(args, **stdin_args, capture_output=True, text=True, timeout=20)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith(">>> \n")
    assert time.monotonic() - start < 10


def test_dash_i_on_a_terminal_that_hangs_up_exits_promptly(micropython):
    term = Terminal(micropython, "-i", "-c", "x = 21")
    term.prompt()
    os.close(term.fd)  # the terminal goes away
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        pid, _ = os.waitpid(term.pid, os.WNOHANG)
        if pid:
            return
        time.sleep(0.05)
    os.kill(term.pid, 9)
    os.waitpid(term.pid, 0)
    raise AssertionError("still running 10 s after its terminal hung up")
