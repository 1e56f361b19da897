# Bound and unbound methods as first-class objects.


class Counter:
    def __init__(self, start=0):
        self.n = start

    def inc(self, by=1):
        self.n += by
        return self.n

    def __repr__(self):
        return "Counter(%d)" % self.n


c = Counter()
inc = c.inc
print(inc(), inc(5), c.n)
print(Counter.inc(c, 10), c)

# bound methods keep their instance alive and distinct
c2 = Counter(100)
methods = [c.inc, c2.inc]
print([m() for m in methods], c, c2)
print(c.inc == c.inc, c.inc == c2.inc)

# storing bound methods in containers / callbacks
events = []


class Button:
    def __init__(self):
        self.handlers = []

    def on_click(self, fn):
        self.handlers.append(fn)

    def click(self):
        return [h() for h in self.handlers]


class Logger:
    def __init__(self, name):
        self.name = name

    def log(self):
        events.append(self.name)
        return self.name


btn = Button()
btn.on_click(Logger("first").log)
btn.on_click(Logger("second").log)
print(btn.click(), events)

# methods of builtins
append = events.append
append("via bound append")
print(events[-1], list(map("-".join, [["a", "b"], ["c"]])), sorted(["b", "A"], key=str.lower))
up = str.upper
print(up("x"), list(map(str.strip, [" a ", "b "])))

# methods assigned to classes after creation
def describe(self):
    return "I am %r" % (self,)


Counter.describe = describe
print(c.describe(), Counter(7).describe())

# function stored as instance attribute is not bound
c.plain = lambda x: x * 2
print(c.plain(21))

# __self__ style introspection avoided; use getattr with method names
for name in ("inc", "describe"):
    print(name, getattr(c, name)())


# method resolution happens at call time
class Greeter:
    def hello(self):
        return "hello"


g = Greeter()
print(g.hello())
Greeter.hello = lambda self: "patched"
print(g.hello())

# calling methods via the class with explicit self, and super calls
class Base:
    def who(self):
        return "base"


class Derived(Base):
    def who(self):
        return "derived+" + Base.who(self)


print(Derived().who(), Base.who(Derived()))
