# async/await driven by hand with .send() (no event loop module).
# Custom awaitables define both __await__ (used by CPython) and __iter__
# (used by MicroPython) returning the same generator.


class Sleep:
    def __init__(self, ticks):
        self.ticks = ticks

    def __await__(self):
        for t in range(self.ticks):
            yield ("sleep", t)
        return "slept %d" % self.ticks

    __iter__ = __await__


async def worker(name, n):
    log = []
    for i in range(n):
        r = await Sleep(i)
        log.append(r)
    return "%s done: %s" % (name, log)


def run(coro):
    """Drive a coroutine to completion, counting how often it suspended."""
    steps = 0
    while True:
        try:
            coro.send(None)
        except StopIteration as e:
            return steps, e.value
        steps += 1


print(run(worker("w1", 3)))


async def add(a, b):
    return a + b


async def compute():
    x = await add(1, 2)
    y = await add(x, 10)
    z = await Sleep(2)
    return x, y, z


print(run(compute()))


# A tiny round-robin scheduler.
def scheduler(coros):
    ready = list(coros)
    results = {}
    trace = []
    while ready:
        name, coro = ready.pop(0)
        try:
            signal = coro.send(None)
            trace.append((name, signal[1]))
            ready.append((name, coro))
        except StopIteration as e:
            results[name] = e.value
    return trace, sorted(results.items())


async def task(label, count):
    total = 0
    for i in range(count):
        await Sleep(1)
        total += i
    return "%s=%d" % (label, total)


trace, results = scheduler([("a", task("a", 3)), ("b", task("b", 1)), ("c", task("c", 2))])
print(trace)
print(results)


# Values flow into the awaitable via send().
class Receive:
    def __await__(self):
        v = yield "need value"
        return v

    __iter__ = __await__


async def consumer():
    got = []
    for _ in range(3):
        got.append(await Receive())
    return got


c = consumer()
print(c.send(None))
print(c.send("first"))
print(c.send("second"))
try:
    c.send("third")
except StopIteration as e:
    print("consumer returned", e.value)


# Exceptions thrown into a suspended coroutine.
async def guarded():
    try:
        await Sleep(5)
    except ValueError as e:
        return "handled " + e.args[0]


g = guarded()
g.send(None)
try:
    g.throw(ValueError("cancel"))
except StopIteration as e:
    print(e.value)


# async with / async for
class AsyncCM:
    def __init__(self, log):
        self.log = log

    async def __aenter__(self):
        self.log.append("enter")
        await Sleep(1)
        return self

    async def __aexit__(self, exc_type, exc, tb):
        self.log.append("exit %s" % (exc_type.__name__ if exc_type else None))
        return False


class AsyncRange:
    def __init__(self, n):
        self.n = n
        self.i = 0

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.i >= self.n:
            raise StopAsyncIteration
        await Sleep(1)
        self.i += 1
        return self.i * 10


async def uses_async_syntax():
    log = []
    async with AsyncCM(log) as cm:
        log.append("body %s" % (cm is not None))
    vals = []
    async for v in AsyncRange(3):
        vals.append(v)
    try:
        async with AsyncCM(log):
            raise KeyError("inside")
    except KeyError:
        log.append("caught")
    return log, vals


print(run(uses_async_syntax()))

# close() on a suspended coroutine
async def closable():
    try:
        await Sleep(3)
    finally:
        print("closable cleanup")


cc = closable()
cc.send(None)
cc.close()
print("closed")
