# random: the same seed gives the same sequence; unseeded runs draw from the
# platform's entropy (the values differ between runs, so only ranges print).
import random

random.seed(42)
first = [random.getrandbits(16) for _ in range(5)]
random.seed(42)
print([random.getrandbits(16) for _ in range(5)] == first)
random.seed(7)
values = [random.randint(1, 6) for _ in range(200)]
print(min(values) >= 1, max(values) <= 6, len(set(values)) == 6)
print(all(0 <= random.random() < 1 for _ in range(100)))
print(all(3 <= random.randrange(3, 9) < 9 for _ in range(100)))
print(random.choice("x"), random.choice([5]))
u = [random.uniform(2, 3) for _ in range(50)]
print(all(2 <= v <= 3 for v in u))
print(0 <= random.getrandbits(8) < 256, random.getrandbits(32) < 2**32)
try:
    random.choice([])
except IndexError:
    print("IndexError on an empty sequence")
