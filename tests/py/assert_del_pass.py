# assert, del, pass, and other simple statements.

assert True
assert 1 + 1 == 2, "math works"
try:
    assert False
except AssertionError as e:
    print("AssertionError", e.args)
try:
    assert 1 > 2, "custom message"
except AssertionError as e:
    print("AssertionError", e.args)
try:
    assert [], ("tuple", "msg")
except AssertionError as e:
    print("AssertionError", e.args)


def check(x):
    assert isinstance(x, int), "need int"
    return x * 2


print(check(4))
try:
    check("s")
except AssertionError as e:
    print("rejected", e.args[0])

# del of names
a = 1
b = 2
del a
try:
    print(a)
except NameError:
    print("a deleted")
del b,
c, d = 3, 4
del c, d
print("c" in dir(), "d" in dir())

# del of list items and slices, dict keys, attributes
L = [0, 1, 2, 3, 4]
del L[1]
del L[-1]
print(L)
D = {"x": 1, "y": 2}
del D["x"]
print(D)
try:
    del D["missing"]
except KeyError:
    print("KeyError on del")


class Obj:
    pass


o = Obj()
o.attr = 5
del o.attr
print(hasattr(o, "attr"))
try:
    del o.attr
except AttributeError:
    print("AttributeError on del")


# del inside a function of a local
def f():
    x = 10
    del x
    try:
        return x
    except NameError:
        return "local deleted"


print(f())


# pass in various places
def noop():
    pass


class Empty:
    pass


for _ in range(3):
    pass
if True:
    pass
else:
    pass
try:
    pass
except Exception:
    pass
print(noop(), type(Empty()).__name__)

# ellipsis as a placeholder
def todo():
    ...


print(todo(), ... is Ellipsis, Ellipsis)

# chained assignment and augmented assignment
x = y = z = []
x.append(1)
print(x is y is z, z)
n = 5
n += 2
n -= 1
n *= 3
n //= 4
n **= 2
n %= 7
n <<= 3
n >>= 1
n |= 1
n &= 0xFF
n ^= 0b101
print(n)
s = "ab"
s += "cd"
s *= 2
print(s)

# semicolons and multiple statements on a line
p = 1; q = 2; r = p + q
print(p, q, r)
if r == 3: print("one-line if")
while r: r -= 1
print(r)

# conditional expression and boolean short-circuit side effects
log = []


def t(v):
    log.append(v)
    return v


print(t(0) and t(1), t(2) or t(3), t(None) or t("") or t("last"), log)
print("yes" if [] else "no", "yes" if [0] else "no")
