# Generator functions and expressions composed into lazy pipelines.


def next_or(it, default):
    # next(it, default) needs MICROPY_PY_BUILTINS_NEXT2, which this build lacks
    try:
        return next(it)
    except StopIteration:
        return default


def read_lines(text):
    for line in text.split("\n"):
        yield line


def strip_comments(lines):
    for line in lines:
        code = line.split("#", 1)[0].rstrip()
        if code:
            yield code


def tokens(lines):
    for line in lines:
        yield from line.split()


source = """
x = 1   # first
# full comment line
y = x + 2
print ( y )
"""
print(list(tokens(strip_comments(read_lines(source)))))


def count(start=0, step=1):
    n = start
    while True:
        yield n
        n += step


def take(n, it):
    out = []
    for v in it:
        if len(out) >= n:
            break
        out.append(v)
    return out


def take_while(pred, it):
    for v in it:
        if not pred(v):
            return
        yield v


evens = (n for n in count() if n % 2 == 0)
print(take(6, evens), take(3, evens))
print(list(take_while(lambda v: v < 20, count(1, 3))))


def chunked(it, size):
    chunk = []
    for v in it:
        chunk.append(v)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


print(list(chunked(range(10), 4)), list(chunked([], 3)))


def pairwise(it):
    it = iter(it)
    prev = next_or(it, None)
    for cur in it:
        yield prev, cur
        prev = cur


print(list(pairwise("abcd")), list(pairwise([1])))


def interleave(*iters):
    iters = [iter(i) for i in iters]
    while iters:
        alive = []
        for it in iters:
            try:
                yield next(it)
                alive.append(it)
            except StopIteration:
                pass
        iters = alive


print(list(interleave("abc", [1, 2], "XYZW")))


def flatten(nested):
    for item in nested:
        if isinstance(item, (list, tuple)):
            yield from flatten(item)
        else:
            yield item


print(list(flatten([1, [2, (3, [4])], [], 5])))


# generator state is independent per call
def squares(n):
    for i in range(n):
        yield i * i


g1, g2 = squares(4), squares(4)
print(next(g1), next(g1), next(g2), list(g1), list(g2))

# running aggregates
def running_avg(values):
    total = 0
    for i, v in enumerate(values, 1):
        total += v
        yield total / i


print(list(running_avg([2, 4, 6, 8])))

# generator expressions as function arguments
print(sum(x * x for x in range(5)), max(len(w) for w in ["a", "abc", "ab"]), "".join(c.upper() for c in "gen"))
print(sorted((v % 3, v) for v in range(6)), dict((k, k * 2) for k in "ab") == {"a": "aa", "b": "bb"})

# primes via an incremental sieve generator
def primes():
    composites = {}
    n = 2
    while True:
        if n not in composites:
            yield n
            composites[n * n] = [n]
        else:
            for p in composites.pop(n):
                composites.setdefault(n + p, []).append(p)
        n += 1


print(take(15, primes()))
