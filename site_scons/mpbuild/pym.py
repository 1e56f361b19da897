"""The ``.pym`` transpiler: a MicroPython module written as Python signatures with C bodies.

``parse`` reads and validates a ``.pym`` file into a ``Module``; ``generate_c``
turns it into one C file (argument parsing through MicroPython's own
``mp_arg_parse_all`` and conversion functions, so calls fail with the same
TypeErrors as builtins; ``#line`` directives so C diagnostics in user code
name the ``.pym`` file). docs/pym.md describes the format. Every mistake is a
``PymError`` whose text is ``path:line:column: error: ...``.
"""

from __future__ import annotations

import ast
import io
import keyword
import math
import re
import tokenize
from dataclasses import dataclass, field

# Annotation -> (C type of the parameter, C type of the return value).
PARAMETER_TYPES = ("int", "float", "bool", "str", "bytes", "object")
RETURN_TYPES = PARAMETER_TYPES + ("None",)
_C_PARAMETER = {"int": "mp_int_t", "float": "mp_float_t", "bool": "bool", "str": "const char *",
                "bytes": "const uint8_t *", "object": "mp_obj_t"}
_C_RETURN = {"int": "mp_int_t", "float": "mp_float_t", "bool": "bool", "str": "const char *",
             "bytes": "pym_bytes_t", "object": "mp_obj_t", "None": "void"}

# Small ints of the narrowest target (32-bit wasm): these fit in a ROM table entry.
SMALL_INT_MIN, SMALL_INT_MAX = -(1 << 30), (1 << 30) - 1
# mp_int_t on a 32-bit target.
MP_INT_MIN, MP_INT_MAX = -(1 << 31), (1 << 31) - 1

_IDENTIFIER_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_PREPROCESSOR_RE = re.compile(r"#\s*(include|define|undef|if|ifdef|ifndef|elif|else|endif|pragma|error|line)\b")
_CONSTANT_START_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\s*(:|=(?!=))")
_STRING_START_RE = re.compile(r"[rRbBuU]{0,2}('|\")")
_C_KEYWORDS = frozenset("""
    auto break case char const continue default do double else enum extern float for goto if inline int
    long register restrict return short signed sizeof static struct switch typedef union unsigned void
    volatile while bool true false _Bool _Complex _Imaginary _Alignas _Alignof _Atomic _Generic
    _Noreturn _Static_assert _Thread_local NULL
""".split())
_RESERVED_NAMES = ("__name__", "__doc__")
_TYPE_LIST = ", ".join(PARAMETER_TYPES)


class PymError(Exception):
    """A mistake in a .pym file; ``str(error)`` is the whole message for the user."""

    def __init__(self, path: str, line: int, column: int, message: str):
        super().__init__(f"{path}:{line}:{column}: error: {message}")
        self.path, self.line, self.column, self.message = path, line, column, message


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    required: bool
    default: object = None        # the Python value when not required
    keyword_only: bool = False


@dataclass(frozen=True)
class Function:
    name: str
    parameters: tuple[Parameter, ...]
    returns: str
    line: int                     # of the ``def``
    body_line: int                # first line of C (after a docstring)
    body: tuple[str, ...]         # the C lines, verbatim
    doc: str | None = None


@dataclass(frozen=True)
class Constant:
    name: str
    value: object
    line: int


@dataclass(frozen=True)
class CBlock:
    line: int                     # first line of C inside %{ ... %}
    lines: tuple[str, ...]


@dataclass
class Module:
    name: str
    path: str
    doc: str | None = None
    items: list = field(default_factory=list)   # CBlock | Constant | Function, in file order

    @property
    def functions(self):
        return [item for item in self.items if isinstance(item, Function)]

    @property
    def constants(self):
        return [item for item in self.items if isinstance(item, Constant)]


def module_name_for(path: str) -> str:
    """``cmod/text/textutil.pym`` -> ``textutil``."""
    base = path.replace("\\", "/").rsplit("/", 1)[-1]
    return base[:-4] if base.endswith(".pym") else base


# ---------------------------------------------------------------------------
# Parsing


def _column(line_text: str, utf8_offset: int) -> int:
    """1-based character column of an ast ``col_offset`` (which counts UTF-8 bytes)."""
    return len(line_text.encode("utf-8")[:utf8_offset].decode("utf-8", "replace")) + 1


class _Parser:
    def __init__(self, text: str, path: str, module_name: str):
        self.path = path
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if self.lines and self.lines[-1] == "":
            self.lines.pop()
        self.module = Module(module_name, path)
        self.names: dict[str, int] = {}   # module attribute -> line defined

    def error(self, line: int, column: int, message: str):
        raise PymError(self.path, line, column, message)

    # -- statements written in Python syntax --------------------------------

    def read_statement(self, start: int) -> int:
        """Index just past the logical Python line that starts at ``lines[start]``.

        Stops early, as unterminated, when a later line holds C punctuation
        (``;``, ``{``, ``}``): an unclosed bracket would otherwise swallow the
        C body that follows.
        """
        def lines_from_start():
            for line in self.lines[start:]:
                yield line + "\n"
            while True:
                yield ""

        readline = lines_from_start().__next__
        try:
            for token in tokenize.generate_tokens(readline):
                row = token.start[0]
                if token.type == tokenize.NEWLINE:
                    return start + row
                if token.type == tokenize.ENDMARKER:
                    return start + row - 1
                if row > 1 and token.type == tokenize.OP and token.string in ";{}":
                    self.syntax_error(start, start + row - 1)
        except tokenize.TokenError:
            pass
        except (SyntaxError, IndentationError) as error:  # e.g. a bad dedent inside brackets
            self.error(start + (error.lineno or 1), error.offset or 1, f"syntax error: {error.msg}")
        self.syntax_error(start, len(self.lines))
        raise AssertionError("unreachable")

    def syntax_error(self, start: int, stop: int):
        """Report the Python syntax error in ``lines[start:stop]`` (known to be incomplete)."""
        text = "\n".join(self.lines[start:stop]) + "\n"
        try:
            ast.parse(text)
        except SyntaxError as error:
            self.error(start + (error.lineno or 1), error.offset or 1, f"syntax error: {error.msg}")
        self.error(start + 1, 1, "syntax error: this statement never ends (an unclosed bracket or string?)")

    def parse_python(self, start: int, stop: int, suffix: str = "") -> ast.Module:
        text = "\n".join(self.lines[start:stop]) + "\n" + suffix
        try:
            return ast.parse(text)
        except SyntaxError as error:
            line = min(start + (error.lineno or 1), stop)
            self.error(line, error.offset or 1, f"syntax error: {error.msg}")

    def position(self, start: int, node: ast.AST) -> tuple[int, int]:
        line = start + node.lineno
        return line, _column(self.lines[line - 1], node.col_offset)

    def define(self, name: str, line: int, column: int, what: str):
        if not _IDENTIFIER_RE.match(name):
            self.error(line, column, f"{what} name {name!r} must be an ASCII identifier ([A-Za-z_][A-Za-z0-9_]*)")
        if name in _RESERVED_NAMES:
            self.error(line, column, f"{name} is set by the module itself; choose another name")
        if name in self.names:
            self.error(line, column, f"duplicate name {name!r}: already defined on line {self.names[name]}; "
                                     "rename one of them")
        self.names[name] = line

    # -- the file -----------------------------------------------------------

    def parse(self) -> Module:
        index = 0
        count = len(self.lines)
        while index < count:
            line = self.lines[index]
            stripped = line.strip()
            number = index + 1
            if not stripped:
                index += 1
            elif line[0] in " \t":
                self.error(number, 1, "unexpected indent: only the C body of a def is indented"
                           + self.body_hint(number))
            elif line.startswith("%{"):
                index = self.c_block(index)
            elif line.startswith("%}"):
                self.error(number, 1, "'%}' without an opening '%{'")
            elif line.startswith("#"):
                directive = _PREPROCESSOR_RE.match(line)
                if directive:
                    self.error(number, 1, f"C preprocessor line '#{directive.group(1)}' outside a C block: "
                                          "put top-level C code between '%{' and '%}' lines"
                                          + self.body_hint(number))
                index += 1   # a comment
            elif re.match(r"async\s+def\b", line):
                self.error(number, 1, "async def is not supported")
            elif re.match(r"def\b", line):
                index = self.function(index)
            elif _STRING_START_RE.match(line):
                index = self.docstring(index)
            elif _CONSTANT_START_RE.match(line):
                index = self.constant(index)
            else:
                self.error(number, 1, "expected a def, a constant (NAME = value), the module docstring, "
                                      "a '# comment' or a '%{ ... %}' C block" + self.body_hint(number))
        return self.module

    def body_hint(self, number: int) -> str:
        last = self.module.items[-1] if self.module.items else None
        if isinstance(last, Function):
            return f" (if this line belongs to the body of {last.name}() above, indent it)"
        return ""

    def c_block(self, index: int) -> int:
        if self.lines[index].strip() != "%{":
            self.error(index + 1, 3, "'%{' must be alone on its line")
        for end in range(index + 1, len(self.lines)):
            if self.lines[end].startswith("%}"):
                if self.lines[end].strip() != "%}":
                    self.error(end + 1, 3, "'%}' must be alone on its line")
                self.module.items.append(CBlock(index + 2, tuple(self.lines[index + 1:end])))
                return end + 1
        self.error(index + 1, 1, "'%{' C block is never closed: add a line holding only '%}'")

    def docstring(self, index: int) -> int:
        stop = self.read_statement(index)
        tree = self.parse_python(index, stop)
        statement = tree.body[0] if len(tree.body) == 1 else None
        if not (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
                and isinstance(statement.value.value, str)):
            self.error(index + 1, 1, "expected the module docstring (a string literal)")
        if self.module.items or self.module.doc is not None:
            self.error(index + 1, 1, "the module docstring must come first in the file")
        self.module.doc = statement.value.value
        return stop

    def constant(self, index: int) -> int:
        stop = self.read_statement(index)
        tree = self.parse_python(index, stop)
        statement = tree.body[0] if len(tree.body) == 1 else None
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target, annotation = statement.targets[0], None
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None and statement.simple:
            target, annotation = statement.target, statement.annotation
        else:
            self.error(index + 1, 1, "a constant is 'NAME = value' or 'NAME: type = value'")
        if not isinstance(target, ast.Name):
            self.error(*self.position(index, target), "a constant is 'NAME = value' or 'NAME: type = value'")
        line, column = self.position(index, target)
        self.define(target.id, line, column, "constant")
        value = self.literal(index, statement.value, f"constant {target.id}")
        if isinstance(value, (tuple, list, dict, set, complex)):
            self.error(*self.position(index, statement.value),
                       f"constant {target.id} must be an int, float, bool, str, bytes or None")
        if annotation is not None:
            kind = self.annotation(index, annotation, f"constant {target.id}", RETURN_TYPES)
            value = self.check_value(index, statement.value, kind, value, f"constant {target.id}")
        if isinstance(value, int) and not isinstance(value, bool) and not SMALL_INT_MIN <= value <= SMALL_INT_MAX:
            self.error(*self.position(index, statement.value),
                       f"constant {target.id} = {value} is outside the small-int range of 32-bit targets "
                       f"({SMALL_INT_MIN}..{SMALL_INT_MAX}); use a float or a function")
        if isinstance(value, float) and not math.isfinite(value):
            self.error(*self.position(index, statement.value),
                       f"constant {target.id} must be a finite float")
        self.module.items.append(Constant(target.id, value, line))
        return stop

    def literal(self, start: int, node: ast.AST, what: str):
        try:
            return ast.literal_eval(node)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            self.error(*self.position(start, node),
                       f"{what} must be a literal (a number, string, bytes, True, False or None), "
                       f"not {ast.unparse(node)!r}")

    def annotation(self, start: int, node: ast.AST, what: str, allowed) -> str:
        if isinstance(node, ast.Constant) and node.value is None:
            name = "None"
        elif isinstance(node, ast.Name):
            name = node.id
        else:
            name = ast.unparse(node)
        if name not in allowed:
            self.error(*self.position(start, node),
                       f"unsupported annotation {name!r} for {what}; use one of: {', '.join(allowed)}")
        return name

    def check_value(self, start: int, node: ast.AST, kind: str, value, what: str):
        """``value`` as type ``kind`` (an int is a valid float); error if it is not one."""
        ok = {
            "int": isinstance(value, int) and not isinstance(value, bool),
            "float": isinstance(value, (int, float)) and not isinstance(value, bool),
            "bool": isinstance(value, bool),
            "str": isinstance(value, str),
            "bytes": isinstance(value, bytes),
            "object": isinstance(value, (int, float, bool, str, bytes)) or value is None,
            "None": value is None,
        }[kind]
        if not ok:
            self.error(*self.position(start, node), f"{what}: {ast.unparse(node)} is not a valid {kind}")
        return float(value) if kind == "float" else value

    # -- functions ------------------------------------------------------------

    def function(self, index: int) -> int:
        stop = self.read_statement(index)
        tree = self.parse_python(index, stop, suffix=" pass\n")
        node = tree.body[0] if tree.body else None
        if not isinstance(node, ast.FunctionDef):
            self.error(index + 1, 1, "expected 'def name(parameters) -> type:'")
        def_line = index + 1
        name_column = _column(self.lines[index], self.lines[index].index(node.name, 4)
                              if node.name in self.lines[index] else 4)
        self.define(node.name, def_line, name_column, "function")
        arguments = node.args
        if arguments.posonlyargs:
            self.error(*self.position(index, arguments.posonlyargs[0]),
                       "positional-only parameters ('/') are not supported")
        if arguments.vararg:
            self.error(*self.position(index, arguments.vararg),
                       f"*{arguments.vararg.arg} is not supported; take an object (a tuple or list) instead")
        if arguments.kwarg:
            self.error(*self.position(index, arguments.kwarg),
                       f"**{arguments.kwarg.arg} is not supported; take an object (a dict) instead")

        positional_defaults = [None] * (len(arguments.args) - len(arguments.defaults)) + list(arguments.defaults)
        pairs = [(a, d, False) for a, d in zip(arguments.args, positional_defaults)]
        pairs += [(a, d, True) for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults)]
        parameters = []
        c_names: dict[str, str] = {}
        for argument, default, keyword_only in pairs:
            parameters.append(self.parameter(index, node.name, argument, default, keyword_only, c_names))

        returns = "None"
        if node.returns is not None:
            returns = self.annotation(index, node.returns, f"the return value of {node.name}()", RETURN_TYPES)

        return self.body(index, stop, node.name, tuple(parameters), returns, def_line)

    def parameter(self, start, function, argument, default, keyword_only, c_names) -> Parameter:
        line, column = self.position(start, argument)
        name = argument.arg
        what = f"parameter {name!r} of {function}()"
        if not _IDENTIFIER_RE.match(name):
            self.error(line, column, f"{what}: names must be ASCII identifiers")
        if name in _C_KEYWORDS:
            self.error(line, column, f"{what}: {name!r} is a C keyword; rename the parameter")
        if name.startswith("pym_"):
            self.error(line, column, f"{what}: names starting with 'pym_' are reserved for generated code")
        if argument.annotation is None:
            self.error(line, column, f"{what} has no type annotation; annotate it with one of: {_TYPE_LIST}")
        kind = self.annotation(start, argument.annotation, what, PARAMETER_TYPES)
        own_names = [name, f"{name}_len"] if kind in ("str", "bytes") else [name]
        if name in c_names and c_names[name] == name:
            self.error(line, column, f"duplicate parameter {name!r} in {function}()")
        for c_name in own_names:
            if c_name in c_names:
                self.error(line, column, f"{what}: its C name {c_name!r} clashes with parameter "
                                         f"{c_names[c_name]!r}; rename one of them")
            c_names[c_name] = name
        if default is None:
            return Parameter(name, kind, True, keyword_only=keyword_only)
        value = self.literal(start, default, f"the default of {what}")
        if value is None and kind in ("str", "bytes", "object"):
            return Parameter(name, kind, False, None, keyword_only)
        value = self.check_value(start, default, kind, value, f"the default of {what}")
        if kind == "int" and not MP_INT_MIN <= value <= MP_INT_MAX:
            self.error(*self.position(start, default), f"the default of {what} does not fit in a 32-bit mp_int_t")
        if kind == "object":
            if isinstance(value, int) and not isinstance(value, bool) and not SMALL_INT_MIN <= value <= SMALL_INT_MAX:
                self.error(*self.position(start, default),
                           f"the default of {what} is outside the small-int range of 32-bit targets")
        if isinstance(value, float) and math.isnan(value):
            self.error(*self.position(start, default), f"the default of {what} must not be NaN")
        return Parameter(name, kind, False, value, keyword_only)

    def body(self, index, stop, name, parameters, returns, def_line) -> int:
        end = stop
        while end < len(self.lines) and (not self.lines[end].strip() or self.lines[end][0] in " \t"):
            end += 1
        last = end
        while last > stop and not self.lines[last - 1].strip():
            last -= 1
        if last == stop:
            if end < len(self.lines):
                self.error(end + 1, 1, f"the body of {name}() is not indented: indent every line of its C body")
            self.error(def_line, 1, f"{name}() has no body: add its C code, indented, after the def line")
        body_start = stop
        while not self.lines[body_start].strip():
            body_start += 1
        doc = None
        first = self.lines[body_start].lstrip()
        if _STRING_START_RE.match(first):
            doc, body_start = self.function_docstring(body_start, last, name)
            if body_start >= last:
                self.error(def_line, 1, f"{name}() has only a docstring: add its C code after it")
        self.module.items.append(Function(name, parameters, returns, def_line, body_start + 1,
                                          tuple(self.lines[body_start:last]), doc))
        return last

    def function_docstring(self, start: int, last: int, name: str):
        indent = len(self.lines[start]) - len(self.lines[start].lstrip())
        dedented = [line[indent:] if line[:indent].strip() == "" else line.lstrip() for line in self.lines[start:last]]
        readline = iter([line + "\n" for line in dedented] + [""]).__next__
        try:
            for token in tokenize.generate_tokens(readline):
                if token.type == tokenize.STRING:
                    rows = token.end[0]
                    value = ast.literal_eval(token.string)
                    if not isinstance(value, str):
                        break
                    return value, start + rows
                break
        except (tokenize.TokenError, SyntaxError, ValueError):
            pass
        self.error(start + 1, indent + 1, f"the docstring of {name}() is not a valid string literal")


def parse(text: str, path: str, module_name: str | None = None) -> Module:
    """Parse and validate one .pym file; raise PymError on the first mistake."""
    module_name = module_name or module_name_for(path)
    if not _IDENTIFIER_RE.match(module_name) or keyword.iskeyword(module_name):
        raise PymError(path, 1, 1, f"module name {module_name!r} (from the file name) is not a valid Python "
                                   "identifier; rename the file, e.g. to my_module.pym")
    module = _Parser(text, path, module_name).parse()
    if not module.functions and not module.constants:
        raise PymError(path, 1, 1, "the module defines nothing: add a def or a constant")
    return module


def decode(data: bytes, path: str) -> str:
    """The text of a .pym file; a PymError names the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[:error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        raise PymError(path, line, column, f"not valid UTF-8 ({error.reason}); save the file as UTF-8") from None


# ---------------------------------------------------------------------------
# C generation


def c_string(data: bytes | str) -> str:
    """A C string literal holding exactly these bytes (octal escapes, so no escape runs on)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    out = []
    for byte in data:
        char = chr(byte)
        if char in '\\"?':
            out.append("\\" + char)
        elif 0x20 <= byte < 0x7F:
            out.append(char)
        else:
            out.append(f"\\{byte:03o}")
    return '"' + "".join(out) + '"'


def _c_float(value: float) -> str:
    if math.isinf(value):
        return "(mp_float_t)INFINITY" if value > 0 else "(-(mp_float_t)INFINITY)"
    text = repr(float(value))
    return f"(mp_float_t){text}" if not text.startswith("-") else f"(-(mp_float_t){text[1:]})"


_HELPERS = {
    "float_obj": """\
#if MICROPY_OBJ_REPR != MICROPY_OBJ_REPR_A && MICROPY_OBJ_REPR != MICROPY_OBJ_REPR_B
#error "float constants of .pym modules need MICROPY_OBJ_REPR_A or MICROPY_OBJ_REPR_B"
#endif
// The layout of MicroPython's boxed float objects (py/objfloat.c), for float constants in ROM.
typedef struct { mp_obj_base_t base; mp_float_t value; } pym_float_obj_t;""",
    "bytes_t": """\
// What a `-> bytes` body returns: data (NULL gives None) and its length. The data is copied
// into a new bytes object as soon as the body returns.
typedef struct { const void *data; size_t len; } pym_bytes_t;""",
    "str_arg": """\
// A str argument: exactly str (bytes is refused, as by str methods), UTF-8 and NUL-terminated.
static inline const char *pym_str_arg(mp_obj_t arg, const char *absent, size_t absent_len, bool none_is_absent,
    size_t *len) {
    if (arg == MP_OBJ_NULL || (none_is_absent && arg == mp_const_none)) {
        *len = absent_len;
        return absent;
    }
    if (!mp_obj_is_str(arg)) {
        mp_obj_str_get_qstr(arg);  // raises MicroPython's own "can't convert ... to str implicitly"
    }
    return mp_obj_str_get_data(arg, len);
}""",
    "bytes_arg": """\
// A bytes argument: any object with the buffer protocol, as builtins accept.
static inline const uint8_t *pym_bytes_arg(mp_obj_t arg, const uint8_t *absent, size_t absent_len,
    bool none_is_absent, size_t *len) {
    if (arg == MP_OBJ_NULL || (none_is_absent && arg == mp_const_none)) {
        *len = absent_len;
        return absent;
    }
    mp_buffer_info_t info;
    mp_get_buffer_raise(arg, &info, MP_BUFFER_READ);
    *len = info.len;
    return (const uint8_t *)info.buf;
}""",
    "return_str": """\
static inline mp_obj_t pym_return_str(const char *text) {
    return text == NULL ? mp_const_none : mp_obj_new_str(text, strlen(text));
}""",
    "return_bytes": """\
static inline mp_obj_t pym_return_bytes(pym_bytes_t result) {
    return result.data == NULL ? mp_const_none : mp_obj_new_bytes((const byte *)result.data, result.len);
}""",
    "return_object": """\
static inline mp_obj_t pym_return_object(mp_obj_t result) {
    return result == MP_OBJ_NULL ? mp_const_none : result;
}""",
}


class _Writer:
    def __init__(self, module: Module, c_path: str):
        self.module = module
        self.c_path = c_path
        self.lines: list[str] = []
        self.prefix = f"pym_{module.name}"
        self.object_count = 0

    def emit(self, *lines: str):
        for text in lines:
            self.lines.extend(text.split("\n"))

    def at_pym(self, line: int):
        self.emit(f"#line {line} {c_string(self.module.path)}")

    def at_generated(self):
        # The directive's own line is len+1; the line after it is len+2.
        self.emit(f"#line {len(self.lines) + 2} {c_string(self.c_path)}")

    def rom_object(self, value) -> str:
        """A ROM object expression for a literal, defining a static object when one is needed."""
        if value is None:
            return "MP_ROM_NONE"
        if value is True:
            return "MP_ROM_TRUE"
        if value is False:
            return "MP_ROM_FALSE"
        if isinstance(value, int):
            return f"MP_ROM_INT({value})"
        self.object_count += 1
        name = f"{self.prefix}_const{self.object_count}"
        if isinstance(value, float):
            self.emit(f"static const pym_float_obj_t {name} = {{{{&mp_type_float}}, {_c_float(value)}}};")
        elif isinstance(value, str):
            self.emit(f"static const MP_DEFINE_STR_OBJ({name}, {c_string(value)});")
        else:
            self.emit(f"static const MP_DEFINE_BYTES_OBJ({name}, {c_string(value)}, {len(value)});")
        return f"MP_ROM_PTR(&{name})"


def _helpers_needed(module: Module) -> list[str]:
    needed = set()
    values = [c.value for c in module.constants]
    for function in module.functions:
        for parameter in function.parameters:
            if parameter.type in ("str", "bytes"):
                needed.add(f"{parameter.type}_arg")
            if parameter.type == "object":
                values.append(parameter.default)
        if function.returns == "str":
            needed.add("return_str")
        if function.returns == "bytes":
            needed.update(("bytes_t", "return_bytes"))
        if function.returns == "object":
            needed.add("return_object")
    if any(isinstance(v, float) for v in values):
        needed.add("float_obj")
    return [name for name in _HELPERS if name in needed]


def _c_parameters(function: Function) -> str:
    parts = []
    for p in function.parameters:
        parts.append(f"{_C_PARAMETER[p.type]}{'' if p.type in ('str', 'bytes') else ' '}{p.name}")
        if p.type in ("str", "bytes"):
            parts.append(f"size_t {p.name}_len")
    return ", ".join(parts) or "void"


def _write_body(out: _Writer, function: Function):
    name = f"{out.prefix}_{function.name}"
    c_return = _C_RETURN[function.returns]
    unused = " ".join(f"(void){p.name};" + (f" (void){p.name}_len;" if p.type in ("str", "bytes") else "")
                      for p in function.parameters)
    out.at_pym(function.line)
    out.emit(f"static {c_return}{'' if c_return.endswith('*') else ' '}{name}({_c_parameters(function)}) {{"
             + (f" {unused}" if unused else ""))
    out.at_pym(function.body_line)
    out.emit(*function.body)
    out.emit("}")
    out.at_generated()


def _write_wrapper(out: _Writer, function: Function):
    impl = f"{out.prefix}_{function.name}"
    wrapper = f"{impl}_call"
    call_args = []
    # Objects for object defaults are file-level statics, defined before the wrapper.
    object_defaults = {p.name: out.rom_object(p.default) for p in function.parameters
                       if p.type == "object" and not p.required}
    if not function.parameters:
        out.emit(f"static mp_obj_t {wrapper}(void) {{")
    else:
        out.emit(f"static mp_obj_t {wrapper}(size_t n_args, const mp_obj_t *pos_args, mp_map_t *kw_args) {{",
                 "    static const mp_arg_t allowed[] = {")
        for p in function.parameters:
            flags = ["MP_ARG_REQUIRED"] if p.required else []
            if p.keyword_only:
                flags.append("MP_ARG_KW_ONLY")
            if p.type == "int":
                flags.append("MP_ARG_INT")
                default = f"{{.u_int = {0 if p.required else p.default}}}"
            elif p.type == "bool":
                flags.append("MP_ARG_BOOL")
                default = f"{{.u_bool = {'true' if (not p.required and p.default) else 'false'}}}"
            elif p.type == "object" and not p.required:
                flags.append("MP_ARG_OBJ")
                default = f"{{.u_rom_obj = {object_defaults[p.name]}}}"
            else:
                flags.append("MP_ARG_OBJ")
                default = "{.u_obj = MP_OBJ_NULL}"
            out.emit(f"        {{ MP_QSTR_{p.name}, {' | '.join(flags)}, {default} }},")
        out.emit("    };",
                 f"    mp_arg_val_t vals[{len(function.parameters)}];",
                 "    mp_arg_parse_all(n_args, pos_args, kw_args, MP_ARRAY_SIZE(allowed), allowed, vals);")
        for i, p in enumerate(function.parameters):
            value = f"vals[{i}]"
            if p.type == "int":
                call_args.append(f"{value}.u_int")
            elif p.type == "bool":
                call_args.append(f"{value}.u_bool")
            elif p.type == "object":
                call_args.append(f"{value}.u_obj")
            elif p.type == "float":
                converted = f"mp_obj_get_float({value}.u_obj)"
                if not p.required:
                    converted = f"{value}.u_obj == MP_OBJ_NULL ? {_c_float(p.default)} : {converted}"
                out.emit(f"    mp_float_t arg{i} = {converted};")
                call_args.append(f"arg{i}")
            else:
                absent = "NULL, 0" if p.required or p.default is None else f"{c_string(p.default)}, " \
                    f"{len(p.default.encode('utf-8') if isinstance(p.default, str) else p.default)}"
                if p.type == "bytes" and absent != "NULL, 0":
                    absent = f"(const uint8_t *){absent}"
                none_is_absent = "true" if not p.required and p.default is None else "false"
                c_type = "const char *" if p.type == "str" else "const uint8_t *"
                out.emit(f"    size_t arg{i}_len;",
                         f"    {c_type}arg{i} = pym_{p.type}_arg({value}.u_obj, {absent}, {none_is_absent}, "
                         f"&arg{i}_len);")
                call_args += [f"arg{i}", f"arg{i}_len"]
    call = f"{impl}({', '.join(call_args)})"
    result = {
        "int": f"mp_obj_new_int({call})",
        "float": f"mp_obj_new_float({call})",
        "bool": f"mp_obj_new_bool({call})",
        "str": f"pym_return_str({call})",
        "bytes": f"pym_return_bytes({call})",
        "object": f"pym_return_object({call})",
    }.get(function.returns)
    if result is None:
        out.emit(f"    {call};", "    return mp_const_none;")
    else:
        out.emit(f"    return {result};")
    out.emit("}")
    if function.parameters:
        out.emit(f"static MP_DEFINE_CONST_FUN_OBJ_KW({impl}_obj, 0, {wrapper});")
    else:
        out.emit(f"static MP_DEFINE_CONST_FUN_OBJ_0({impl}_obj, {wrapper});")
    out.emit("")


def generate_c(module: Module, c_path: str) -> str:
    """The C source of a parsed module; ``c_path`` is where it will be written (for ``#line``)."""
    out = _Writer(module, c_path)
    out.emit(
        f"// Generated from {module.path} by site_scons/mpbuild/pym.py: edit the .pym file, not this one.",
        f"// The MicroPython module `{module.name}`.",
        "#include <math.h>",
        "#include <stdbool.h>",
        "#include <stddef.h>",
        "#include <stdint.h>",
        "#include <string.h>",
        '#include "py/obj.h"',
        '#include "py/objstr.h"',
        '#include "py/runtime.h"',
        "",
    )
    for helper in _helpers_needed(module):
        out.emit(_HELPERS[helper], "")

    for item in module.items:
        if isinstance(item, CBlock):
            out.at_pym(item.line)
            out.emit(*item.lines)
            out.at_generated()
            out.emit("")
        elif isinstance(item, Function):
            _write_body(out, item)
            out.emit("")
            _write_wrapper(out, item)

    entries = [f"    {{ MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_{module.name}) }},"]
    if module.doc is not None:
        entries.append(f"    {{ MP_ROM_QSTR(MP_QSTR___doc__), {out.rom_object(module.doc)} }},")
    for item in module.items:
        if isinstance(item, Constant):
            entries.append(f"    {{ MP_ROM_QSTR(MP_QSTR_{item.name}), {out.rom_object(item.value)} }},")
        elif isinstance(item, Function):
            entries.append(f"    {{ MP_ROM_QSTR(MP_QSTR_{item.name}), MP_ROM_PTR(&{out.prefix}_{item.name}_obj) }},")
    out.emit("",
             f"static const mp_rom_map_elem_t {out.prefix}_globals_table[] = {{",
             *entries,
             "};",
             f"static MP_DEFINE_CONST_DICT({out.prefix}_globals, {out.prefix}_globals_table);",
             "",
             f"const mp_obj_module_t {out.prefix}_module = {{",
             "    .base = { &mp_type_module },",
             f"    .globals = (mp_obj_dict_t *)&{out.prefix}_globals,",
             "};",
             "",
             f"MP_REGISTER_MODULE(MP_QSTR_{module.name}, {out.prefix}_module);")
    return "\n".join(out.lines) + "\n"


def transpile(text: str, path: str, c_path: str) -> str:
    """.pym text -> C text; raises PymError."""
    return generate_c(parse(text, path), c_path)
