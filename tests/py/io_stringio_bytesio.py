# io.StringIO and io.BytesIO as in-memory streams.
import io

s = io.StringIO()
print(s.write("hello"), s.write(" "), s.write("world\n"))
s.write("second line\n")
print(repr(s.getvalue()))

r = io.StringIO("line one\nline two\nline three")
print(repr(r.readline()), repr(r.readline()))
print(repr(r.read()))
print(repr(r.read()), repr(r.readline()))

r = io.StringIO("abcdefghij")
print(r.read(3), r.read(3), r.read(100), repr(r.read(1)))
r.seek(0)
print(r.read(2), r.tell())
r.seek(5)
print(r.read())

r = io.StringIO("x\ny\nz\n")
print([r.readline(), r.readline(), r.readline(), r.readline()])
r = io.StringIO("a\nb\nc")
print([line for line in r])

# print() to a stream
buf = io.StringIO()
print("to buffer", 42, sep="|", file=buf)
print("again", end="", file=buf)
print(repr(buf.getvalue()))

# overwriting in the middle
w = io.StringIO()
w.write("0123456789")
w.seek(3)
w.write("abc")
print(w.getvalue())

# BytesIO
b = io.BytesIO()
print(b.write(b"\x00\x01"), b.write(b"abc"), b.getvalue())
b.seek(0)
print(b.read(1), b.read(), b.tell())
b = io.BytesIO(b"header:payload")
print(b.read(7), b.read())
b.seek(0)
print(b.readline(), b.read(3))
b = io.BytesIO(b"one\ntwo\n")
print(b.readline(), b.readline(), b.readline())

# bytes written via struct into a BytesIO
import struct

out = io.BytesIO()
for v in (1, 256, 65535):
    out.write(struct.pack("<H", v))
print(out.getvalue(), len(out.getvalue()))
inp = io.BytesIO(out.getvalue())
vals = []
while True:
    chunk = inp.read(2)
    if not chunk:
        break
    vals.append(struct.unpack("<H", chunk)[0])
print(vals)

# closing
c = io.StringIO("data")
c.close()
try:
    c.read()
except ValueError:
    print("ValueError reading closed stream")
except OSError:
    print("ValueError reading closed stream")
