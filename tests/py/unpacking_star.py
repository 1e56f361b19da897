# Tuple/list unpacking, starred assignment and starred call arguments.

a, b = 1, 2
a, b = b, a
print(a, b)
(x, y), z = (1, 2), 3
print(x, y, z)
first, *rest = [1, 2, 3, 4]
print(first, rest)
*init, last = "abcd"
print(init, last)
head, *mid, tail = range(6)
print(head, mid, tail)
p, *q = [9]
print(p, q)
[m, n] = "xy"
print(m, n)
for i, (k, v) in enumerate([("a", 1), ("b", 2)]):
    print(i, k, v)
for first, *others in [(1, 2, 3), (4,), (5, 6)]:
    print(first, others)

try:
    a, b = [1, 2, 3]
except ValueError:
    print("too many values")
try:
    a, b, c = [1, 2]
except ValueError:
    print("not enough values")


def f(*args, **kwargs):
    return args, sorted(kwargs.items())


print(f(*[1, 2], 3, *(4,)))
print(f(**{"a": 1}, b=2))
print(f(*"hi", **dict(z=0)))
# (starred items inside list/tuple/set/dict displays, PEP 448, are not
# supported by MicroPython, so only call-site unpacking is used here)
print(list(range(3)) + list("ab") + [9], tuple([1, 2]) + (3,))
merged = dict({"a": 1, "b": 2})
merged.update({"b": 20}, **{"c": 3})
print(sorted(merged.items()))

args = (3, 10, 2)
print(list(range(*args)))
print(max(*[4, 9, 2]))


def g(a, b, c=0, *d, e, f=6, **kw):
    return (a, b, c, d, e, f, sorted(kw.items()))


print(g(1, 2, e=5))
print(g(1, 2, 3, 4, 5, e=7, f=8, h=9))
print(g(*[1, 2, 3, 4], **{"e": 0, "z": 1}))

# nested unpacking in comprehensions and swapping through lists
pairs = [(1, "one"), (2, "two")]
print([name for _, name in pairs])
lst = [1, 2, 3]
lst[0], lst[2] = lst[2], lst[0]
print(lst)
i = 0
arr = [10, 20]
i, arr[i] = 1, 99
print(i, arr)
