# collections: namedtuple, deque (with explicit maxlen), OrderedDict.
from collections import namedtuple, deque, OrderedDict

Point = namedtuple("Point", ["x", "y"])
p = Point(1, 2)
q = Point(x=3, y=4)
r = Point(5, y=6)
print(p, q, r)
print(p.x, p.y, p[0], p[-1], len(p), tuple(p), list(q))
print(p == (1, 2), p == Point(1, 2), p < q, isinstance(p, tuple))
x, y = q
print(x + y, sum(r), max(r))
print(sorted(zip(("x", "y"), p)))
try:
    p.x = 10
except AttributeError:
    print("namedtuple is immutable")

Person = namedtuple("Person", "name age city")
people = [Person("ann", 31, "oslo"), Person("bob", 25, "rome"), Person("cy", 40, "oslo")]
print([pp.name for pp in sorted(people, key=lambda pp: pp.age)])
print(Person("z", 1, "c"), type(people[0]).__name__)
print({pp.city for pp in people} == {"oslo", "rome"})
try:
    Person("too", "few")
except TypeError:
    print("TypeError wrong arg count")

# deque: maxlen is passed positionally (required by MicroPython)
d = deque([], 5)
for i in range(3):
    d.append(i)
d.appendleft(-1)
print(list(d), len(d), bool(d))
print(d.pop(), d.popleft(), list(d))
d.extend([10, 11, 12, 13])
print(list(d), len(d))  # oldest items dropped once maxlen is reached
print(d.popleft(), d.popleft(), list(d))
while d:
    d.pop()
print(len(d), bool(d))
try:
    d.pop()
except IndexError:
    print("IndexError pop from empty deque")
try:
    d.popleft()
except IndexError:
    print("IndexError popleft from empty deque")

fresh = deque((1, 2, 3), 10)
print(fresh[0], fresh[1], fresh[-1], list(fresh), [v * 2 for v in fresh])
fresh[1] = 20
print(list(fresh))

# a sliding window using deque with maxlen
window = deque([], 3)
avgs = []
for v in [1, 2, 3, 4, 5, 6]:
    window.append(v)
    avgs.append(sum(window) // len(window))
print(avgs)

# breadth-first search with a deque as queue
graph = {"a": ["b", "c"], "b": ["d"], "c": ["d", "e"], "d": ["f"], "e": ["f"], "f": []}
queue = deque(["a"], 10)
seen = ["a"]
while queue:
    node = queue.popleft()
    for nxt in graph[node]:
        if nxt not in seen:
            seen.append(nxt)
            queue.append(nxt)
print(seen)

# OrderedDict keeps insertion order
od = OrderedDict()
od["z"] = 1
od["a"] = 2
od["m"] = 3
print(list(od), list(od.keys()), list(od.values()), list(od.items()))
od["a"] = 20
del od["z"]
od["z"] = 9
print(list(od.items()))
od2 = OrderedDict([("q", 1), ("b", 2), ("x", 3)])
print(list(od2), od2["b"], "x" in od2, len(od2))
print(od2.pop("b"), list(od2), od2.get("nope", "dflt"))
od2.update([("c", 4)])
print(list(od2.items()))
print(isinstance(od2, dict), dict(od2) == {"q": 1, "x": 3, "c": 4})
print(od2.popitem(), list(od2))
od2.setdefault("s", 5)
print(list(od2.items()))
