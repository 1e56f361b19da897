# The iterator protocol: __iter__/__next__, iter(), next(), StopIteration.


def next_or(it, default):
    # next(it, default) needs MICROPY_PY_BUILTINS_NEXT2, which this build lacks
    try:
        return next(it)
    except StopIteration:
        return default


class Countdown:
    def __init__(self, start):
        self.start = start

    def __iter__(self):
        return CountdownIter(self.start)


class CountdownIter:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1


cd = Countdown(4)
print(list(cd), list(cd), sum(cd), max(cd), sorted(cd))
for v in Countdown(2):
    print("loop", v)

it = iter([10, 20, 30])
print(next(it), next(it), next(it), next_or(it, "done"))
try:
    next(it)
except StopIteration:
    print("StopIteration")

# an iterator is its own iterator and is consumed once
it = iter(range(5))
print(iter(it) is it, list(it), list(it))

# a sentinel-terminated reader as an iterator class
# (MicroPython has no two-argument iter(callable, sentinel))
class UntilZero:
    def __init__(self, data):
        self.data = data
        self.pos = 0

    def __iter__(self):
        return self

    def __next__(self):
        v = self.data[self.pos]
        self.pos += 1
        if v == 0:
            raise StopIteration
        return v


print(list(UntilZero([1, 2, 3, 0, 4, 5])))


# __getitem__-based iteration (old protocol)
class Squares:
    def __getitem__(self, i):
        if i >= 5:
            raise IndexError
        return i * i


print(list(Squares()), 9 in Squares())


# infinite iterator consumed partially
class Naturals:
    def __init__(self):
        self.i = 0

    def __iter__(self):
        return self

    def __next__(self):
        self.i += 1
        return self.i


nat = Naturals()
firsts = []
for n in nat:
    if n > 5:
        break
    firsts.append(n)
print(firsts, next(nat))

# zip/map/enumerate/filter return lazy iterators
z = zip("abc", Naturals())
print(next(z), list(z))
m = map(lambda x: x * 10, [1, 2, 3])
print(next(m), list(m), list(m))
e = enumerate("xy", 5)
print(list(e))
f = filter(None, [0, 1, "", "a", None, [], [0]])
print(list(f))
r = reversed([1, 2, 3])
print(next(r), list(r))

# iterating over different builtins
print(list(iter("ab")), list(iter((1, 2))), sorted(iter({3: 0, 1: 0})), list(iter(b"AB")))

# StopIteration value via generator return
def gen():
    yield 1
    return "retval"


g = gen()
next(g)
try:
    next(g)
except StopIteration as e:
    print("value", e.value)


# unpacking uses the iterator protocol
a, b, c = Countdown(3)
print(a, b, c)
print(*Countdown(3), sep="-")


# class with both __iter__ and __len__
class Bag:
    def __init__(self, *items):
        self.items = list(items)

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)


bag = Bag("x", "y", "z")
print(len(bag), list(bag), "y" in bag, list(enumerate(bag)), dict(zip(bag, range(3)))["z"])

# next() on a non-iterator
try:
    next([1, 2])
except TypeError:
    print("TypeError: list is not an iterator")
