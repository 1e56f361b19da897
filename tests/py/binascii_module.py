# binascii: hex and base64 conversions, crc32.
import binascii

print(binascii.hexlify(b"\x00\x01\xfe\xff"))
print(binascii.hexlify(b"abc", "-"))
print(binascii.unhexlify("deadBEEF"), binascii.unhexlify(b"00ff"))
print(binascii.b2a_base64(b"hello world"))
print(binascii.b2a_base64(b"hi", newline=False))
print(binascii.a2b_base64("aGVsbG8gd29ybGQ="), binascii.a2b_base64(b"AAEC/w=="))
for n in range(6):
    data = bytes(range(n))
    print(n, binascii.a2b_base64(binascii.b2a_base64(data)) == data)
print(binascii.crc32(b"hello"), binascii.crc32(b"world", binascii.crc32(b"hello ")))
print(binascii.crc32(b"hello world") == binascii.crc32(b"world", binascii.crc32(b"hello ")))
for bad in ("abc", "zz"):
    try:
        binascii.unhexlify(bad)
    except ValueError:
        print("ValueError", bad)
