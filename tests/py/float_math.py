# Float arithmetic. Only values with exact, short representations are printed
# directly; anything else goes through fixed-precision formatting.

print(0.5 + 0.25, 1.5 * 4, 7 / 2, 2 ** 0.5 == 2 ** 0.5, -0.0 == 0.0)
print(1.0, 2.5, -3.75, 100.0, 1e3, 1.5e-3 * 1000 == 1.5, 0.125)
print(float(3), float("4.5"), float("-inf"), float("  1e2  "), float("nan") != float("nan"))
print(int(2.999), int(-2.999), float(2 ** 60) == 2.0 ** 60)
print(7.5 // 2, 7.5 % 2, -7.5 // 2, -7.5 % 2, 7.5 % -2, divmod(-9.0, 4))
print(3.0 == 3, 3.5 > 3, 2.0 < 2, 1 / 4 == 0.25, 0.1 * 3 == 0.3, abs(0.1 * 3 - 0.3) < 1e-9)
print("%.6f %.3f %.10f" % (1 / 3, 2 / 3, 1 / 7))
print("%.4f" % (0.1 + 0.2), "%.2e" % 123456.0, "%g" % 0.0001, "%g" % 123456789.0)
print(round(3.7), round(-3.7), round(0.125, 2) in (0.12, 0.13), round(2.5), round(3.5))
print(float("inf") > 1e308, -float("inf") < -1e308, float("inf") - float("inf") != 0)
inf = float("inf")
nan = float("nan")
print(inf, -inf, nan, inf + 1 == inf, inf * 0 != inf * 0, nan == nan, nan != nan)
print(isinstance(1.5, float), type(1.0).__name__, isinstance(1, float))
for bad in ("abc", "1.2.3", ""):
    try:
        float(bad)
    except ValueError:
        print("ValueError", repr(bad))
try:
    1.0 / 0
except ZeroDivisionError:
    print("float ZeroDivisionError")
try:
    1.0 // 0.0
except ZeroDivisionError:
    print("float floordiv ZeroDivisionError")

# accumulating sums (exact in binary)
total = 0.0
for _ in range(8):
    total += 0.125
print(total, total == 1.0)

# mixing ints and floats
print(1 + 2.0, 10 - 0.5, 3 * 1.5, 2 ** 3.0, 4 ** 0.5, (-8) ** 2.0, 9 ** -0.5 * 3)
print(max(1, 2.5, 2), min(-1.5, -1), sum([0.5] * 6), sorted([2.5, -1, 0.0, 3]))

# comparisons with large ints
print(2 ** 64 == 2.0 ** 64, 2 ** 65 > 2.0 ** 64, 10 ** 30 < 1e31)

# float to string and back, via fixed formats
vals = [0.5, 1.25, 1234.5, -0.0625, 3.0]
print([float(str(v)) == v for v in vals], [str(v) for v in vals])
print("{:.2f} {:8.3f} {:e} {:.0f} {:.1f}".format(3.14159, -2.71828, 0.00034, 1234.4, 99.96))

# conversions
print(int(1e10), int(-1e15), float(10 ** 15), float(True), float(-7))
print(3.0 * 2 == 6, 3 * 2.0, 7.0 / 7, 0.0 * -1 == 0)
