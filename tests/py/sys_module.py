# Portable parts of the sys module.
import sys

print(type(sys.argv).__name__, len(sys.argv), sys.argv[0].endswith("sys_module.py"))
print(sys.byteorder in ("little", "big"), sys.maxsize >= 2 ** 31 - 1, sys.maxsize + 1 > sys.maxsize)
print(sys.version_info[0], sys.version.startswith("3"), sys.implementation.name in ("cpython", "micropython"))
print(type(sys.path).__name__, type(sys.modules).__name__, type(sys.platform).__name__)
print(hasattr(sys.stdout, "write"), hasattr(sys.stderr, "write"), hasattr(sys.stdin, "read"))

sys.stdout.write("written via sys.stdout\n")
sys.stdout.write("partial ")
sys.stdout.write("line\n")
print("stderr output is not compared", file=sys.stderr)

try:
    sys.exit(3)
except SystemExit as e:
    print("SystemExit", e.args)
try:
    sys.exit()
except SystemExit as e:
    print("SystemExit no arg", e.args)
try:
    sys.exit("message")
except SystemExit as e:
    print("SystemExit", e.args)

# sys.modules contains imported Python modules (run with cwd=tests/py)
import _moddemo

print("_moddemo" in sys.modules, sys.modules["_moddemo"] is _moddemo)

# sys.path is a list that can be extended
before = len(sys.path)
sys.path.append("nonexistent-dir-for-test")
print(len(sys.path) == before + 1, sys.path[-1])
sys.path.pop()

# exceptions propagate through sys.exit-free code paths and exit status stays 0
print("done")
