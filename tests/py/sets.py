# set and frozenset operations; results printed in sorted order.

a = {1, 2, 3, 4}
b = {3, 4, 5, 6}
print(sorted(a | b), sorted(a & b), sorted(a - b), sorted(b - a), sorted(a ^ b))
print(sorted(a.union([10])), sorted(a.union(b)), sorted(a.intersection([2, 3, 9])), sorted(a.difference([1])))
print(sorted(a.symmetric_difference([1, 7])))
print(a <= b, {3, 4} <= a, {3, 4} < a, a < a, a >= {1}, a > a)
print(a.issubset(range(10)), a.issuperset([1, 2]), a.isdisjoint({9, 10}), a.isdisjoint(b))
print(len(a), 3 in a, 9 in a, 9 not in a)
print(set() == set(), set() == {}, {1, 2} == {2, 1}, {1} != {1, 2})

s = set()
for ch in "mississippi":
    s.add(ch)
print(sorted(s), len(s))
s.discard("m")
s.discard("zzz")
s.remove("s")
print(sorted(s))
try:
    s.remove("zzz")
except KeyError:
    print("KeyError on remove")

s = {1, 2, 3}
s.update([3, 4], (5,))
print(sorted(s))
s.intersection_update({1, 2, 3, 4, 100})
print(sorted(s))
s.difference_update([1])
print(sorted(s))
s.symmetric_difference_update({4, 7})
print(sorted(s))
s |= {10}
s &= {2, 3, 10, 11}
s -= {3}
s ^= {2, 99}
print(sorted(s))
c = s.copy()
c.add(1000)
print(sorted(s), sorted(c))
n = len(c)
popped = c.pop()
print(len(c) == n - 1, popped not in c)
c.clear()
print(len(c), c == set())

fs = frozenset([1, 2, 2, 3])
print(sorted(fs), len(fs), 2 in fs, type(fs).__name__)
print(sorted(fs | {9}), sorted(fs & {1, 2}), type(fs | {9}).__name__)
d = {fs: "frozen key"}
print(d[frozenset([3, 2, 1])])
try:
    fs.add(4)
except AttributeError:
    print("frozenset has no add")

# sets of tuples / strings, dedup while preserving first-seen order
pts = {(0, 0), (1, 2), (0, 0), (1, 2), (3, 3)}
print(sorted(pts))
seen = set()
order = []
for w in "b a c a b d c".split():
    if w not in seen:
        seen.add(w)
        order.append(w)
print(order)

# unhashable elements
try:
    {[1, 2]}
except TypeError:
    print("TypeError unhashable list")

# set comprehension & iteration
evens = {x for x in range(20) if x % 2 == 0}
print(sorted(evens), sum(evens), min(evens), max(evens))
print(sorted(set("hello") - set("world")))
print(bool(set()), bool({0}))
