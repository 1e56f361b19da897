# bytes and bytearray: construction, indexing, methods, mutation.

b = b"hello"
print(b, len(b), b[0], b[-1], b[1:3], list(b))
print(bytes(3), bytes([65, 66, 67]), bytes(range(5)), bytes("text", "utf-8"))
print(b + b" world", b * 2, b"ell" in b, 104 in b, b == b"hello", b < b"help")
print(b.upper(), b.find(b"l"), b.count(b"l"), b.replace(b"l", b"L"), b.split(b"l"))
print(b"a,b,c".split(b","), b"-".join([b"x", b"y"]), b"  pad  ".strip())
print(b.startswith(b"he"), b.endswith(b"lo"), b.decode(), str(b, "utf-8"))
print(b"\x00\x01\xff", b"\x41\x42", repr(b"quote'"), b"tab\there")
print(bytes.fromhex("48656c6c6f"), b.hex())
print(b.index(b"o"), b.rfind(b"l"), b.isdigit(), b"123".isdigit(), b"ab".isalpha())

try:
    b[0] = 1
except TypeError:
    print("bytes immutable")

ba = bytearray(b"abc")
ba[0] = 65
ba.append(100)
ba.extend(b"ef")
ba.extend(bytearray([103, 104]))  # (MicroPython: extend needs a buffer)
print(ba, len(ba), ba[1], bytes(ba))
ba += b"!"
print(ba)
print(bytearray(4), bytearray([1, 2, 3]), bytearray("hi", "utf-8"))
print(ba.decode(), ba.find(b"d"), ba == b"Abcdefgh!", ba[-1], ba[2:4])

# iterate and build
out = bytearray()
for c in b"abc":
    out.append(c + 1)
print(out, bytes(x ^ 0x20 for x in b"Mixed"))

# conversion between str and bytes
s = "caf\u00e9"
e = s.encode("utf-8")
print(e, len(s), len(e), e.decode("utf-8") == s)

# bytes are hashable and usable as dict keys
d = {b"k1": 1, b"k2": 2}
print(d[b"k1"], sorted(d))

# comparisons and sorting
print(sorted([b"b", b"a", b"ab", b""]), max(b"xyz"), min(b"xyz"))

# memoryview basics
mv = memoryview(bytearray(b"0123456789"))
print(len(mv), mv[0], bytes(mv[2:5]))
mv[0] = 57
print(bytes(mv[:3]))
