# Integer arithmetic including arbitrary-precision integers.

a = 2 ** 100
b = 3 ** 50
print(a, b)
print(a + b, a - b, b - a)
print(a * b)
print(a // b, a % b, divmod(a, b))
print(-a // b, -a % b, divmod(-a, b), divmod(a, -b))
print(a >> 50, a << 10, (a - 1) & 0xFFFF, a | 1, a ^ (a - 1))
print(-a >> 3, ~a, -(2 ** 70) & 0xFF)
print(a == 2 ** 100, a > b, a < b, a != b + 1)
print(pow(2, 200), pow(7, 123, 1000003), pow(2, 100, 2 ** 61 - 1))
print(abs(-a), -(-a) == a, +a == a)
print(int("123456789012345678901234567890"), int("-99999999999999999999"))
print(int("ff" * 12, 16), int("1" * 70, 2), int("777777777777777777777777", 8))
print(hex(a), oct(b), bin(2 ** 65 + 5))
print(hex(-255), oct(-8), bin(-5), hex(0), bin(0))
print(str(10 ** 40)[:10], len(str(10 ** 40)), len(str(-(10 ** 40))))

# factorial and fibonacci as big-int workouts
f = 1
for i in range(1, 41):
    f *= i
print("40! =", f)
x, y = 0, 1
for _ in range(200):
    x, y = y, x + y
print("fib200 =", x)

# small int semantics of / // % with negatives
for p, q in ((7, 2), (-7, 2), (7, -2), (-7, -2), (0, 3)):
    print(p, q, p // q, p % q, divmod(p, q), p * q, p - q)

# true division returns float
print(7 / 2, -7 / 2, 8 / 4, 1 / 4)

# comparisons across int/float/bool
print(1 == 1.0, 2 ** 53 == float(2 ** 53), True + True, True * 10, False - 1)
print(10 ** 20 > 1e19, 10 ** 20 < 1e21)

# integer conversions
print(int(3.99), int(-3.99), int("  42  "), int("-0"), int("+17"), int(True))
print(int("z", 36), int("10", 0), int("0x1f", 16), int("0b101", 0), int("0o17", 0))
for bad in ("", "1.5", "abc", "0x"):
    try:
        int(bad)
    except ValueError:
        print("ValueError", repr(bad))

# ZeroDivisionError
for op in (lambda: 1 // 0, lambda: 1 % 0, lambda: a // 0, lambda: divmod(5, 0)):
    try:
        op()
    except ZeroDivisionError:
        print("ZeroDivisionError")

# sum/min/max over big ints, and sorting
vals = [10 ** 30, -(10 ** 25), 5, 2 ** 64, -3]
print(sum(vals), min(vals), max(vals), sorted(vals))

# shifting identities
n = 12345678901234567890
print(n >> 0 == n, (n << 64) >> 64 == n, n.__class__ is int)
print((1 << 64) - 1, -(1 << 63))
