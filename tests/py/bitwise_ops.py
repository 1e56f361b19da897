# Bitwise operators on small and big, positive and negative integers.

vals = [0, 1, 5, 12, 255, -1, -6, 2 ** 40 + 3, -(2 ** 65) - 7]
for a in vals[:5]:
    print(a, [a & b for b in vals], [a | b for b in vals])
for a in vals[4:]:
    print(a, [a ^ b for b in vals], ~a)
print([1 << n for n in (0, 1, 7, 31, 32, 63, 64, 100)])
print([-1 << n for n in (0, 5, 70)], [n >> 3 for n in vals], [(-n) >> 1 for n in vals])
print((2 ** 100) >> 98, (-(2 ** 100)) >> 98, (2 ** 100 - 1) & 0xFFFF, -(2 ** 100) | 1)
try:
    1 << -1
except ValueError:
    print("ValueError negative shift")
try:
    1.5 & 1
except TypeError:
    print("TypeError float bitwise")


def popcount(n):
    c = 0
    while n:
        n &= n - 1
        c += 1
    return c


print([popcount(n) for n in (0, 1, 255, 2 ** 64 - 1, 0b1010101)])


def bits(n, width=8):
    return "".join("1" if n >> i & 1 else "0" for i in range(width - 1, -1, -1))


print(bits(5), bits(200), bits(-1 & 0xFF), bits(0b1100 ^ 0b1010, 4))

# flags
READ, WRITE, EXEC = 1, 2, 4
perm = READ | WRITE
print(perm & READ != 0, perm & EXEC != 0, perm | EXEC, perm & ~WRITE, perm ^ READ)
perm |= EXEC
perm &= ~READ
print(perm)

# masks and rotations on 32-bit values
def rotl32(v, r):
    return ((v << r) | (v >> (32 - r))) & 0xFFFFFFFF


print(hex(rotl32(0x12345678, 8)), hex(rotl32(0x80000001, 1)), hex(rotl32(0xDEADBEEF, 16)))

# simple hash (FNV-1a, 32-bit)
def fnv1a(data):
    h = 0x811C9DC5
    for byte in data:
        h ^= byte
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


print(hex(fnv1a(b"")), hex(fnv1a(b"a")), hex(fnv1a(b"MicroPython")))

# xorshift PRNG sequence (deterministic)
state = 2463534242
seq = []
for _ in range(5):
    state ^= (state << 13) & 0xFFFFFFFF
    state ^= state >> 17
    state ^= (state << 5) & 0xFFFFFFFF
    seq.append(state)
print(seq)
print(True << 3, 7 & True, 6 | False)
