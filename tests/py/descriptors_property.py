# property (getter/setter/deleter) and user-defined descriptors.


class Temperature:
    def __init__(self, celsius):
        self._c = celsius

    @property
    def celsius(self):
        return self._c

    @celsius.setter
    def celsius(self, value):
        if value < -273:
            raise ValueError("too cold")
        self._c = value

    @celsius.deleter
    def celsius(self):
        print("deleting celsius")
        self._c = None

    @property
    def fahrenheit(self):
        return self._c * 9 // 5 + 32


t = Temperature(100)
print(t.celsius, t.fahrenheit)
t.celsius = 0
print(t.celsius, t.fahrenheit)
try:
    t.celsius = -300
except ValueError:
    print("rejected")
print(t.celsius)
try:
    t.fahrenheit = 5
except AttributeError:
    print("read-only property")
del t.celsius
print(t.celsius)


class Legacy:
    def __init__(self):
        self._v = 1

    def get_v(self):
        return self._v * 10

    def set_v(self, v):
        self._v = v

    v = property(get_v, set_v)


lg = Legacy()
print(lg.v)
lg.v = 7
print(lg.v, lg._v)


# Descriptor with __get__ / __set__ (data descriptor)
class Typed:
    def __init__(self, name, kind):
        self.name = name
        self.kind = kind

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return getattr(obj, "_" + self.name, "unset")

    def __set__(self, obj, value):
        if not isinstance(value, self.kind):
            raise TypeError("bad type")
        setattr(obj, "_" + self.name, value)


class Record:
    count = Typed("count", int)
    label = Typed("label", str)


r = Record()
print(r.count, r.label)
r.count = 5
r.label = "five"
print(r.count, r.label)
try:
    r.count = "x"
except TypeError:
    print("typed rejected")
print(r.count, isinstance(Record.count, Typed))


# Non-data descriptor (only __get__): computed per access
class Doubler:
    def __get__(self, obj, objtype=None):
        return obj.base * 2


class Holder:
    twice = Doubler()

    def __init__(self, base):
        self.base = base


h = Holder(21)
print(h.twice)
h.base = 5
print(h.twice)


# Properties are inherited and can be overridden
# (MicroPython's super() does not apply descriptors, so the base value is
# reached through a plain method)
class Base:
    def _name(self):
        return "base"

    @property
    def name(self):
        return self._name()


class Child(Base):
    @property
    def name(self):
        return "child/" + super()._name()


print(Base().name, Child().name)


# Cached computation via property + instance attribute
class Lazy:
    def __init__(self):
        self.computed = 0
        self._cache = None

    @property
    def value(self):
        if self._cache is None:
            self.computed += 1
            self._cache = sum(range(10))
        return self._cache


lz = Lazy()
print(lz.value, lz.value, lz.computed)
