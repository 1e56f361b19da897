# classmethod, staticmethod, alternative constructors, class-level state.


class Date:
    created = 0

    def __init__(self, y, m, d):
        self.y, self.m, self.d = y, m, d
        Date.created += 1

    @classmethod
    def from_string(cls, s):
        y, m, d = (int(p) for p in s.split("-"))
        return cls(y, m, d)

    @classmethod
    def count(cls):
        return cls.created

    @staticmethod
    def is_leap(y):
        return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)

    @staticmethod
    def days_in_month(y, m):
        if m == 2:
            return 29 if Date.is_leap(y) else 28
        return 30 if m in (4, 6, 9, 11) else 31

    def __repr__(self):
        return "%s(%04d-%02d-%02d)" % (type(self).__name__, self.y, self.m, self.d)


d1 = Date(2024, 2, 29)
d2 = Date.from_string("1999-12-31")
print(d1, d2, Date.count(), d1.count())
print(Date.is_leap(2000), Date.is_leap(1900), d1.is_leap(2024), Date.days_in_month(2023, 2), Date.days_in_month(2024, 2))
print([Date.days_in_month(2021, m) for m in range(1, 13)])


class Special(Date):
    pass


s = Special.from_string("2020-01-02")
print(s, type(s).__name__, isinstance(s, Date), Special.count())


# classmethod sees the subclass; staticmethod gets no implicit args
class Base:
    registry = None

    @classmethod
    def create(cls, *args):
        obj = cls(*args)
        if cls.registry is None:
            cls.registry = []
        cls.registry.append(obj)
        return obj

    @staticmethod
    def helper(*args):
        return ("helper", args)


class A(Base):
    def __init__(self, v=0):
        self.v = v


class B(Base):
    def __init__(self, v=0):
        self.v = v


A.create(1)
A.create(2)
B.create(3)
print([o.v for o in A.registry], [o.v for o in B.registry], Base.registry)
print(A.helper(1, 2), A(5).helper(), Base.helper())


# calling through instances and classes
class Util:
    factor = 3

    @classmethod
    def scale(cls, v):
        return v * cls.factor

    @staticmethod
    def add(a, b):
        return a + b


u = Util()
print(Util.scale(2), u.scale(2), Util.add(1, 2), u.add(3, 4))
Util.factor = 10
print(u.scale(2))
fn = Util.scale
print(fn(7))
sfn = Util.add
print(sfn("x", "y"))


# a counter per class via classmethod
class Tracked:
    instances = 0

    def __init__(self):
        type(self).bump()

    @classmethod
    def bump(cls):
        cls.instances += 1


class TrackedChild(Tracked):
    instances = 0


Tracked()
Tracked()
TrackedChild()
print(Tracked.instances, TrackedChild.instances)

# staticmethod/classmethod objects wrapping plain functions
def plain(x):
    return x + 1


class Wrapped:
    inc = staticmethod(plain)
    ident = classmethod(lambda cls, v: (cls.__name__, v))


print(Wrapped.inc(1), Wrapped().inc(2), Wrapped.ident(3), Wrapped().ident(4))
