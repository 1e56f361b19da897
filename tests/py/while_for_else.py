# Loops: while/for with else, break, continue, nested loops.


def find(seq, target):
    for i, v in enumerate(seq):
        if v == target:
            print("found", target, "at", i)
            break
    else:
        print(target, "not found")


find([4, 5, 6], 5)
find([4, 5, 6], 9)
find([], 1)

n = 0
while n < 5:
    n += 1
    if n == 2:
        continue
    print("while", n)
else:
    print("while completed, n =", n)

n = 0
while True:
    n += 1
    if n > 3:
        break
print("broke at", n)

n = 10
while n > 0:
    n -= 3
    if n == 4:
        break
else:
    print("never printed")
print("n", n)

# primes with for/else
primes = []
for cand in range(2, 40):
    for d in range(2, cand):
        if cand % d == 0:
            break
    else:
        primes.append(cand)
print(primes)

# nested loops with flags and labelled-break emulation
target = 12
found = None
for a in range(1, 10):
    for b in range(1, 10):
        if a * b == target and a < b:
            found = (a, b)
            break
    if found:
        break
print("pair", found)

# continue in nested loops
out = []
for i in range(4):
    for j in range(4):
        if j == i:
            continue
        if j > 2:
            break
        out.append((i, j))
print(out)

# loop variable persists after loop
for k in range(3):
    pass
print("k after loop", k)
for k in []:
    pass
print("k unchanged", k)

# iterating and modifying a copy
items = [1, 2, 3, 4, 5, 6]
for x in items[:]:
    if x % 2 == 0:
        items.remove(x)
print(items)

# while with else and complex condition
i, total = 0, 0
while i < 10 and total < 20:
    total += i
    i += 1
else:
    print("stopped with i", i, "total", total)

# range variants
print(list(range(5)), list(range(2, 8)), list(range(10, 0, -3)), list(range(0, -5, -1)))
print(len(range(0, 100, 7)), range(0, 100, 7)[3], 14 in range(0, 100, 7), 15 in range(0, 100, 7))
r = range(3, 30, 4)
print(r.start, r.stop, r.step, list(r)[-1], r[-1])

# for over string / dict / tuple of tuples
for ch in "hey":
    print(ch, end=" ")
print()
for key in sorted({"b": 1, "a": 2}):
    print(key, end=";")
print()
for (a, b), c in (((1, 2), 3), ((4, 5), 6)):
    print(a + b + c, end=" ")
print()

# pass-through infinite loop with counter and return
def first_square_over(limit):
    i = 0
    while True:
        i += 1
        if i * i > limit:
            return i


print(first_square_over(50), first_square_over(1000))
