"""User modules: the shipped examples (cmod/textutil in .pym, cmod/stats in C) called from Python
on the variant under test, and the .pym stage of the build graph on a scratch tree.
"""

import json
import pathlib
import subprocess

import pytest

from buildtree import ScratchTree
from mpbuild import coverage

REPO = pathlib.Path(__file__).resolve().parents[1]

PYM = "cmod/textutil/textutil.pym"
PYM_C = "build/unix/usermods/textutil/textutil.pym.c"
STATS_C = "cmod/stats/stats.c"


def run(micropython, code):
    result = subprocess.run([str(micropython), "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def results(micropython, calls):
    """Each call's repr, or 'Type: message' for the exception it raised (one interpreter run)."""
    code = ("import textutil, stats\nout = []\n"
            f"for call in {calls!r}:\n"
            "    try:\n        out.append(repr(eval(call)))\n"
            "    except Exception as e:\n        out.append(type(e).__name__ + ': ' + str(e))\n"
            "for line in out:\n    print(line)\n")
    return dict(zip(calls, run(micropython, code).splitlines()))


# --------------------------------------------------------------------------- calling the examples


def test_pym_module_values(micropython):
    calls = [
        "textutil.count_words('  hello big  world ')", "textutil.count_words('')",
        "textutil.is_palindrome('A man, a plan, a canal: Panama')",
        "textutil.is_palindrome('Ab', ignore_case=False)", "textutil.is_palindrome(text='xyzzy')",
        "textutil.clamp(3)", "textutil.clamp(-1, hi=5)", "textutil.clamp(0.25, 0, 1)",
        "textutil.clamp(x=7, lo=1, hi=5)",
        "textutil.lerp(0, 10, 0.25)", "textutil.gcd(12, 18)", "textutil.gcd(-7)", "textutil.gcd(b=4, a=10)",
        "hex(textutil.crc32(b'123456789'))", "textutil.crc32(b'6789', textutil.crc32(b'12345'))",
        "textutil.crc32(bytearray(b'123456789'))", "textutil.crc32(memoryview(b'123456789'))",
        "textutil.hexlify(b'\\x01\\xab')", "textutil.hexlify(b'\\x01\\xab\\xff', ':')",
        "textutil.hexlify(b'\\x01\\x02', sep=None)", "textutil.hexlify(b'')",
        "textutil.strip(b'  hi \\n')", "textutil.strip(b'xxhixx', b'x')", "textutil.strip(b'   ')",
        "[str(n) + textutil.ordinal_suffix(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111, -1)]",
        "textutil.require_range(5, 0, 10)", "textutil.version_info()",
        "textutil.__name__", "textutil.__doc__.split(':')[0]", "textutil.VERSION", "textutil.HEX_LIMIT",
        "textutil.GOLDEN_RATIO", "textutil.WHITESPACE", "textutil.UTF8", "textutil.NO_SEPARATOR",
        "sorted(n for n in dir(textutil) if not n.startswith('_'))",
    ]
    got = results(micropython, calls)
    assert got == {call: expected for call, expected in zip(calls, [
        "3", "0", "True", "False", "False",
        "1.0", "0.0", "0.25", "5.0",
        "2.5", "6", "7", "2",
        "'0xcbf43926'", "3421780262", "3421780262", "3421780262",
        "'01ab'", "'01:ab:ff'", "'0102'", "''",
        "b'hi'", "b'hi'", "b''",
        "['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '101st', '111th', '-1st']",
        "None", "(1, 0)",
        "'textutil'", "'Text and number helpers written in C'", "'1.0'", "65536",
        "1.618033988749895", "b' \\t\\n\\r\\x0b\\x0c'", "True", "None",
        "['GOLDEN_RATIO', 'HEX_LIMIT', 'NO_SEPARATOR', 'UTF8', 'VERSION', 'WHITESPACE', 'clamp', 'count_words', "
        "'crc32', 'gcd', 'hexlify', 'is_palindrome', 'lerp', 'ordinal_suffix', 'require_range', 'strip', "
        "'version_info']",
    ])}


def test_pym_errors_raised_by_bodies(micropython):
    got = results(micropython, ["textutil.require_range(11, 0, 10, name='level')", "textutil.clamp(1, 2, 0)",
                                "textutil.hexlify(bytes(65537))"])
    assert list(got.values()) == ["ValueError: level must be in 0..10, not 11",
                                  "ValueError: clamp: lo must not be greater than hi",
                                  "ValueError: hexlify: input too long"]


# Each pair: a call of a .pym function with a bad argument, and a MicroPython builtin
# that checks its argument the same way. The TypeErrors must be identical.
SAME_TYPE_ERRORS = [
    ("textutil.gcd('a')", "range('a')"),                              # int from str
    ("textutil.gcd(1.5)", "range(1.5)"),                              # int from float
    ("textutil.clamp('x')", "abs(__import__('math').sqrt('x'))"),     # float from str
    ("textutil.clamp(None)", "__import__('math').sqrt(None)"),
    ("textutil.count_words(1)", "'abc'.find(1)"),                     # str from int
    ("textutil.count_words(b'x')", "'abc'.find(b'x')"),               # str from bytes
    ("textutil.crc32(1)", "memoryview(1)"),                           # bytes from int
    ("textutil.crc32(b'x', None)", "range(None)"),                    # an object the body converts
    ("textutil.version_info(1)", "globals(1)"),                       # arguments to a 0-argument function
    ("textutil.version_info(x=1)", "globals(x=1)"),
]


@pytest.mark.parametrize("bad_call, builtin_call", SAME_TYPE_ERRORS)
def test_wrong_types_raise_the_builtins_typeerror(micropython, bad_call, builtin_call):
    got = results(micropython, [bad_call, builtin_call])
    assert got[bad_call].startswith("TypeError: "), got
    assert got[bad_call] == got[builtin_call]


def test_missing_and_extra_arguments_raise_the_builtins_typeerror(micropython):
    # enumerate() parses its arguments with mp_arg_parse_all, as .pym wrappers do.
    got = results(micropython, [
        "textutil.count_words()", "enumerate()", "textutil.lerp(1, 2)", "textutil.require_range(1, lo=0)",
        "textutil.gcd(1, 2, 3)", "enumerate([], 0, 1)", "textutil.gcd(1, c=2)", "enumerate([], stop=1)",
        "textutil.is_palindrome('x', True)",
    ])
    assert got["enumerate()"] == "TypeError: 'iterable' argument required"
    assert got["textutil.count_words()"] == "TypeError: 'text' argument required"
    assert got["textutil.lerp(1, 2)"] == "TypeError: 't' argument required"
    assert got["textutil.require_range(1, lo=0)"] == "TypeError: 'hi' argument required"
    assert got["textutil.gcd(1, 2, 3)"] == got["enumerate([], 0, 1)"] == "TypeError: extra positional arguments given"
    assert got["textutil.gcd(1, c=2)"] == got["enumerate([], stop=1)"] == "TypeError: extra keyword arguments given"
    # keyword-only parameters refuse positional values
    assert got["textutil.is_palindrome('x', True)"] == "TypeError: extra positional arguments given"


def test_c_module_values_and_errors(micropython):
    calls = ["stats.mean([1, 2, 3, 4])", "stats.fsum([0.1] * 10)", "stats.variance([1, 2, 3, 4])",
             "stats.stdev([2, 4, 4, 4, 5, 5, 7, 9], sample=False)", "stats.median([3, 1, 2])",
             "stats.median((4, 1, 2, 3))", "stats.minmax(range(5))", "stats.mean(x for x in (1.5, 2.5))",
             "stats.mean([])", "stats.variance([1])", "stats.mean(5)", "stats.mean(['a'])", "stats.variance()",
             "stats.median()", "stats.__name__", "stats.variance(data=[1, 2])"]
    got = results(micropython, calls)
    assert [got[c] for c in calls] == [
        "2.5", "1.0", "1.666666666666667", "2.0", "2.0", "2.5", "(0.0, 4.0)", "2.0",
        "ValueError: mean requires at least 1 data points", "ValueError: variance requires at least 2 data points",
        "TypeError: 'int' object isn't iterable", "TypeError: can't convert str to float",
        "TypeError: 'data' argument required",
        "TypeError: function takes 1 positional arguments but 0 were given", "'stats'", "0.5"]


# The modules' own test programs, found as `scons variant=coverage coverage` finds them.
MODULE_TEST_PROGRAMS = coverage.find_test_programs(REPO, ["cmod/*/tests/*.py"])


@pytest.mark.parametrize("program", MODULE_TEST_PROGRAMS,
                         ids=[str(p.relative_to(REPO / "cmod")) for p in MODULE_TEST_PROGRAMS])
def test_module_test_program_passes(micropython, program):
    # Run as the coverage command runs it: from its own folder, by file name, without stdin.
    result = subprocess.run([str(micropython), program.name], cwd=program.parent, stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Traceback" not in output, output
    assert result.stdout.strip(), "the program printed nothing"


def test_modules_are_builtin_not_files(micropython):
    out = run(micropython, "import textutil, stats\nprint(hasattr(textutil, '__file__'), type(stats).__name__)")
    assert out == "False module\n"


# --------------------------------------------------------------------------- the build graph

@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    tree = ScratchTree.create(tmp_path_factory.mktemp("usermods") / "tree")
    tree.path("variants/unix.toml").write_text(
        'description = "unix variant, quick flags for graph tests"\ntarget = "host"\ncflags = ["-O0"]\n')
    # A second .pym module, to show that a generator change regenerates every .pym output.
    tree.path("cmod/tiny").mkdir()
    tree.path("cmod/tiny/tiny.pym").write_text('ANSWER = 42\n\ndef double(x: int) -> int:\n    return 2 * x;\n')
    tree.scons("variant=unix")
    return tree


def call(tree, code):
    return run(tree.path("build/unix/micropython"), code)


def assert_one_error(run, *phrases):
    output = run.stdout + run.stderr
    assert run.returncode != 0, output
    assert "Traceback" not in output, output
    errors = [line for line in run.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1, run.stderr
    for phrase in phrases:
        assert phrase in errors[0], errors[0]
    return errors[0]


@pytest.mark.graph
def test_pym_steps_are_labelled_and_no_op_rebuild_does_nothing(tree):
    run = tree.scons("variant=unix")
    assert run.steps == set()
    assert call(tree, "import tiny\nprint(tiny.double(21), tiny.ANSWER)") == "42 42\n"


@pytest.mark.graph
def test_editing_a_pym_body_rebuilds_only_that_module(tree):
    tree.edit(PYM, "return a + (b - a) * t;", "return a * (1 - t) + b * t;")
    run = tree.scons("variant=unix")
    assert run.labels("PYM") == {PYM}
    assert run.labels("QSTR") == {PYM_C}
    assert run.labels("CC") == {PYM_C}
    assert run.labels("LINK") == {"build/unix/micropython"}
    assert not run.labels("COLLECT") and not run.labels("GEN")  # same names: the qstr header stays
    assert call(tree, "import textutil\nprint(textutil.lerp(0, 10, 0.5))") == "5.0\n"
    tree.assert_matches_clean_build("unix")


@pytest.mark.graph
def test_a_new_name_in_a_pym_regenerates_the_qstr_header(tree):
    tree.path(PYM).write_text(tree.path(PYM).read_text()
                              + "\ndef triple(x: int) -> int:\n    return 3 * x;\n")
    run = tree.scons("variant=unix")
    assert run.labels("PYM") == {PYM}
    assert "build/unix/genhdr/qstrdefs.generated.h" in run.labels("GEN")
    assert "MP_QSTR_triple" in tree.path("build/unix/genhdr/qstrdefs.generated.h").read_text()
    assert call(tree, "import textutil\nprint(textutil.triple(5))") == "15\n"


@pytest.mark.graph
def test_editing_the_generator_regenerates_every_pym_output(tree):
    tree.edit("site_scons/mpbuild/pym.py", "edit the .pym file, not this one.", "edit the .pym file instead.")
    run = tree.scons("variant=unix")
    assert run.labels("PYM") == {PYM, "cmod/tiny/tiny.pym"}
    assert run.labels("CC") == {PYM_C, "build/unix/usermods/tiny/tiny.pym.c"}
    assert STATS_C not in run.labels("CC") and not run.labels("COLLECT")
    assert "edit the .pym file instead." in tree.path(PYM_C).read_text()


@pytest.mark.graph
def test_a_c_error_in_a_body_points_at_the_pym_line(tree):
    original = tree.path(PYM).read_text()
    broken = "        mp_int_t r = x % y + no_such_variable;"
    tree.edit(PYM, "        mp_int_t r = x % y;", broken)
    line = 1 + tree.path(PYM).read_text().split("\n").index(broken)
    run = tree.scons("variant=unix", check=False)
    assert run.returncode != 0
    assert f"{PYM}:{line}:" in run.stderr and "no_such_variable" in run.stderr, run.stderr
    tree.path(PYM).write_text(original)
    tree.scons("variant=unix")


@pytest.mark.graph
@pytest.mark.parametrize("old, new, phrase", [
    ("    mp_int_t x = a < 0", "mp_int_t x = a < 0", "the body of gcd() is not indented"),
    ("def gcd(a: int, b: int = 0) -> int:", "def gcd(a: int, b: list = 0) -> int:", "unsupported annotation 'list'"),
    ("def lerp(a: float, b: float, t: float) -> float:", "def lerp(a: float, b: float, t: float) -> float",
     "syntax error: expected ':'"),
    ("def lerp(a: float, b: float, t: float) -> float:", "def clamp(a: float, b: float, t: float) -> float:",
     "duplicate name 'clamp'"),
])
def test_a_bad_pym_fails_with_one_message_and_leaves_nothing_up_to_date(tree, old, new, phrase):
    original = tree.path(PYM).read_text()
    tree.edit(PYM, old, new)
    changed = tree.path(PYM).read_text().split("\n")
    line = 1 + next(i for i, (a, b) in enumerate(zip(original.split("\n"), changed)) if a != b)
    first = tree.scons("variant=unix", check=False)
    message = assert_one_error(first, phrase)
    assert message.startswith(f"{PYM}:{line}:"), message
    assert not tree.path(PYM_C).exists()
    again = tree.scons("variant=unix", check=False)   # still broken: not taken as up to date
    assert_one_error(again, phrase)
    assert ("PYM", PYM) in again.steps
    tree.path(PYM).write_text(original)
    fixed = tree.scons("variant=unix")
    assert ("PYM", PYM) in fixed.steps
    assert call(tree, "import textutil\nprint(textutil.gcd(4, 6))") == "2\n"


@pytest.mark.graph
def test_incremental_equals_clean_after_the_edits(tree):
    tree.assert_matches_clean_build("unix")


@pytest.mark.errors
def test_duplicate_module_name_across_folders_is_refused(tree):
    tree.path("cmod/clash").mkdir()
    tree.path("cmod/clash/textutil.pym").write_text("X = 1\n")
    try:
        run = tree.scons("variant=unix", check=False)
        # Either file may be named first (folders are read in order): the message names both.
        message = assert_one_error(run, ":1:1: duplicate module name 'textutil'", PYM, "cmod/clash/textutil.pym")
        assert "/tmp" not in message and str(tree.root) not in message  # paths relative to the tree
    finally:
        tree.path("cmod/clash/textutil.pym").unlink()
        tree.path("cmod/clash").rmdir()


@pytest.mark.errors
def test_replacing_a_builtin_module_is_refused(tree):
    tree.path("cmod/tiny/sys.pym").write_text("X = 1\n")
    try:
        run = tree.scons("variant=unix", check=False)
        assert_one_error(run, "cmod/tiny/sys.pym:1:1: duplicate module name 'sys'", "(built in)")
    finally:
        tree.path("cmod/tiny/sys.pym").unlink()


@pytest.mark.errors
def test_unknown_module_in_a_variant_is_refused(tree):
    tree.path("variants/nomod.toml").write_text(
        'description = "x"\nextends = "unix"\ndisable_modules = ["nosuch"]\n')
    run = tree.scons("variant=nomod", check=False)
    assert run.returncode != 0 and "Traceback" not in run.stderr
    assert "variants/nomod.toml: disable_modules: no user module named 'nosuch'" in run.stderr
    assert "found: stats, textutil, tiny" in run.stderr


@pytest.mark.graph
def test_user_c_modules_folders_and_disabled_modules(tree, tmp_path):
    extra = tmp_path / "more-modules"
    (extra / "hello").mkdir(parents=True)
    (extra / "hello" / "hello.pym").write_text(
        '"""Greetings."""\n\ndef greet(name: str = "world") -> object:\n'
        '    vstr_t text;\n    vstr_init(&text, 16);\n    vstr_printf(&text, "hello, %s", name);\n'
        '    return mp_obj_new_str_from_vstr(&text);\n')
    tree.path("variants/lean.toml").write_text(
        'description = "unix without stats"\nextends = "unix"\ndisable_modules = ["stats", "tiny"]\n')
    build = tree.scons("variant=lean", f"USER_C_MODULES={extra}")
    assert ("PYM", str(extra / "hello" / "hello.pym")) in build.steps
    assert not any("stats" in path for path in build.labels("CC"))
    code = ("import hello, textutil\nprint(hello.greet(), hello.greet('wasm'), hello.__doc__)\n"
            "try:\n    import stats\nexcept ImportError as e:\n    print('no stats')\n")
    assert run(tree.path("build/lean/micropython"), code) == "hello, world hello, wasm Greetings.\nno stats\n"
    # Without the option, hello is gone again, and so are its outputs.
    rerun = tree.scons("variant=lean")
    assert ("PYM", str(extra / "hello" / "hello.pym")) not in rerun.steps
    assert "ImportError" in subprocess.run([str(tree.path("build/lean/micropython")), "-c", "import hello"],
                                           capture_output=True, text=True).stderr
    assert not tree.path("build/lean/usermods/hello").exists() or not any(
        tree.path("build/lean/usermods/hello").iterdir())


@pytest.mark.errors
def test_missing_user_c_modules_folder_is_named(tree, tmp_path):
    run = tree.scons("variant=unix", f"USER_C_MODULES={tmp_path / 'nope'}", check=False)
    assert run.returncode != 0 and "Traceback" not in run.stderr
    assert f"user module folder {tmp_path / 'nope'} does not exist" in run.stderr


def test_generated_c_is_listed_in_compile_commands(built_variant):
    entries = json.loads((built_variant / "compile_commands.json").read_text())
    files = {entry["file"] for entry in entries}
    assert any(f.endswith("build/unix/usermods/textutil/textutil.pym.c".replace("unix", built_variant.name))
               for f in files), sorted(files)[:5]
    assert any(f.endswith("cmod/stats/stats.c") for f in files)
