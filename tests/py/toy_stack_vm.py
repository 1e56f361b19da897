# A tiny tokenizer, parser and stack-based virtual machine.


def tokenize(src):
    toks = []
    i = 0
    while i < len(src):
        ch = src[i]
        if ch.isspace():
            i += 1
        elif ch.isdigit():
            j = i
            while j < len(src) and src[j].isdigit():
                j += 1
            toks.append(("num", int(src[i:j])))
            i = j
        elif ch.isalpha() or ch == "_":
            j = i
            while j < len(src) and (src[j].isalpha() or src[j].isdigit() or src[j] == "_"):
                j += 1
            toks.append(("name", src[i:j]))
            i = j
        elif src[i:i + 2] in ("==", "<=", ">=", "!="):
            toks.append(("op", src[i:i + 2]))
            i += 2
        elif ch in "+-*/%()<>=;{}":
            toks.append(("op", ch))
            i += 1
        else:
            raise SyntaxError("bad char %r" % ch)
    toks.append(("eof", None))
    return toks


class Parser:
    PREC = {"==": 1, "!=": 1, "<": 2, ">": 2, "<=": 2, ">=": 2, "+": 3, "-": 3, "*": 4, "/": 4, "%": 4}

    def __init__(self, toks):
        self.toks = toks
        self.pos = 0
        self.code = []

    def peek(self):
        return self.toks[self.pos]

    def take(self, value=None):
        tok = self.toks[self.pos]
        if value is not None and tok[1] != value:
            raise SyntaxError("expected %s got %s" % (value, tok[1]))
        self.pos += 1
        return tok

    def emit(self, *ins):
        self.code.append(ins)
        return len(self.code) - 1

    def program(self):
        while self.peek()[0] != "eof":
            self.statement()
        self.emit("halt")
        return self.code

    def block(self):
        self.take("{")
        while self.peek()[1] != "}":
            self.statement()
        self.take("}")

    def statement(self):
        kind, val = self.peek()
        if kind == "name" and val == "while":
            self.take()
            start = len(self.code)
            self.expr(0)
            jmp = self.emit("jz", None)
            self.block()
            self.emit("jmp", start)
            self.code[jmp] = ("jz", len(self.code))
        elif kind == "name" and val == "print":
            self.take()
            self.expr(0)
            self.emit("print")
            self.take(";")
        else:
            name = self.take()[1]
            self.take("=")
            self.expr(0)
            self.emit("store", name)
            self.take(";")

    def atom(self):
        kind, val = self.take()
        if kind == "num":
            self.emit("push", val)
        elif kind == "name":
            self.emit("load", val)
        elif val == "(":
            self.expr(0)
            self.take(")")
        elif val == "-":
            self.atom()
            self.emit("neg")
        else:
            raise SyntaxError("unexpected %r" % (val,))

    def expr(self, min_prec):
        self.atom()
        while True:
            kind, op = self.peek()
            if kind != "op" or op not in self.PREC or self.PREC[op] < min_prec:
                return
            self.take()
            self.expr(self.PREC[op] + 1)
            self.emit("bin", op)


OPS = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
    "/": lambda a, b: a // b, "%": lambda a, b: a % b, "<": lambda a, b: int(a < b),
    ">": lambda a, b: int(a > b), "<=": lambda a, b: int(a <= b), ">=": lambda a, b: int(a >= b),
    "==": lambda a, b: int(a == b), "!=": lambda a, b: int(a != b),
}


def run(code, limit=100000):
    stack, env, out, pc, steps = [], {}, [], 0, 0
    while True:
        steps += 1
        if steps > limit:
            raise RuntimeError("step limit")
        ins = code[pc]
        op = ins[0]
        pc += 1
        if op == "push":
            stack.append(ins[1])
        elif op == "load":
            stack.append(env[ins[1]])
        elif op == "store":
            env[ins[1]] = stack.pop()
        elif op == "bin":
            b = stack.pop()
            a = stack.pop()
            stack.append(OPS[ins[1]](a, b))
        elif op == "neg":
            stack.append(-stack.pop())
        elif op == "print":
            out.append(stack.pop())
        elif op == "jz":
            if not stack.pop():
                pc = ins[1]
        elif op == "jmp":
            pc = ins[1]
        elif op == "halt":
            return out, sorted(env.items()), steps


SRC = """
n = 10; a = 0; b = 1; i = 0;
while i < n { print a; t = a + b; a = b; b = t; i = i + 1; }
x = 2 * (3 + 4) - -5 % 3; print x;
f = 1; k = 1; while k <= 25 { f = f * k; k = k + 1; } print f;
print 7 / 2 == 3; print 1 + 2 * 3 - 4 / 2;
"""
code = Parser(tokenize(SRC)).program()
print(len(code), code[:6])
out, env, steps = run(code)
print(out)
print(env, steps)
for bad in ("x = ;", "print 1 +;", "y = 3 $ 4;"):
    try:
        run(Parser(tokenize(bad)).program())
    except SyntaxError as e:
        print("SyntaxError:", e.args[0])
