# Function and class decorators, decorator factories, stacking.

calls = []


def trace(fn):
    def wrapper(*args, **kwargs):
        calls.append(fn.__name__)
        return fn(*args, **kwargs)

    return wrapper


@trace
def add(a, b):
    return a + b


@trace
def greet(name="x"):
    return "hi " + name


print(add(1, 2), greet(), greet(name="y"), calls)


def repeat(times):
    def deco(fn):
        def wrapper(*args):
            return [fn(*args) for _ in range(times)]

        return wrapper

    return deco


@repeat(3)
def roll(v):
    return v * 2


print(roll(4))


def bold(fn):
    return lambda: "<b>" + fn() + "</b>"


def italic(fn):
    return lambda: "<i>" + fn() + "</i>"


@bold
@italic
def text():
    return "txt"


print(text())


# memoization decorator (functions can't carry attributes in MicroPython,
# so the caches are kept in a module-level dict)
caches = {}


def memo(fn):
    cache = caches.setdefault(fn.__name__, {})

    def wrapper(n):
        if n not in cache:
            cache[n] = fn(n)
        return cache[n]

    return wrapper


@memo
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print(fib(80), len(caches["fib"]))

# registration decorator
registry = {}


def register(key):
    def deco(fn):
        registry[key] = fn
        return fn

    return deco


@register("square")
def sq(x):
    return x * x


@register("neg")
def neg(x):
    return -x


print(sorted((k, f(5)) for k, f in registry.items()), sq(3))


# class decorator
def add_method(cls):
    cls.extra = lambda self: "extra on " + type(self).__name__
    return cls


@add_method
class Thing:
    pass


print(Thing().extra())


# decorator implemented as a class
class CountCalls:
    def __init__(self, fn):
        self.fn = fn
        self.count = 0

    def __call__(self, *args):
        self.count += 1
        return self.fn(*args)


@CountCalls
def hello(who):
    return "hello " + who


hello("a")
hello("b")
print(hello("c"), hello.count)


# decorators on methods
def logged(method):
    def wrapper(self, *args):
        return "%s.%s%s -> %s" % (type(self).__name__, method.__name__, args, method(self, *args))

    return wrapper


class Calc:
    @logged
    def mul(self, a, b):
        return a * b


print(Calc().mul(6, 7))


# decorator that validates arguments
def positive(fn):
    def wrapper(x):
        if x < 0:
            raise ValueError("negative")
        return fn(x)

    return wrapper


@positive
def root(x):
    r = 0
    while (r + 1) * (r + 1) <= x:
        r += 1
    return r


print(root(17), root(100))
try:
    root(-1)
except ValueError as e:
    print("rejected", e.args)
