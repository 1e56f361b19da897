# int.to_bytes / int.from_bytes (unsigned, byteorder given positionally,
# values that fit the requested length: the subset MicroPython implements).

for v in (0, 1, 255, 256, 0x1234, 0xDEADBEEF):
    print(v, v.to_bytes(4, "big"), v.to_bytes(4, "little"))
print((1).to_bytes(1, "big"), (65535).to_bytes(2, "little"), (0).to_bytes(3, "big"))
print((2 ** 64 - 1).to_bytes(8, "big"), (2 ** 70 + 5).to_bytes(10, "little"))
print((2 ** 100).to_bytes(13, "big"))

print(int.from_bytes(b"\x00\x01", "big"), int.from_bytes(b"\x00\x01", "little"))
print(int.from_bytes(b"\xff" * 4, "big"), int.from_bytes(b"", "big"), int.from_bytes(b"\x80", "little"))
print(int.from_bytes(b"\x01" + b"\x00" * 12, "big") == 2 ** 96)
print(int.from_bytes(bytearray([1, 2, 3]), "big"), int.from_bytes(bytes(range(1, 11)), "little"))

# round trips over a spread of sizes
ok = True
for bits in (7, 8, 15, 16, 31, 32, 33, 63, 64, 65, 127, 200):
    v = (1 << bits) - 3 if bits > 2 else 1
    n = (bits + 7) // 8
    for order in ("big", "little"):
        b = v.to_bytes(n, order)
        if len(b) != n or int.from_bytes(b, order) != v:
            ok = False
            print("mismatch", bits, order)
print("round trips ok", ok)

# big- vs little-endian are reverses of each other
v = 0x0102030405060708
be = v.to_bytes(8, "big")
le = v.to_bytes(8, "little")
print(be, le, bytes(reversed(be)) == le)

# building a checksum from bytes
payload = b"MicroPython!"
acc = 0
for i in range(0, len(payload), 4):
    acc ^= int.from_bytes(payload[i:i + 4], "little")
print(hex(acc), acc.to_bytes(4, "big"))
