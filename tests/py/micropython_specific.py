# Documented MicroPython-specific behaviour. This program's output genuinely
# differs from CPython, so its expected output lives in
# micropython_specific.py.exp (MicroPython v1.23.0 behaviour), not CPython's.
# Each line below is a known, deliberate difference of MicroPython:
import struct
import sys

print(sys.implementation.name)

# bool is not a subclass of int, and bool & | ^ bool yields int
print(isinstance(True, int), issubclass(bool, int), type(True & False).__name__, True & False, True | False)

# repr() of str escapes every non-ASCII character
print(repr("\u00e9"), repr("\u4e2d\U0001F600"), ["caf\u00e9"])

# %-formatting pads non-ASCII text by bytes, not code points
print("%4s|" % "\u00e9")

# float repr uses at most 16 significant digits
print(0.1 + 0.2, 1.1 * 3, 2.675 * 100)

# big int vs float comparisons go through float conversion
print(2 ** 64 + 1 > 2.0 ** 64, 2 ** 64 + 1 == 2.0 ** 64)

# slices with a step other than 1 are not implemented for str, bytes, tuple
for seq in ("abc", b"abc", (1, 2, 3)):
    try:
        seq[::-1]
    except NotImplementedError:
        print("NotImplementedError", type(seq).__name__)

# int.to_bytes truncates instead of raising OverflowError
try:
    print((256).to_bytes(1, "big"), (0x1234).to_bytes(1, "little"))
except OverflowError:
    print("OverflowError")

# struct.unpack accepts a buffer longer than the format needs
try:
    print(struct.unpack("<H", b"\x01\x02\x03"))
except struct.error:
    print("struct.error")

# storing an out-of-range value into a bytearray keeps the low byte
ba = bytearray(1)
try:
    ba[0] = 257
except ValueError:
    print("ValueError")
print(ba)


# functions cannot carry arbitrary attributes
def f():
    pass


try:
    f.attr = 1
    print("attribute stored")
except AttributeError:
    print("AttributeError function attribute")
