# Integer literals in different bases, underscores, conversions.

print(0x1F, 0o17, 0b1011, 0XfF, 0O7, 0B11, 1_000_000, 0x_FF_FF, 0b_1010_1010)
print(int("1_000"), int("0x_1f", 16), int("1010", 2), int("z", 36), int("-7f", 16))
print(hex(48879), oct(511), bin(170), hex(-1), bin(2 ** 40))
print(int(hex(123456789), 16), int(oct(987654), 8), int(bin(31337), 2))
print(int("  -12  "), int("+0"), int("00012"), int("0", 2))
print("%x %o %X %#x %#o" % (255, 8, 255, 255, 8))
print("{:x} {:#x} {:b} {:08b} {:o} {:X}".format(255, 255, 5, 5, 8, 255))


def to_base(n, b):
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    if n == 0:
        return "0"
    sign = "-" if n < 0 else ""
    n = abs(n)
    out = []
    while n:
        n, r = divmod(n, b)
        out.append(digits[r])
    return sign + "".join(reversed(out))


for base in (2, 3, 7, 16, 36):
    s = to_base(123456789, base)
    print(base, s, int(s, base) == 123456789)
print(to_base(-255, 16), to_base(0, 5), to_base(2 ** 100, 36), int(to_base(2 ** 100, 36), 36) == 2 ** 100)

# digits and sums
n = 2 ** 200
print(sum(int(c) for c in str(n)), len(str(n)), str(n)[:12])

# bases with prefix auto-detection
for s in ("0x10", "0o10", "0b10", "10"):
    print(s, int(s, 0))
for bad in ("12", "0x"):
    try:
        int(bad, 2)
    except ValueError:
        print("ValueError", bad)

# big literals
print(123456789012345678901234567890 + 1, 0xFFFFFFFFFFFFFFFFFFFF, -0b1111111111111111111111111111111111111111)
