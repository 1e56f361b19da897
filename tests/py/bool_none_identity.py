# bool, None, truthiness, identity and equality.

print(True, False, None, type(True).__name__, type(None).__name__)
print(True + 1, False * 5, True == 1, False == 0, True - True, -True)
print(int(True), str(False), bool(1), bool(0), bool(-1), bool(0.0), bool(0.1))
print(bool(""), bool(" "), bool([]), bool([0]), bool(()), bool({}), bool({0: 0}), bool(set()), bool(None))
print(not None, not 0, not "x", not [], not not [1])
print(True and "yes", False and "never", None or "fallback", 0 or "" or [], [] or {})
# (bool & | ^ bool gives int in MicroPython, so compare values, not reprs)
print(int(True & False), int(True | False), int(True ^ True), ~True, (True & True) == 1)
# (bool is not a subclass of int in MicroPython; see micropython_specific.py)
print(isinstance(True, bool), isinstance(1, bool), True + 0 == 1)

x = None
print(x is None, x is not None, x == None, None is None)
a = [1, 2]
b = a
c = [1, 2]
print(a is b, a is c, a == c, a is not c, id(a) == id(b))
b.append(3)
print(a, c)

# small constants compared with ==, never with is
print(1 == 1.0, (1, 2) == (1, 2), "ab" == "a" + "b", [1] == [1])

# None returned from functions and methods
def nothing():
    pass


def early(v):
    if v:
        return
    return 0


print(nothing(), early(1), early(0), [].append(1), {}.update({}), print is print)

# None in containers and comparisons
vals = [None, 0, False, "", [], "x"]
print([v for v in vals if v is not None], [v for v in vals if v], sum(1 for v in vals if v == 0))
print(vals.count(None), vals.index(False), None in vals, 0 in [False])
try:
    None < 1
except TypeError:
    print("TypeError comparing None")
try:
    None + 1
except TypeError:
    print("TypeError adding None")


# __bool__ and __len__ drive truthiness
class Flag:
    def __init__(self, v):
        self.v = v

    def __bool__(self):
        return self.v


class Sized:
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n


print(bool(Flag(True)), bool(Flag(False)), bool(Sized(0)), bool(Sized(3)), bool(object()))
print("truthy" if Sized(1) else "falsy", "truthy" if Flag(False) else "falsy")

# sorting and summing booleans
flags = [True, False, True, True]
print(sum(flags), sorted(flags), max(flags), flags.count(True), all(flags), any(flags))
print(True * "ab", False * "ab" == "", [0] * True)

# singletons
print(bool() is False, (None, None)[0] is None, bool(1) is True, (1 == 1) is True)
