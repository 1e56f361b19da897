# printf-style % formatting and str.format.

print("%d %i %s %r" % (5, -3, "str", "str"))
print("%5d|%-5d|%05d|%+d|% d" % (42, 42, 42, 42, 42))
print("%x %X %o %#x %#o" % (255, 255, 8, 255, 8))
print("%.2f|%8.3f|%-8.1f|%+.0f|%e|%.3e" % (3.14159, 2.5, 1.375, 2.0, 12345.678, 0.00125))
print("%g %g %g %g" % (100000.0, 1e-5, 0.5, 1234567.0))
print("%s %s %s" % (None, True, [1, "a"]))
print("%c%c" % (72, "i"))
print("%%literal %s" % "x")
print("%(name)s is %(age)d" % {"name": "Ann", "age": 30})
print("%10s|%-10s|%.2s" % ("right", "left", "truncate"))
print("%*d|%-*d" % (6, 7, 6, 7))
print("%s" % (("tuple", "inside"),))
print("single %s" % "value")

try:
    "%d %d" % (1,)
except TypeError:
    print("TypeError: not enough arguments")
try:
    "%d" % (1, 2)
except TypeError:
    print("TypeError: not all converted")

# str.format
print("{} {} {}".format(1, "two", 3.5))
print("{0} {1} {0}".format("a", "b"))
print("{x} {y}".format(x=1, y=2))
print("{0}-{name}".format("pos", name="kw"))
print("{:>8}|{:<8}|{:^8}|{:*^9}".format("r", "l", "c", "mid"))
print("{:5d}|{:05d}|{:+d}|{:x}|{:#x}|{:o}|{:b}|{:#b}".format(42, 42, 42, 255, 255, 8, 5, 5))
print("{:.3f}|{:10.2f}|{:<10.2f}|{:e}|{:.1%}".format(2.71828, 3.14159, 1.5, 1234.5, 0.25))
print("{!r} {!s}".format("q", "q"))
print("{{}} {}".format("braces"))
print("{:d}".format(True), "{}".format(None), "{}".format([1, 2]))
print("{:>{}}".format("w", 4))
print("{0:{1}}|".format("ab", 5))
print("{}".format(42), "{:08b}".format(42), "{:.2f}".format(3.5), "{:>3}".format("s"))

table = [("apples", 3, 0.5), ("kiwis", 12, 0.25), ("melons", 1, 2.75)]
for name, qty, price in table:
    print("{:<8}{:>4}{:>8.2f}".format(name, qty, qty * price))
print("%-8s%4d%8.2f" % ("total", sum(q for _, q, _ in table), sum(q * p for _, q, p in table)))
