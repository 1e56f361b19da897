# Lambdas with sorted()/list.sort(): keys and reverse.
# Every sort key used here is unique: MicroPython's sort is not stable, so
# the relative order of equal keys is unspecified there.

people = [("alice", 31, "nyc"), ("bob", 25, "sf"), ("carol", 31, "la"), ("dave", 25, "nyc"), ("eve", 40, "sf")]
print(sorted(people))
print(sorted(people, key=lambda p: (p[1], p[0])))
print(sorted(people, key=lambda p: (p[1], p[0]), reverse=True))
print(sorted(people, key=lambda p: (p[2], -p[1])))
print([p[0] for p in sorted(people, key=lambda p: (len(p[0]), p[0]))])

words = "The quick brown fox Jumps over the lazy Dog".split()
print(sorted(words))
print(sorted(words, key=lambda w: (w.lower(), w)))
print(sorted(words, key=lambda w: (-len(w), w)))
print(sorted(words, reverse=True))

nums = [5, -3, 2, -8, 0, 7]
nums.sort()
print(nums)
nums.sort(key=abs)
print(nums)
nums.sort(reverse=True)
print(nums)
nums.sort(key=lambda n: (n % 3, n))
print(nums)
print(sorted(nums, key=lambda n: -n) == sorted(nums, reverse=True))

# sorting dict items by value then key
scores = {"x": 3, "y": 1, "z": 4, "w": 2}
print(sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])))
print(sorted(scores, key=scores.get))
print(max(scores, key=lambda k: scores[k]), min(scores, key=scores.get), min(scores.values()))

# lambda in data structures
ops = {"add": lambda a, b: a + b, "mul": lambda a, b: a * b, "pow": lambda a, b: a ** b}
print([(name, ops[name](3, 4)) for name in sorted(ops)])

compose = lambda f, g: lambda x: f(g(x))
inc = lambda x: x + 1
dbl = lambda x: x * 2
print(compose(inc, dbl)(5), compose(dbl, inc)(5))

# immediately invoked and nested lambdas
print((lambda *a: sum(a))(1, 2, 3), (lambda: "no args")())
curry = lambda a: lambda b: lambda c: a + b + c
print(curry(1)(2)(3), curry("x")("y")("z"))

# sorting with mixed incomparable types raises
try:
    sorted([1, "a", 2])
except TypeError:
    print("TypeError mixed sort")

# sorting lists of lists, booleans, equal values
print(sorted([[2, 1], [1, 2], [1], []]), sorted([True, False, True]))
print(sorted(range(10), key=lambda n: (n % 2, -n)))
print(list(reversed(sorted("banana"))), sorted([3, 1, 3, 1, 2]))
print(sorted([0.5, -1.25, 3, 2.0, -7]))
