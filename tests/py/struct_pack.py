# struct: pack/unpack with explicit byte orders (no native alignment).
import struct

print(struct.pack("<I", 1), struct.pack(">I", 1), struct.pack("!H", 0x1234))
print(struct.pack("<bBhHiI", -1, 255, -2, 65535, -3, 4294967295))
print(struct.unpack("<bBhHiI", struct.pack("<bBhHiI", -1, 255, -2, 65535, -3, 4294967295)))
print(struct.pack("<q", -2), struct.pack(">Q", 2 ** 64 - 1))
print(struct.unpack("<q", b"\xfe\xff\xff\xff\xff\xff\xff\xff"), struct.unpack(">Q", b"\xff" * 8))
print(struct.calcsize("<bhiq"), struct.calcsize(">4s2H"), struct.calcsize("<3x1B"), struct.calcsize("<d"))
print(struct.pack("<5s", b"abc"), struct.pack("<2s", b"abcdef"), struct.unpack("<3s", b"xyz"))
print(struct.pack("<3H", 1, 2, 3), struct.unpack(">3B", b"\x01\x02\x03"))
print(struct.pack("<2xB", 7), struct.unpack("<xBx", b"\x00\x09\x00"))
print(struct.pack("<f", 1.5), struct.pack(">d", -0.25), struct.unpack("<f", struct.pack("<f", 0.75)))
print(struct.unpack("<d", struct.pack("<d", 1234.5)), struct.unpack(">f", b"\x3f\x80\x00\x00"))

# round trips of a record
fmt = "<HhIb4s"
rec = (513, -300, 123456789, -5, b"name")
packed = struct.pack(fmt, *rec)
print(len(packed), packed, struct.calcsize(fmt))
print(struct.unpack(fmt, packed) == rec)

# unpack_from with offset and pack_into
buf = bytearray(12)
struct.pack_into("<HI", buf, 2, 0xBEEF, 0xCAFEBABE)
print(buf)
print(struct.unpack_from("<HI", buf, 2), struct.unpack_from(">B", buf, 2))

# little vs big endian interpretation of the same bytes
raw = b"\x01\x02\x03\x04"
print(struct.unpack("<I", raw)[0], struct.unpack(">I", raw)[0], struct.unpack("<hh", raw), struct.unpack(">hh", raw))

# building a simple binary header and parsing it
header = struct.pack(">4sHHI", b"MAGC", 1, 2, 1024)
magic, major, minor, size = struct.unpack(">4sHHI", header)
print(magic, major, minor, size, header.hex())
