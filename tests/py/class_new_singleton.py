# __new__: singletons, instance caching, factories; builtin subclasses.


class Singleton:
    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
            cls._instance.created = 0
        cls._instance.created += 1
        return cls._instance


a = Singleton()
b = Singleton()
print(a is b, a.created, type(a).__name__)


class Interned:
    _cache = {}

    def __new__(cls, key):
        if key not in cls._cache:
            obj = object.__new__(cls)
            obj.key = key
            cls._cache[key] = obj
        return cls._cache[key]

    def __init__(self, key):
        self.inits = getattr(self, "inits", 0) + 1


x1 = Interned("x")
x2 = Interned("x")
y = Interned("y")
print(x1 is x2, x1 is y, x1.inits, y.inits, sorted(Interned._cache))


# Subclasses of immutable builtins (constructed via the inherited
# constructor: MicroPython can't chain __new__ to a native base with args).
class Point3(tuple):
    def norm1(self):
        return sum(abs(v) for v in self)


p = Point3((1, -2, 3))
print(p, len(p), p[1], p.norm1(), isinstance(p, tuple), p == (1, -2, 3))


class Loud(str):
    def shout(self):
        return self.upper() + "!"


u = Loud("shout")
print(u, len(u), u.shout(), u + "?", isinstance(u, str))


class Money(int):
    def cents(self):
        return self * 100


m = Money(5)
print(m, m + 1, m.cents(), isinstance(m, int))


# __new__ returning an instance of another class skips __init__
class Other:
    pass


class Factory:
    def __new__(cls, kind):
        if kind == "other":
            return Other()
        return super().__new__(cls)

    def __init__(self, kind):
        self.kind = kind


f1 = Factory("self")
f2 = Factory("other")
print(type(f1).__name__, f1.kind, type(f2).__name__, hasattr(f2, "kind"))


# counting constructions via __new__ and __init__ order
order = []


class Traced:
    def __new__(cls, *args):
        order.append("new%s" % (args,))
        return super().__new__(cls)

    def __init__(self, *args):
        order.append("init%s" % (args,))


Traced(1, 2)
Traced()
print(order)
