# open(): exclusive creation ('x'), malformed modes, seeking before the start, using a closed file.
import os

name = "/tmp/mpw_open_modes_%d" % (int.from_bytes(os.urandom(4), "little") if hasattr(os, "urandom") else id(os))
with open(name, "x") as f:
    f.write("created\n")
try:
    open(name, "x")
except OSError as e:
    print("'x' on an existing file: OSError, EEXIST", e.errno == 17)
with open(name, "a+") as f:
    f.write("appended\n")
    f.seek(0)
    print(f.read(), end="")
for mode in ("rw", "rz", "wa", "q", "xr", "r++x"):
    try:
        open(name, mode)
    except ValueError:
        print(repr(mode), "ValueError")

f = open(name, "rb", buffering=0)
try:
    f.seek(-5)
except OSError as e:
    print("seek before the start: OSError, EINVAL", e.errno == 22)
print(f.read(7))
f.close()
f.close()  # closing twice is fine
for use in (f.read, lambda: f.write(b"x")):
    try:
        use()
    except (OSError, ValueError) as e:
        print("closed file:", type(e).__name__)
os.remove(name)
