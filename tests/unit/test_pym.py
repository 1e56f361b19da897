"""The .pym transpiler (site_scons/mpbuild/pym.py), without SCons or a compiler."""

import ast
import re
import textwrap

import pytest

from mpbuild import pym

PATH = "cmod/demo/demo.pym"
C_PATH = "build/unix/usermods/demo/demo.pym.c"

DEMO = textwrap.dedent('''\
    """A demo module."""
    # comments at the top level are Python comments

    %{
    #include <ctype.h>
    static int twice(int x) { return 2 * x; }
    %}

    VERSION = "1.0"
    LIMIT: int = 100
    RATIO: float = 2
    DATA = b"\\x00a\\"b"
    ENABLED = True
    NOTHING = None

    def add(a: int, b: int = -1) -> int:
        """Add two numbers."""
        return a + b;

    def scale(x: float,
              factor: float = 2.5, *, negate: bool = False) -> float:
        return negate ? -x * factor : x * factor;

    def greet(name: str, greeting: str = "hi", suffix: str = None) -> str:

        (void)greeting; (void)suffix;
        return name;

    def size(data: bytes, extra: object = 3, tag: object = "t") -> object:
        return mp_obj_new_int((mp_int_t)data_len);

    def nothing() -> None:
        ;

    def first(data: bytes, pad: bytes = b"ab") -> bytes:
        return (pym_bytes_t){data, data_len ? 1 : 0};

    def truth(flag: bool = True):
        (void)flag;
''')


def parse(text, path=PATH):
    return pym.parse(textwrap.dedent(text), path)


def error_of(text, path=PATH):
    with pytest.raises(pym.PymError) as caught:
        pym.parse(text, path)
    return caught.value


# ---------------------------------------------------------------------------
# The format


def test_demo_module_parses_into_docstring_constants_functions_and_c_blocks():
    module = pym.parse(DEMO, PATH)
    assert module.name == "demo"
    assert module.doc == "A demo module."
    assert [(c.name, c.value) for c in module.constants] == [
        ("VERSION", "1.0"), ("LIMIT", 100), ("RATIO", 2.0), ("DATA", b'\x00a"b'), ("ENABLED", True),
        ("NOTHING", None)]
    assert isinstance(module.constants[2].value, float)  # annotated float: 2 becomes 2.0
    blocks = [item for item in module.items if isinstance(item, pym.CBlock)]
    assert len(blocks) == 1 and blocks[0].line == 5
    assert blocks[0].lines == ("#include <ctype.h>", "static int twice(int x) { return 2 * x; }")

    functions = {f.name: f for f in module.functions}
    assert list(functions) == ["add", "scale", "greet", "size", "nothing", "first", "truth"]
    add = functions["add"]
    assert add.returns == "int" and add.doc == "Add two numbers."
    assert [(p.name, p.type, p.required, p.default) for p in add.parameters] == [
        ("a", "int", True, None), ("b", "int", False, -1)]
    assert add.line == 16 and add.body_line == 18 and add.body == ("    return a + b;",)

    scale = functions["scale"]
    assert scale.line == 20 and scale.body_line == 22  # a signature over two lines
    assert [(p.name, p.keyword_only, p.default) for p in scale.parameters] == [
        ("x", False, None), ("factor", False, 2.5), ("negate", True, False)]

    greet = functions["greet"]
    assert [(p.type, p.required, p.default) for p in greet.parameters] == [
        ("str", True, None), ("str", False, "hi"), ("str", False, None)]
    assert greet.body_line == 26  # leading blank line skipped
    assert functions["size"].returns == "object"
    assert [p.default for p in functions["size"].parameters] == [None, 3, "t"]
    assert functions["nothing"].returns == "None" and functions["nothing"].parameters == ()
    assert functions["first"].returns == "bytes"
    assert functions["truth"].returns == "None"  # no annotation: returns None


def test_trailing_blank_lines_are_not_part_of_a_body():
    module = parse("""\
        def f() -> int:
            return 1;


        X = 1
    """)
    assert module.functions[0].body == ("    return 1;",)


def test_module_name_comes_from_the_file_name():
    assert pym.module_name_for("cmod/a/text_util.pym") == "text_util"
    assert parse("X = 1\n", "elsewhere/other.pym").name == "other"


# ---------------------------------------------------------------------------
# Generated C


def generated(text=DEMO):
    return pym.generate_c(pym.parse(text, PATH), C_PATH)


def test_line_directives_map_every_copied_line_back_to_the_pym_file():
    source_lines = DEMO.split("\n")
    c_lines = generated().split("\n")
    current_file, current_line = C_PATH, 1
    checked = 0
    for index, line in enumerate(c_lines):
        directive = re.fullmatch(r'#line (\d+) "([^"]+)"', line)
        if directive:
            current_file, current_line = directive.group(2), int(directive.group(1))
            continue
        if current_file == PATH:
            # A copied line equals the .pym line it claims to be, except the
            # body function's opening line (on the def line) and closing brace
            # (after the body; body lines are indented, so never a bare "}").
            if not line.startswith("static ") and line != "}":
                assert line == source_lines[current_line - 1], (index, line)
                checked += 1
        else:
            assert current_line == index + 1, f"C line {index + 1} claims to be line {current_line}"
        current_line += 1
    assert checked >= 9
    assert c_lines.count(f'#line 18 "{PATH}"') == 1  # add()'s body starts after its docstring


def test_generated_c_registers_the_module_and_lists_every_attribute():
    c = generated()
    assert "MP_REGISTER_MODULE(MP_QSTR_demo, pym_demo_module);" in c
    for name in ("VERSION", "LIMIT", "RATIO", "DATA", "ENABLED", "NOTHING", "add", "scale", "greet", "size",
                 "nothing", "first", "truth", "__name__", "__doc__"):
        assert f"MP_ROM_QSTR(MP_QSTR_{name})" in c, name
    assert "{ MP_ROM_QSTR(MP_QSTR_LIMIT), MP_ROM_INT(100) }" in c
    assert "{ MP_ROM_QSTR(MP_QSTR_ENABLED), MP_ROM_TRUE }" in c
    assert "{ MP_ROM_QSTR(MP_QSTR_NOTHING), MP_ROM_NONE }" in c
    assert 'MP_DEFINE_STR_OBJ(pym_demo_const' in c and '"1.0"' in c
    assert re.search(r"pym_float_obj_t pym_demo_const\d+ = \{\{&mp_type_float\}, \(mp_float_t\)2\.0\}", c)
    assert re.search(r'MP_DEFINE_BYTES_OBJ\(pym_demo_const\d+, "\\000a\\"b", 4\)', c)


def test_arguments_go_through_micropythons_own_parser():
    c = generated()
    assert "static MP_DEFINE_CONST_FUN_OBJ_KW(pym_demo_add_obj, 0, pym_demo_add_call);" in c
    assert "{ MP_QSTR_a, MP_ARG_REQUIRED | MP_ARG_INT, {.u_int = 0} }," in c
    assert "{ MP_QSTR_b, MP_ARG_INT, {.u_int = -1} }," in c
    assert "{ MP_QSTR_negate, MP_ARG_KW_ONLY | MP_ARG_BOOL, {.u_bool = false} }," in c
    assert "mp_arg_parse_all(n_args, pos_args, kw_args, MP_ARRAY_SIZE(allowed), allowed, vals);" in c
    assert "mp_obj_get_float(vals[0].u_obj)" in c
    assert "vals[1].u_obj == MP_OBJ_NULL ? (mp_float_t)2.5 : mp_obj_get_float(vals[1].u_obj)" in c
    assert 'pym_str_arg(vals[1].u_obj, "hi", 2, false, &arg1_len)' in c
    assert "pym_str_arg(vals[2].u_obj, NULL, 0, true, &arg2_len)" in c  # None default: None is NULL too
    assert "{ MP_QSTR_extra, MP_ARG_OBJ, {.u_rom_obj = MP_ROM_INT(3)} }," in c
    # A function without parameters refuses arguments like a fixed-arity builtin.
    assert "static MP_DEFINE_CONST_FUN_OBJ_0(pym_demo_nothing_obj, pym_demo_nothing_call);" in c
    # Bodies are separate functions of the declared C types.
    assert "static mp_int_t pym_demo_add(mp_int_t a, mp_int_t b) {" in c
    assert "static const char *pym_demo_greet(const char *name, size_t name_len, const char *greeting," in c
    assert "static pym_bytes_t pym_demo_first(const uint8_t *data, size_t data_len," in c
    assert "static void pym_demo_nothing(void) {" in c
    assert "return pym_return_bytes(pym_demo_first(arg0, arg0_len, arg1, arg1_len));" in c


def test_only_needed_helpers_are_emitted():
    c = pym.generate_c(parse("def f(a: int) -> int:\n    return a;\n"), C_PATH)
    assert "pym_str_arg" not in c and "pym_float_obj_t" not in c and "pym_bytes_t" not in c


def test_generation_is_deterministic_and_names_its_source():
    assert generated() == generated()
    assert generated().startswith(f"// Generated from {PATH} by site_scons/mpbuild/pym.py")


@pytest.mark.parametrize("data", [b"", b"plain", b'quote" back\\slash ?? trigraph', bytes(range(256)),
                                  "naïve ☃".encode()])
def test_c_string_literals_hold_exactly_the_bytes(data):
    literal = pym.c_string(data)
    assert literal.startswith('"') and literal.endswith('"')
    assert all(0x20 <= ord(ch) < 0x7F for ch in literal)
    # C's \? is not a Python escape; everything else here reads the same in both languages.
    assert ast.literal_eval("b" + literal.replace("\\?", "?")) == data


def test_transpile_is_parse_then_generate():
    assert pym.transpile(DEMO, PATH, C_PATH) == generated()


# ---------------------------------------------------------------------------
# Bad input: one PymError naming file:line:column


@pytest.mark.parametrize("text, line, column, phrase", [
    # Python syntax errors in signatures
    ("def f(a: int) -> int\n    return a;\n", 1, 21, "syntax error: expected ':'"),
    ("def f(a: int, b: int\n    return a;\n", 1, 6, "syntax error: '(' was never closed"),
    ("def f(a: int, b: int -> int:\n    return a;\n", 1, 22, "syntax error: invalid syntax"),
    ("X = [1,\n", 1, 5, "syntax error: '[' was never closed"),
    ("def f(a: int = 1, b: int) -> int:\n    return a;\n", 1, 19, "syntax error"),
    ('"""never closed\ndef f() -> int:\n    return 1;\n', 1, 1, "syntax error: unterminated triple-quoted"),
    # unsupported annotations
    ("def f(a: list) -> int:\n    return 0;\n", 1, 10, "unsupported annotation 'list' for parameter 'a'"),
    ("def f(a: int | None) -> int:\n    return 0;\n", 1, 10, "unsupported annotation 'int | None'"),
    ("def f(a: int) -> dict:\n    return 0;\n", 1, 18, "unsupported annotation 'dict' for the return value"),
    ("def f(a) -> int:\n    return 0;\n", 1, 7, "parameter 'a' of f() has no type annotation"),
    ("X: list = 1\n", 1, 4, "unsupported annotation 'list' for constant X"),
    # duplicates
    ("def f() -> int:\n    return 1;\n\ndef f() -> int:\n    return 2;\n", 4, 5,
     "duplicate name 'f': already defined on line 1"),
    ("f = 1\ndef f() -> int:\n    return 2;\n", 2, 5, "duplicate name 'f'"),
    ("X = 1\nX = 2\n", 2, 1, "duplicate name 'X'"),
    ("def f(a: int, a: int) -> int:\n    return a;\n", 1, 15, "duplicate parameter 'a' in f()"),
    ("def f(s: str, s_len: int) -> int:\n    return 0;\n", 1, 15, "C name 's_len' clashes with parameter 's'"),
    # bodies
    ("def f(a: int) -> int:\nreturn a;\n", 2, 1, "the body of f() is not indented"),
    ("def f(a: int) -> int:\n\n\nreturn a;\n", 4, 1, "the body of f() is not indented"),
    ("def f(a: int) -> int:\n", 1, 1, "f() has no body"),
    ("def f() -> int:\n    int x = 1;\nreturn x;\n", 3, 1, "if this line belongs to the body of f() above, indent it"),
    ("def f() -> int:\n    #if 1\n    return 1;\n#endif\n", 4, 1, "'#endif' outside a C block"),
    ('def f() -> int:\n    """only a docstring"""\n', 1, 1, "f() has only a docstring"),
    # top level
    ("    X = 1\n", 1, 1, "unexpected indent"),
    ("#include <stdio.h>\nX = 1\n", 1, 1, "C preprocessor line '#include' outside a C block"),
    ("%{\nint x;\n", 1, 1, "'%{' C block is never closed"),
    ("%}\n", 1, 1, "'%}' without an opening '%{'"),
    ("%{ int x; %}\n", 1, 3, "'%{' must be alone on its line"),
    ("import os\n", 1, 1, "expected a def, a constant"),
    ("X = 1\n\"\"\"late docstring\"\"\"\n", 2, 1, "the module docstring must come first"),
    ("async def f() -> int:\n    return 1;\n", 1, 1, "async def is not supported"),
    # parameters
    ("def f(*args: int) -> int:\n    return 0;\n", 1, 8, "*args is not supported"),
    ("def f(**kw: int) -> int:\n    return 0;\n", 1, 9, "**kw is not supported"),
    ("def f(a: int, /) -> int:\n    return a;\n", 1, 7, "positional-only parameters"),
    ("def f(char: int) -> int:\n    return 0;\n", 1, 7, "'char' is a C keyword"),
    ("def f(pym_x: int) -> int:\n    return 0;\n", 1, 7, "reserved for generated code"),
    ("def f(a: int = 'x') -> int:\n    return a;\n", 1, 16, "'x' is not a valid int"),
    ("def f(a: int = None) -> int:\n    return a;\n", 1, 16, "None is not a valid int"),
    ("def f(a: int = b) -> int:\n    return a;\n", 1, 16, "must be a literal"),
    ("def f(a: int = 2**40) -> int:\n    return a;\n", 1, 16, "must be a literal"),
    ("def f(a: int = 4294967296) -> int:\n    return a;\n", 1, 16, "does not fit in a 32-bit mp_int_t"),
    ("def f(a: float = float('nan')) -> float:\n    return a;\n", 1, 18, "must be a literal"),
    # constants
    ("X = [1, 2]\n", 1, 5, "must be an int, float, bool, str, bytes or None"),
    ("X = 1 << 31\n", 1, 5, "must be a literal"),
    ("X = 2147483648\n", 1, 5, "outside the small-int range"),
    ("X: int = 1.5\n", 1, 10, "1.5 is not a valid int"),
    ("__doc__ = 'x'\n", 1, 1, "__doc__ is set by the module itself"),
    ("X = 1e999\n", 1, 5, "must be a finite float"),
    ("X, Y = 1, 2\n", 1, 1, "expected a def, a constant"),
    # nothing to build
    ("# only a comment\n", 1, 1, "the module defines nothing"),
])
def test_bad_input_is_one_error_with_file_line_and_column(text, line, column, phrase):
    error = error_of(text)
    assert (error.path, error.line, error.column) == (PATH, line, column), str(error)
    assert phrase in str(error)
    assert str(error).startswith(f"{PATH}:{line}:{column}: error: ")
    assert "\n" not in str(error)


@pytest.mark.parametrize("file_name", ["my-module.pym", "2fast.pym", "class.pym"])
def test_a_file_name_that_is_not_a_module_name_is_refused(file_name):
    error = error_of("X = 1\n", f"cmod/a/{file_name}")
    assert (error.line, error.column) == (1, 1)
    assert "is not a valid Python identifier; rename the file" in str(error)


def test_invalid_utf8_names_the_line_and_column():
    with pytest.raises(pym.PymError) as caught:
        pym.decode(b"X = 1\nY = '\xff'\n", PATH)
    assert str(caught.value).startswith(f"{PATH}:2:6: error: not valid UTF-8")


def test_columns_count_characters_not_bytes():
    error = error_of("X = 'ü'\ndef f(ä: int, b: list) -> int:\n    return 0;\n")
    assert (error.line, error.column) == (2, 7)  # 'ä' is not an ASCII identifier
    error = error_of("def f(b: int = 'ü', c: list = 1) -> int:\n    return 0;\n")
    assert (error.line, error.column) == (1, 16)


def test_windows_line_endings_are_accepted():
    module = pym.parse("X = 1\r\ndef f() -> int:\r\n    return 1;\r\n", PATH)
    assert module.functions[0].body == ("    return 1;",)


def test_the_shipped_example_parses_and_uses_every_type():
    import pathlib
    path = pathlib.Path(__file__).resolve().parents[2] / "cmod/textutil/textutil.pym"
    module = pym.parse(path.read_text(), "cmod/textutil/textutil.pym")
    parameter_types = {p.type for f in module.functions for p in f.parameters}
    assert parameter_types == set(pym.PARAMETER_TYPES)
    assert {f.returns for f in module.functions} == set(pym.RETURN_TYPES)
    assert {type(c.value) for c in module.constants} == {str, int, float, bytes, bool, type(None)}
    assert any(p.keyword_only for f in module.functions for p in f.parameters)
    assert any(not f.parameters for f in module.functions) and module.doc
