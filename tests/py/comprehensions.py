# List, set, dict comprehensions and generator expressions.

print([x * x for x in range(10)])
print([x for x in range(20) if x % 3 == 0 if x % 2 == 0])
print([(i, j) for i in range(3) for j in range(i)])
print([[j for j in range(i)] for i in range(4)])
print(sorted({c.lower() for c in "Hello World" if c.isalpha()}))
sq = {k: k ** 2 for k in range(6)}
print(sorted(sq.items()))
inverse = {v: k for k, v in sq.items()}
print(sorted(inverse.items()))
print(sum(x for x in range(101)), max(len(w) for w in "a bb ccc dd".split()))
print(list(x + y for x in "ab" for y in "12"))
print([y for x in [[1, 2], [3], [], [4, 5, 6]] for y in x])
print(["even" if n % 2 == 0 else "odd" for n in range(5)])
matrix = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
print([[row[i] for row in matrix] for i in range(3)])
print([row[::-1] for row in matrix[::-1]])
g = (n * 2 for n in range(5))
print(next(g), next(g), list(g))
print(dict((k, len(k)) for k in ("aa", "b", "cccc")) == {"aa": 2, "b": 1, "cccc": 4})

# comprehension scope: loop variable does not leak
x = "outer"
res = [x for x in range(3)]
print(x, res)

# comprehension can see enclosing function variables
def scaled(factor):
    return [factor * v for v in (1, 2, 3)]


print(scaled(7))


# class-body comprehension referencing a global
BASE = 100


class C:
    vals = [BASE + i for i in range(3)]


print(C.vals)

# nested generator pipelines
nums = range(1, 30)
evens = (n for n in nums if n % 2 == 0)
squares = (n * n for n in evens)
small = [s for s in squares if s < 300]
print(small)

# comprehension with walrus-free accumulation and conditions on tuples
pairs = [(a, b) for a in range(1, 20) for b in range(a, 20) if a * a + b * b in (25, 100, 169)]
print(pairs)
print(any(x > 8 for x in range(10)), all(x < 8 for x in range(10)))
print({i % 3: i for i in range(10)} == {0: 9, 1: 7, 2: 8})
