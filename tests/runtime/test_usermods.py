"""User modules: the shipped examples (cmod/textutil in .pym, cmod/stats in C) called from Python
on the variant under test. tests/graph/test_usermods.py has the .pym stage of the build graph.
"""

import json
import pathlib

import pytest

from interpreter import run_interpreter
from mpbuild import coverage

REPO = pathlib.Path(__file__).resolve().parents[2]


def output_of(run_python, code):
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    return result.stdout


def results(run_python, calls):
    """Each call's repr, or 'Type: message' for the exception it raised (one interpreter run)."""
    code = ("import textutil, stats\nout = []\n"
            f"for call in {calls!r}:\n"
            "    try:\n        out.append(repr(eval(call)))\n"
            "    except Exception as e:\n        out.append(type(e).__name__ + ': ' + str(e))\n"
            "for line in out:\n    print(line)\n")
    return dict(zip(calls, output_of(run_python, code).splitlines()))


# --------------------------------------------------------------------------- calling the examples


def test_pym_module_values(run_python):
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
    got = results(run_python, calls)
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


def test_pym_errors_raised_by_bodies(run_python):
    got = results(run_python, ["textutil.require_range(11, 0, 10, name='level')", "textutil.clamp(1, 2, 0)",
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
def test_wrong_types_raise_the_builtins_typeerror(run_python, bad_call, builtin_call):
    got = results(run_python, [bad_call, builtin_call])
    assert got[bad_call].startswith("TypeError: "), got
    assert got[bad_call] == got[builtin_call]


def test_missing_and_extra_arguments_raise_the_builtins_typeerror(run_python):
    # enumerate() parses its arguments with mp_arg_parse_all, as .pym wrappers do.
    got = results(run_python, [
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


def test_c_module_values_and_errors(run_python):
    calls = ["stats.mean([1, 2, 3, 4])", "stats.fsum([0.1] * 10)", "stats.variance([1, 2, 3, 4])",
             "stats.stdev([2, 4, 4, 4, 5, 5, 7, 9], sample=False)", "stats.median([3, 1, 2])",
             "stats.median((4, 1, 2, 3))", "stats.minmax(range(5))", "stats.mean(x for x in (1.5, 2.5))",
             "stats.mean([])", "stats.variance([1])", "stats.mean(5)", "stats.mean(['a'])", "stats.variance()",
             "stats.median()", "stats.__name__", "stats.variance(data=[1, 2])"]
    got = results(run_python, calls)
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
    result = run_interpreter(micropython, program.name, cwd=program.parent, stdin="")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Traceback" not in output, output
    assert result.stdout.strip(), "the program printed nothing"


def test_modules_are_builtin_not_files(run_python):
    out = output_of(run_python, "import textutil, stats\nprint(hasattr(textutil, '__file__'), type(stats).__name__)")
    assert out == "False module\n"


def test_generated_c_is_listed_in_compile_commands(built_variant):
    entries = json.loads((built_variant / "compile_commands.json").read_text())
    files = {entry["file"] for entry in entries}
    assert any(f.endswith("build/unix/usermods/textutil/textutil.pym.c".replace("unix", built_variant.name))
               for f in files), sorted(files)[:5]
    assert any(f.endswith("cmod/stats/stats.c") for f in files)
