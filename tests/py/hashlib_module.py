# hashlib.sha256: digests, incremental updates.
import hashlib

print(hashlib.sha256(b"").digest().hex())
print(hashlib.sha256(b"abc").digest().hex())
h = hashlib.sha256()
h.update(b"hello ")
h.update(b"world")
print(h.digest() == hashlib.sha256(b"hello world").digest())
print(len(hashlib.sha256(b"x" * 1000).digest()))
# longer than one block, and crossing block boundaries in pieces
data = bytes(range(256)) * 5
h = hashlib.sha256()
for i in range(0, len(data), 37):
    h.update(data[i : i + 37])
digest = h.digest()  # (MicroPython's digest() ends the hash)
print(digest == hashlib.sha256(data).digest(), digest.hex()[:16])
