# Generator protocol: next, send, throw, close, return values, yield from.


def next_or(it, default):
    # next(it, default) needs MICROPY_PY_BUILTINS_NEXT2, which this build lacks
    try:
        return next(it)
    except StopIteration:
        return default


def echo():
    received = []
    try:
        while True:
            x = yield len(received)
            received.append(x)
    except GeneratorExit:
        print("closing with", received)
        raise


g = echo()
print(next(g))
print(g.send("a"))
print(g.send("b"))
g.close()
print("closed")


def accumulate():
    total = 0
    while True:
        v = yield total
        if v is None:
            return total
        total += v


g = accumulate()
next(g)
for v in (1, 2, 3, 4):
    print("running", g.send(v))
try:
    g.send(None)
except StopIteration as e:
    print("returned", e.value)


def catcher():
    while True:
        try:
            yield "ok"
        except ValueError as e:
            yield "caught %s" % (e.args[0],)


g = catcher()
print(next(g))
print(g.throw(ValueError("boom")))
print(next(g))
try:
    g.throw(KeyError("k"))
except KeyError as e:
    print("propagated", type(e).__name__)


def inner():
    x = yield 1
    y = yield x * 10
    return x + y


def outer():
    r = yield from inner()
    yield "inner returned %d" % r
    yield from range(3)


g = outer()
print(next(g))
print(g.send(4))
print(g.send(5))
print(list(g))


def gen_with_finally():
    try:
        yield 1
        yield 2
    finally:
        print("gen finally")


g = gen_with_finally()
for x in g:
    print("got", x)
    break
print("after break")
g.close()  # explicit: finalisation timing of dropped generators differs

g = gen_with_finally()
print(next(g))
g.close()
g.close()  # closing twice is fine


def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


f = fib()
print([next(f) for _ in range(12)])

# send before start must be None
g = accumulate()
try:
    g.send(5)
except TypeError:
    print("TypeError on non-None first send")

# exhausted generator
g = (i for i in range(2))
print(list(g), list(g))
try:
    next(g)
except StopIteration:
    print("exhausted")
print(next_or(g, "default"))


def delegating_throw():
    try:
        yield from catcher()
    finally:
        print("delegator finally")


g = delegating_throw()
print(next(g))
print(g.throw(ValueError("via yield from")))
g.close()
