# eval() and exec() with explicit namespaces.

print(eval("2 + 3 * 4"), eval("'ab' * 2"), eval("[i * i for i in range(4)]"))
print(eval("x + y", {"x": 1, "y": 2}), eval("len(s)", {"s": "hello"}))
g = {"base": 10}
print(eval("base ** 2", g), eval("max(a, b)", {"a": 3, "b": 9}))

ns = {}
exec("def sq(v):\n    return v * v\nresult = sq(12)", ns)
print(ns["result"], ns["sq"](5))

code = """
total = 0
for i in range(10):
    if i % 2:
        total += i
class K:
    attr = 'class in exec'
"""
env = {}
exec(code, env)
print(env["total"], env["K"].attr)

# exec modifies the given globals dict
state = {"counter": 1}
for _ in range(3):
    exec("counter = counter * 2", state)
print(state["counter"])

# exec at module level affects module globals when no dict is passed
exec("made_by_exec = 'yes'")
print(made_by_exec)

# syntax errors are reported as SyntaxError
for src in ("1 +", "def f(:", "x = = 1"):
    try:
        exec(src, {})
    except SyntaxError:
        print("SyntaxError for", repr(src))

# runtime errors propagate from eval/exec
try:
    eval("1 / 0")
except ZeroDivisionError:
    print("ZeroDivisionError from eval")
try:
    exec("undefined_name_here", {})
except NameError:
    print("NameError from exec")

# a tiny calculator using eval with restricted namespace
def calc(expr):
    allowed = {"abs": abs, "min": min, "max": max}
    return eval(expr, allowed)


for e in ("1+2*3", "abs(-7) + max(1, 5)", "(2**10) // 3", "min(4, 2) - 10"):
    print(e, "=", calc(e))

# eval returns objects, not strings
obj = eval("{'k': [1, 2]}")
print(type(obj).__name__, obj["k"][1])
print(eval("(lambda n: n + 1)(41)"))
