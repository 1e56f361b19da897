# Assignment expressions (:=).

data = [3, 8, 1, 9, 4]
if (n := len(data)) > 3:
    print("long list", n)

values = iter([5, 3, 0, 7])
seen = []
while (v := next(values)) != 0:
    seen.append(v)
print(seen, v)

print([y for x in range(6) if (y := x * x) % 2 == 0])
print([(x, y) for x in range(4) if (y := x * 10) > 5])


def running_total(items):
    total = 0
    return [total := total + i for i in items]


print(running_total([1, 2, 3, 4]))

# walrus in comprehension binds in enclosing scope
last = None
squares = [last := i * i for i in range(5)]
print(squares, last)

# in a function call and nested expressions
print(max(a := 3, b := 7), a, b)
print((c := 10) + c, c)

# reuse of an expensive computation
def slow_square(x):
    calls.append(x)
    return x * x


calls = []
results = [r for x in range(5) if (r := slow_square(x)) > 4]
print(results, calls)

# matching loop with walrus and else
text = "key1=val1;key2=val2;junk;key3=val3"
pairs = {}
for part in text.split(";"):
    if (i := part.find("=")) >= 0:
        pairs[part[:i]] = part[i + 1:]
print(sorted(pairs.items()))

# walrus in while with a chunked reader
buf = list(range(10))


def read(k):
    global buf
    chunk, buf = buf[:k], buf[k:]
    return chunk


chunks = []
while chunk := read(3):
    chunks.append(chunk)
print(chunks)
