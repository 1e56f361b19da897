# Exceptions raised inside generators, propagation, and cleanup.


def next_or(it, default):
    # next(it, default) needs MICROPY_PY_BUILTINS_NEXT2, which this build lacks
    try:
        return next(it)
    except StopIteration:
        return default


def gen_raises():
    yield 1
    raise ValueError("inside generator")


g = gen_raises()
print(next(g))
try:
    next(g)
except ValueError as e:
    print("caught", e.args)
try:
    next(g)
except StopIteration:
    print("generator is finished after raising")


def gen_catches():
    for i in range(3):
        try:
            yield i
        except KeyError:
            yield "recovered at %d" % i


g = gen_catches()
print(next(g), g.throw(KeyError), next(g), next(g), list(g))


def gen_finally(log):
    try:
        for i in range(10):
            yield i
    finally:
        log.append("cleanup")


log = []
g = gen_finally(log)
print([next(g) for _ in range(3)], log)
g.close()
print(log)

log = []
print(list(gen_finally(log)), log)


# exception in a generator expression propagates to the consumer
def risky(v):
    if v == 3:
        raise ZeroDivisionError
    return 10 // (v + 1)


try:
    print(list(risky(v) for v in range(5)))
except ZeroDivisionError:
    print("ZeroDivisionError from genexp")


# StopIteration raised inside a generator becomes RuntimeError (PEP 479)
def leaky():
    yield 1
    raise StopIteration


try:
    print(list(leaky()))
except RuntimeError:
    print("RuntimeError for StopIteration inside generator")


# a generator that ignores GeneratorExit is an error
def stubborn():
    try:
        yield 1
    except GeneratorExit:
        yield 2


g = stubborn()
next(g)
try:
    g.close()
except RuntimeError:
    print("RuntimeError: generator ignored GeneratorExit")


# yield from propagates exceptions from the subgenerator
def sub():
    yield "sub1"
    raise IndexError("sub failed")


def delegator():
    try:
        yield from sub()
    except IndexError as e:
        yield "delegator handled %s" % e.args[0]
    yield "after"


print(list(delegator()))


# throw() into a not-yet-started generator raises immediately
def never_started():
    yield "x"


g = never_started()
try:
    g.throw(TypeError("early"))
except TypeError as e:
    print("thrown early", e.args)
print(next_or(g, "exhausted"))


# exceptions cross multiple generator layers
def layer1():
    yield 1
    1 / 0


def layer2():
    yield from layer1()


def layer3():
    yield from layer2()


out = []
try:
    for v in layer3():
        out.append(v)
except ZeroDivisionError:
    out.append("zde")
print(out)
