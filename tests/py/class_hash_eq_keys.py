# Custom __eq__/__hash__ for dict keys and set members.


class Coord:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __eq__(self, other):
        return isinstance(other, Coord) and (self.x, self.y) == (other.x, other.y)

    def __hash__(self):
        return hash((self.x, self.y))

    def __repr__(self):
        return "C(%d,%d)" % (self.x, self.y)


grid = {Coord(0, 0): "origin", Coord(1, 2): "a"}
print(grid[Coord(0, 0)], grid.get(Coord(1, 2)), Coord(5, 5) in grid)
grid[Coord(0, 0)] = "replaced"
print(len(grid), grid[Coord(0, 0)])
s = {Coord(1, 1), Coord(1, 1), Coord(2, 2)}
print(len(s), Coord(2, 2) in s, sorted(s, key=lambda c: (c.x, c.y)))


class CaseInsensitive:
    def __init__(self, s):
        self.s = s

    def __eq__(self, other):
        return self.s.lower() == other.s.lower()

    def __hash__(self):
        return hash(self.s.lower())


names = {CaseInsensitive("Alice"), CaseInsensitive("ALICE"), CaseInsensitive("bob")}
print(len(names), CaseInsensitive("BOB") in names)


# default identity-based hashing/equality
class Plain:
    pass


p1, p2 = Plain(), Plain()
d = {p1: 1, p2: 2}
print(len(d), d[p1], d[p2], p1 == p2, p1 == p1, p1 != p2)

# hash consistency for builtins used as keys
print(hash(1) == hash(1.0), hash(True) == hash(1), {1: "a", 1.0: "b", True: "c"}[1])
print(hash("abc") == hash("ab" + "c"), hash((1, "a")) == hash((1, "a")), hash(frozenset([1, 2])) == hash(frozenset([2, 1])))
print(isinstance(hash("x"), int), isinstance(hash(3.5), int), hash(-1) == hash(-1))

for bad in ([1], {1: 2}, {1}, bytearray(b"x")):
    try:
        hash(bad)
    except TypeError:
        print("unhashable", type(bad).__name__)


# memo table keyed by tuples of custom objects
memo = {}


def path_cost(a, b):
    key = (a, b)
    if key not in memo:
        memo[key] = abs(a.x - b.x) + abs(a.y - b.y)
    return memo[key]


pts = [Coord(0, 0), Coord(3, 4), Coord(-1, 2)]
costs = [path_cost(u, v) for u in pts for v in pts]
print(costs, len(memo), memo[(Coord(3, 4), Coord(-1, 2))])

# counting with object keys
from collections import OrderedDict

counts = OrderedDict()
for c in [Coord(1, 1), Coord(2, 2), Coord(1, 1), Coord(3, 3), Coord(2, 2), Coord(1, 1)]:
    counts[c] = counts.get(c, 0) + 1
print(list(counts.items()))
