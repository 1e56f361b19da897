# Slicing of lists, tuples, strings and bytes; slice assignment and deletion.
# Strings/bytes/tuples only use step 1, and slice assignment/deletion only step 1:
# MicroPython does not implement the other cases.

L = list(range(10))
print(L[2:5], L[:3], L[7:], L[-3:], L[:-7], L[::2], L[1::3], L[::-1], L[8:2:-2])
print(L[100:], L[-100:2], L[5:2], L[::-3], L[-1:-4:-1])
t = tuple(L)
print(t[1:4], t[-2:], t[:0], t[5:100])
s = "abcdefgh"
print(s[2:5], s[:3], s[5:], s[-2:], s[:-6], s[3:3], s[10:], s[-100:2])
b = b"0123456789"
print(b[3:6], b[:2], b[-3:], b[4], b[-1])

# slice objects (captured via __getitem__: MicroPython can't call slice())
class Grab:
    def __getitem__(self, key):
        return key


sl = Grab()[1:8:3]
print(type(sl).__name__, L[sl], sl.start, sl.stop, sl.step)
print(L[Grab()[:3]], L[Grab()[::-1]][:3], t[Grab()[1:3]])

# slice assignment
M = list(range(8))
M[2:4] = ["a", "b", "c"]
print(M)
M[:2] = []
print(M)
M[len(M):] = [100, 101]
print(M)
M[1:1] = ["ins"]
print(M)

# slice deletion
N = list(range(12))
del N[:3]
print(N)
del N[2:5]
print(N)
del N[-1]
print(N)

# copying via slicing
orig = [[1], [2]]
copy = orig[:]
copy.append([3])
copy[0].append("shared")
print(orig, copy, copy is orig)

# slice assignment from other iterables
Z = list(range(6))
Z[1:3] = (7, 8, 9)
print(Z)
Z[4:] = list("xy")
print(Z)

# bytearray slicing & assignment
ba = bytearray(b"hello world")
ba[0:5] = b"HELLO"
print(ba, ba[6:], bytes(ba[:5]))
ba[5:] = b""
print(ba)

# user class receiving slices
class Show:
    def __getitem__(self, key):
        if isinstance(key, slice):
            return ("slice", key.start, key.stop, key.step)
        return ("index", key)


sh = Show()
print(sh[1], sh[1:2], sh[::5], sh[:"x"], sh[-1])
print(sh[1, 2])
