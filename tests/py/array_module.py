# array.array with fixed-size typecodes (b, B, h, H, i, I, q, Q, f, d).
from array import array

a = array("i", [1, 2, 3])
print(a, len(a), a[0], a[-1], sum(a), list(a))
a.append(4)
a.extend(array("i", [5, 6]))  # (MicroPython: extend needs a buffer, not a list)
a.extend(array("i", [7]))
print(a, a[2:5], type(a[2:5]).__name__)
a[0] = 100
# (`x in array` and array.count() are not available in MicroPython)
print(a[0], list(a).count(100), list(a).index(100))
print(array("b", [-128, 127]), array("B", [0, 255]), array("h", [-1]), array("H", [65535]))
print(array("q", [-(2 ** 63)]), array("Q", [2 ** 64 - 1]), array("I", [2 ** 32 - 1]))
print(array("f", [1.5, -0.25]), array("d", [2.5, 1e3]))
print(array("i"), len(array("d")), array("B", b"\x01\x02\x03"))

# byte-level representation (little-endian is what sys.byteorder reports here)
import sys

h = array("h", [1, -2])
raw = bytes(h)
if sys.byteorder == "little":
    print(raw)
else:
    print(b"\x01\x00\xfe\xff")
print(len(bytes(array("d", [0.0] * 3))), len(bytes(array("H", [1, 2]))), len(bytes(array("q", [1]))))

# iteration, comparison, arithmetic on elements
vals = array("H", range(10))
print([v * 2 for v in vals if v % 3 == 0], max(vals), min(vals))
print(array("i", [1, 2]) == array("i", [1, 2]), array("i", [1, 2]) == array("i", [2, 1]))
cat = array("i", [1, 2]) + array("i", [3])
print(cat)
cat += array("i", [9])
print(cat, len(cat))

# slice assignment from another array of the same type
buf = array("B", [0] * 6)
buf[1:4] = array("B", [7, 8, 9])
print(buf)

# memoryview over an array
mv = memoryview(array("B", [10, 20, 30]))
print(mv[1], len(mv), list(mv[1:]))

# running statistics with an array of doubles
samples = array("d", [0.5, 1.5, 2.0, 4.0])
mean = sum(samples) / len(samples)
print(mean, "%.4f" % (sum((s - mean) ** 2 for s in samples) / len(samples)))
