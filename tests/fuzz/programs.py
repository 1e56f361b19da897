"""Fuzz inputs for the interpreter: generated programs, mutated test programs, token soup, random bytes.

Everything is drawn from a `random.Random`, so a seed reproduces a run. The
generated programs are meant to finish quickly on a healthy interpreter: loop
bounds and exponents are small literals, and values only grow linearly inside
loops, so a hang is the interpreter's fault rather than the program's (the
runner still checks a time-out against CPython before calling it a hang).
"""

import pathlib
import string

TEST_PROGRAMS = pathlib.Path(__file__).resolve().parents[1] / "py"

NAMES = ["a", "b", "c", "d", "xs", "ys"]
MODULES = ["sys", "gc", "math", "cmath", "struct", "array", "collections", "io", "errno", "functools",
           "time", "micropython", "textutil", "stats", "builtins"]
EXCEPTIONS = ["Exception", "ValueError", "TypeError", "KeyError", "IndexError", "ZeroDivisionError",
              "OverflowError", "MemoryError", "RuntimeError", "AttributeError", "StopIteration", "NameError",
              "UnicodeError", "OSError", "AssertionError", "NotImplementedError", "ImportError"]
METHODS = ["append", "extend", "pop", "insert", "remove", "index", "count", "sort", "reverse", "copy", "clear",
           "split", "join", "strip", "lstrip", "rstrip", "replace", "find", "rfind", "startswith", "endswith",
           "upper", "lower", "format", "encode", "decode", "center", "partition", "rpartition", "splitlines",
           "keys", "values", "items", "get", "setdefault", "update", "popitem", "add", "discard", "union",
           "intersection", "difference", "isdigit", "isalpha", "isspace", "to_bytes", "from_bytes", "hex"]
BUILTINS = ["len", "abs", "min", "max", "sorted", "sum", "repr", "str", "int", "float", "bool", "list", "tuple",
            "dict", "set", "frozenset", "bytes", "bytearray", "memoryview", "hash", "divmod", "round", "chr", "ord",
            "hex", "oct", "bin", "iter", "next", "reversed", "enumerate", "zip", "map", "filter", "any", "all",
            "isinstance", "callable", "id", "type", "getattr", "hasattr", "range", "slice", "pow", "print"]
BINARY = ["+", "-", "*", "/", "//", "%", "&", "|", "^", "==", "!=", "<", "<=", ">", ">=", "in", "not in", "is",
          "and", "or"]
TOKENS = (["def", "class", "lambda", "return", "yield", "await", "async", "for", "while", "if", "elif", "else",
           "try", "except", "finally", "with", "as", "import", "from", "global", "nonlocal", "del", "pass",
           "break", "continue", "raise", "assert", "not", "in", "is", "None", "True", "False", "*", "**", "(",
           ")", "[", "]", "{", "}", ":", ",", ".", ";", "=", "==", "+=", "->", "@", "\n", "\n    ", "\\\n", "'",
           '"', '"""', "f'{", "}'", "b'", "0x", "1e", "_", "x", "print", "0", "1", "-", "~", "%", "#"]
          + list(string.punctuation))
# Parenthesised: an operator next to them must not make `2 ** 100 ** 21` (a number no machine can hold).
EXTREME_NUMBERS = ["0", "(-1)", "(1 << 64)", "(2 ** 100)", "(-(2 ** 63))", "1e308", "(-1e-308)", "float('nan')",
                   "float('inf')", "0x7fffffff", "0x3fffffff", "0x40000000", "(-0x40000000)", "(10 ** 30)", "255",
                   "65536", "0.1"]


class ProgramGenerator:
    """Random Python programs built from a small grammar of expressions and statements."""

    def __init__(self, rng):
        self.rng = rng
        self.functions = 0

    def choice(self, items):
        return self.rng.choice(items)

    def literal(self):
        r = self.rng
        kind = r.randrange(12)
        if kind == 0:
            return str(r.randint(-300, 300))
        if kind == 1:
            return self.choice(EXTREME_NUMBERS)
        if kind == 2:
            return repr(r.uniform(-1e6, 1e6))
        if kind == 3:
            alphabet = string.ascii_letters + string.digits + " \t\n{}%\\'\"é€😀\x00"
            return repr("".join(r.choice(alphabet) for _ in range(r.randint(0, 12))))
        if kind == 4:
            return repr(bytes(r.randrange(256) for _ in range(r.randint(0, 10))))
        if kind == 5:
            return self.choice(["None", "True", "False", "()", "[]", "{}", "set()", "...", "b''", "''"])
        if kind == 6:
            return "[" + ", ".join(self.expression(1) for _ in range(r.randint(0, 4))) + "]"
        if kind == 7:
            return "(" + "".join(self.expression(1) + ", " for _ in range(r.randint(0, 3))) + ")"
        if kind == 8:
            return "{" + ", ".join(f"{self.literal()}: {self.expression(1)}" for _ in range(r.randint(0, 3))) + "}"
        if kind == 9:
            return f"range({r.randint(-5, 40)}, {r.randint(-5, 40)}, {self.choice(['1', '2', '-1', '3'])})"
        if kind == 10:
            return f"{r.randint(0, 9)}j" if r.random() < 0.5 else f"bytearray({r.randint(0, 64)})"
        return self.choice(NAMES)

    def expression(self, depth=3):
        r = self.rng
        if depth <= 0:
            return self.literal()
        kind = r.randrange(16)
        sub = lambda: self.expression(depth - 1)  # noqa: E731
        if kind <= 2:
            return f"({sub()} {self.choice(BINARY)} {sub()})"
        if kind == 3:
            return f"({sub()} ** {r.randint(-3, 40)})"
        if kind == 4:
            return f"({sub()} {self.choice(['<<', '>>'])} {r.randint(0, 70)})"
        if kind == 5:
            return f"({self.choice(['-', '+', '~', 'not '])}{sub()})"
        if kind == 6:
            args = ", ".join(sub() for _ in range(r.randint(0, 3)))
            return f"{self.choice(BUILTINS)}({args})"
        if kind == 7:
            args = ", ".join(sub() for _ in range(r.randint(0, 2)))
            return f"{sub()}.{self.choice(METHODS)}({args})"
        if kind == 8:
            index = self.choice([sub(), f"{sub()}:{sub()}", f"::{r.choice(['-1', '2', '0', '-3'])}",
                                 str(r.randint(-10, 10))])
            return f"{sub()}[{index}]"
        if kind == 9:
            return f"[{sub()} for _i in range({r.randint(0, 30)}) if {sub()}]"
        if kind == 10:
            return f"(lambda *args, **kw: {sub()})({sub()})"
        if kind == 11:
            return f"({sub()} if {sub()} else {sub()})"
        if kind == 12:
            fmt = self.choice(["%d", "%s", "%r", "%x", "%5.2f", "%-4s", "%c", "%%", "%*d", "%(k)s"])
            return f"({self.choice(['%r' % fmt, repr(fmt * 2)])} % {sub()})"
        if kind == 13:
            spec = self.choice(["", ":>10", ":^5", ":x", ":.3f", ":,", "!r", ":08.3e", ":{}"])
            return f"'{{{spec}}}'.format({sub()})"
        if kind == 14:
            return f"{{{sub()}: {sub()} for _k in range({r.randint(0, 10)})}}"
        # Replacement fields without quotes: quoted strings inside f-strings hit an open bug that makes
        # compiling hang (tests/fuzz/regressions/known/), which would hide every other finding.
        fields = [sub() for _ in range(2)]
        fields = [field if "'" not in field and '"' not in field else self.choice(NAMES) for field in fields]
        return f"f'{{{fields[0]}!r}} and {{{fields[1]}}}'"

    def simple_statement(self):
        r = self.rng
        kind = r.randrange(10)
        if kind <= 2:
            return f"{self.choice(NAMES)} = {self.expression()}"
        if kind == 3:
            return f"print({self.expression()})"
        if kind == 4:
            # Linear growth only, so that loops cannot make huge numbers.
            return f"{self.choice(NAMES)} {self.choice(['+=', '-=', '|=', '&=', '^='])} {self.literal()}"
        if kind == 5:
            return f"xs = list({self.expression()})"
        if kind == 6:
            return f"del {self.choice(NAMES)}"
        if kind == 7:
            return f"assert {self.expression()}, {self.literal()}"
        if kind == 8:
            return f"raise {self.choice(EXCEPTIONS)}({self.literal()})"
        return f"import {self.choice(MODULES)}"

    def block(self, indent, depth):
        lines = []
        for _ in range(self.rng.randint(1, 3)):
            lines.extend(self.statement(indent, depth))
        return lines

    def statement(self, indent="", depth=2):
        r = self.rng
        pad = indent + "    "
        kind = r.randrange(12) if depth > 0 else 0
        if kind <= 4:
            return [indent + self.simple_statement()]
        if kind == 5:
            return ([f"{indent}for _n in range({r.randint(0, 25)}):"] + self.block(pad, depth - 1)
                    + ([f"{pad}if {self.expression(1)}: break"] if r.random() < 0.3 else []))
        if kind == 6:
            counter = f"_w{r.randrange(1000)}"
            return ([f"{indent}{counter} = 0", f"{indent}while {counter} < {r.randint(0, 20)}:",
                     f"{pad}{counter} += 1"] + self.block(pad, depth - 1))
        if kind == 7:
            return ([f"{indent}if {self.expression()}:"] + self.block(pad, depth - 1)
                    + [f"{indent}else:"] + self.block(pad, depth - 1))
        if kind == 8:
            handler = self.choice(EXCEPTIONS + ["BaseException"])
            return ([f"{indent}try:"] + self.block(pad, depth - 1)
                    + [f"{indent}except {handler} as _e:", f"{pad}print(type(_e).__name__)"]
                    + ([f"{indent}finally:", f"{pad}pass"] if r.random() < 0.4 else []))
        if kind == 9:
            self.functions += 1
            name = f"f{self.functions}"
            recursive = r.random() < 0.2
            body = [f"{pad}return {name}(*args)"] if recursive else self.block(pad, depth - 1) + [
                f"{pad}return {self.expression(2)}"]
            lines = [f"{indent}def {name}(a=1, *args, b={self.literal()}, **kw):"] + body
            if r.random() < 0.3:
                lines = [f"{indent}def {name}(*args):", f"{pad}yield {self.expression(1)}",
                         f"{pad}yield from range({r.randint(0, 5)})"]
                return lines + [f"{indent}print(list({name}()))"]
            return lines + [f"{indent}print({name}({self.expression(1)}))"]
        if kind == 10:
            self.functions += 1
            name = f"C{self.functions}"
            dunder = self.choice(["__add__", "__eq__", "__hash__", "__len__", "__iter__", "__getitem__",
                                  "__repr__", "__str__", "__bool__", "__call__", "__enter__", "__exit__",
                                  "__getattr__", "__contains__", "__lt__", "__index__", "__int__"])
            base = self.choice(["", "(Exception)", "(list)", "(dict)", "(object)", "(str)"])
            return [f"{indent}class {name}{base}:", f"{pad}x = {self.literal()}",
                    f"{pad}def {dunder}(self, *args):", f"{pad}    return {self.expression(1)}",
                    f"{indent}_obj = {name}()",
                    f"{indent}print({self.choice(['repr(_obj)', 'str(_obj)', 'len(_obj)', 'hash(_obj)', '_obj + 1', '_obj == 1', 'list(_obj)', '_obj[0]', '_obj()', 'bool(_obj)', '_obj.missing', '3 in _obj', '[1, 2][_obj]', 'int(_obj)', 'sorted([_obj, _obj])'])})"]
        manager = self.choice(["open('/no/such/file')", "memoryview(b'ab')", "C0()", "open(__file__, 'rb')"])
        return [f"{indent}with {manager} as _ctx:"] + self.block(pad, depth - 1)

    def program(self):
        self.functions = 0
        lines = ["class C0:", "    def __enter__(self): return self", "    def __exit__(self, *a): return False"]
        lines += [f"{name} = {self.literal()}" for name in NAMES]
        for _ in range(self.rng.randint(3, 12)):
            statement = self.statement()
            if self.rng.random() < 0.8:  # most statements guarded, so that the program goes on
                statement = (["try:"] + ["    " + line for line in statement]
                             + ["except Exception as _e:", "    print('!', type(_e).__name__)"])
            lines.extend(statement)
        return "\n".join(lines) + "\n"


def generated_program(rng):
    return ProgramGenerator(rng).program().encode()


def program_sources():
    return sorted(TEST_PROGRAMS.glob("*.py"))


def mutated_program(rng, sources):
    """A test program with one to three random mutations."""
    text = rng.choice(sources).read_text(encoding="utf-8")
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        kind = rng.randrange(8)
        at = rng.randrange(len(lines)) if lines else 0
        if kind == 0 and lines:
            del lines[at]
        elif kind == 1 and lines:
            lines.insert(at, lines[rng.randrange(len(lines))])
        elif kind == 2 and len(lines) > 1:
            other = rng.randrange(len(lines))
            lines[at], lines[other] = lines[other], lines[at]
        elif kind == 3 and lines:
            words = lines[at].split(" ")
            digits = [i for i, w in enumerate(words) if w.strip("(),[]:").lstrip("-").isdigit()]
            # Not on a line with a power: `2 ** (0x40000000) ** 2` is 2 ** 2 ** 60, parenthesised or not.
            if digits and "**" not in lines[at]:
                index = rng.choice(digits)
                words[index] = words[index].replace(words[index].strip("(),[]:"), f"({rng.choice(EXTREME_NUMBERS)})")
                lines[at] = " ".join(words)
        elif kind == 4 and lines:
            column = rng.randint(0, len(lines[at]))
            lines[at] = lines[at][:column] + rng.choice(TOKENS) + lines[at][column:]
        elif kind == 5 and lines:
            lines[at] = rng.choice(["", "    ", "\t", " "]) + lines[at].lstrip()
        elif kind == 6:
            lines = lines[:at]
        elif lines:
            lines[at] = lines[at].replace(rng.choice(["(", ")", ":", ",", "[", "]", "=", "."]), "", 1)
    data = "\n".join(lines).encode()
    if rng.random() < 0.15 and data:  # a flipped byte somewhere
        position = rng.randrange(len(data))
        data = data[:position] + bytes([data[position] ^ (1 << rng.randrange(8))]) + data[position + 1:]
    return data


def token_soup(rng):
    return "".join(rng.choice(TOKENS) + rng.choice(["", " "]) for _ in range(rng.randint(1, 60))).encode()


def random_bytes(rng):
    if rng.random() < 0.5:
        return bytes(rng.randrange(256) for _ in range(rng.randint(0, 300)))
    printable = string.printable.encode() + b"\x00\xff\xc3\xa9\xe2\x82"
    return bytes(rng.choice(printable) for _ in range(rng.randint(0, 300)))


KINDS = {
    "generated": generated_program,
    "mutated": None,  # needs the test programs: see inputs()
    "tokens": token_soup,
    "bytes": random_bytes,
}


def inputs(rng, counts):
    """(kind, source bytes) pairs: counts maps each kind of KINDS to how many."""
    sources = program_sources()
    made = []
    for kind, count in counts.items():
        for _ in range(count):
            made.append((kind, mutated_program(rng, sources) if kind == "mutated" else KINDS[kind](rng)))
    rng.shuffle(made)
    return made
