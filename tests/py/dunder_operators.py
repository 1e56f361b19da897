# Operator overloading with special methods.


class Vec:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __repr__(self):
        return "Vec(%r, %r)" % (self.x, self.y)

    def __add__(self, other):
        return Vec(self.x + other.x, self.y + other.y)

    def __sub__(self, other):
        return Vec(self.x - other.x, self.y - other.y)

    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)

    def __rmul__(self, k):
        return Vec(self.x * k, self.y * k)

    def __truediv__(self, k):
        return Vec(self.x / k, self.y / k)

    def __floordiv__(self, k):
        return Vec(self.x // k, self.y // k)

    def __mod__(self, k):
        return Vec(self.x % k, self.y % k)

    def __neg__(self):
        return Vec(-self.x, -self.y)

    def __pos__(self):
        return self

    def __abs__(self):
        return self.x * self.x + self.y * self.y

    def __eq__(self, other):
        return isinstance(other, Vec) and self.x == other.x and self.y == other.y

    def __hash__(self):
        return hash((self.x, self.y))

    def __lt__(self, other):
        return abs(self) < abs(other)

    def __le__(self, other):
        return abs(self) <= abs(other)

    def __gt__(self, other):
        return abs(self) > abs(other)

    def __ge__(self, other):
        return abs(self) >= abs(other)

    def __bool__(self):
        return bool(self.x or self.y)

    def __len__(self):
        return 2

    def __getitem__(self, i):
        return (self.x, self.y)[i]

    def __iter__(self):
        yield self.x
        yield self.y

    def __contains__(self, v):
        return v == self.x or v == self.y

    def __call__(self, scale):
        return Vec(self.x * scale, self.y * scale)


a = Vec(1, 2)
b = Vec(3, 4)
print(a + b, a - b, a * 3, 3 * a, -a, +a)
print(b / 2, b // 2, b % 2, abs(b))
print(a == Vec(1, 2), a != Vec(1, 2), a == b, a != b, a == "x")
print(a < b, a <= b, a > b, a >= b, max(a, b), min(a, b))
print(sorted([b, a, Vec(0, 1)]))
print(bool(a), bool(Vec(0, 0)), len(a), a[0], a[-1], list(a), 2 in a, 5 in a)
print(a(10))
x, y = b
print(x, y)
print(len({Vec(1, 2), Vec(1, 2), Vec(2, 1)}))
print("yes" if Vec(0, 0) else "no")


class Acc:
    def __init__(self):
        self.items = []

    def __iadd__(self, v):
        self.items.append(v)
        return self

    def __isub__(self, v):
        self.items.remove(v)
        return self


acc = Acc()
ref = acc
acc += 1
acc += 2
acc += 3
acc -= 2
print(acc.items, acc is ref)


class Bits:
    def __init__(self, v):
        self.v = v

    def __and__(self, o):
        return Bits(self.v & o.v)

    def __or__(self, o):
        return Bits(self.v | o.v)

    def __xor__(self, o):
        return Bits(self.v ^ o.v)

    def __lshift__(self, n):
        return Bits(self.v << n)

    def __rshift__(self, n):
        return Bits(self.v >> n)

    def __invert__(self):
        return Bits(~self.v)

    def __pow__(self, n):
        return Bits(self.v ** n)

    def __repr__(self):
        return "Bits(%s)" % bin(self.v)


p, q = Bits(0b1100), Bits(0b1010)
print(p & q, p | q, p ^ q, p << 2, p >> 2, ~p, q ** 2)


class Grid:
    def __init__(self):
        self.cells = {}

    def __setitem__(self, key, value):
        self.cells[key] = value

    def __getitem__(self, key):
        return self.cells.get(key, ".")

    def __delitem__(self, key):
        del self.cells[key]


g = Grid()
g[0, 0] = "a"
g[1, 2] = "b"
print(g[0, 0], g[1, 2], g[5, 5])
del g[0, 0]
print(g[0, 0], sorted(g.cells))


class Str:
    def __str__(self):
        return "as-str"

    def __repr__(self):
        return "as-repr"


s = Str()
print(s, str(s), repr(s), [s], (s,), "%s %r" % (s, s))


class Unsupported:
    pass


try:
    Unsupported() + 1
except TypeError:
    print("TypeError for +")
try:
    Unsupported() < Unsupported()
except TypeError:
    print("TypeError for <")
try:
    len(Unsupported())
except TypeError:
    print("TypeError for len")


class Num:
    def __init__(self, v):
        self.v = v

    def __add__(self, other):
        if isinstance(other, Num):
            return Num(self.v + other.v)
        if isinstance(other, int):
            return Num(self.v + other)
        return NotImplemented

    def __radd__(self, other):
        return Num(other * 100 + self.v)

    def __repr__(self):
        return "Num(%d)" % self.v


print(Num(1) + Num(2), Num(1) + 5, 5 + Num(1))
print(sum([Num(1), Num(2)], Num(0)))
