# os on a fresh temporary folder: mkdir, listdir, stat, rename, remove, rmdir,
# getcwd and chdir, with open() following the current folder.
import os

name = "mpw_os_test_%d" % (int.from_bytes(os.urandom(4), "little") if hasattr(os, "urandom") else id(os))
base = "/tmp/" + name
start = os.getcwd()
os.mkdir(base)
try:
    os.mkdir(base)
except OSError:
    print("mkdir twice: OSError")
os.chdir(base)
print(os.getcwd() == base)
with open("a.txt", "w") as f:
    f.write("hello\n")
os.mkdir("sub")
with open("sub/b.bin", "wb") as f:
    f.write(bytes(10))
print(sorted(os.listdir()), sorted(os.listdir(base + "/sub")))
st = os.stat("a.txt")
print(st[6], st[0] & 0o170000 == 0o100000, os.stat("sub")[0] & 0o170000 == 0o040000)
os.rename("a.txt", "sub/c.txt")
print(sorted(os.listdir("sub")), open("sub/c.txt").read(), end="")
for missing in ("a.txt", "nope/x"):
    try:
        os.stat(missing)
    except OSError as e:
        print("stat", missing, "OSError", e.errno == 2)
try:
    os.rmdir("sub")
except OSError:
    print("rmdir non-empty: OSError")
os.remove("sub/b.bin")
os.remove("sub/c.txt")
os.rmdir("sub")
print(os.listdir())
os.chdir(start)
print(os.getcwd() == start)
os.rmdir(base)
print(name in os.listdir("/tmp"))
