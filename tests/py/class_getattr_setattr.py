# Dynamic attribute access: __getattr__, __setattr__, __delattr__,
# getattr/setattr/hasattr/delattr, and instance __dict__ (read only).


class Dynamic:
    def __init__(self):
        self.real = "real attribute"

    def __getattr__(self, name):
        # only called when normal lookup fails
        if name.startswith("auto_"):
            return "generated " + name[5:]
        raise AttributeError(name)


d = Dynamic()
print(d.real, d.auto_x, getattr(d, "auto_yz"), hasattr(d, "auto_q"), hasattr(d, "missing"))
try:
    d.missing
except AttributeError:
    print("AttributeError for missing")
print(getattr(d, "missing", "default"))


class Recorder:
    def __init__(self):
        object.__setattr__(self, "log", [])

    def __setattr__(self, name, value):
        self.log.append("set %s=%r" % (name, value))
        object.__setattr__(self, name, value)

    def __delattr__(self, name):
        self.log.append("del %s" % name)
        object.__delattr__(self, name)


r = Recorder()
r.a = 1
r.b = "two"
r.a += 10
del r.b
print(r.log, r.a, hasattr(r, "b"))


class Frozen:
    def __init__(self, **kw):
        for k, v in kw.items():
            object.__setattr__(self, k, v)

    def __setattr__(self, name, value):
        raise AttributeError("frozen")


fz = Frozen(x=1, y=2)
print(fz.x, fz.y)
try:
    fz.x = 5
except AttributeError:
    print("cannot modify frozen")


# attribute proxy
class Proxy:
    def __init__(self, target):
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_reads", 0)

    def __getattr__(self, name):
        object.__setattr__(self, "_reads", self._reads + 1)
        return getattr(self._target, name)


class Target:
    color = "red"

    def shout(self, s):
        return s.upper()


p = Proxy(Target())
print(p.color, p.shout("hi"), p._reads)

# setattr/getattr/delattr with computed names
class Bag:
    pass


b = Bag()
for i, name in enumerate(["alpha", "beta", "gamma"]):
    setattr(b, name, i * i)
print([getattr(b, n) for n in ("alpha", "beta", "gamma")], sorted(b.__dict__.items()))
delattr(b, "beta")
print(sorted(b.__dict__), hasattr(b, "beta"))

# class attributes vs instance attributes with setattr on the class
setattr(Bag, "shared", "class-level")
b2 = Bag()
print(b.shared, b2.shared, "shared" in b2.__dict__)
b2.shared = "instance-level"
print(b.shared, b2.shared, Bag.shared)

# getattr on builtins and modules
import math

print(getattr(math, "floor")(2.5), getattr("abc", "upper")(), getattr([], "nope", None))
