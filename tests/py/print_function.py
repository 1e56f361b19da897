# print(): sep, end, file, and str/repr of values (no flush= in MicroPython).
import io
import sys

print()
print("a")
print("a", "b", "c")
print("a", "b", sep="")
print("a", "b", sep=" -> ")
print("no newline", end="")
print(" continued")
print("x", "y", sep=",", end=";\n")
print(1, 2.5, None, True, [1, "s"], (1,), {"k": 1}, sep=" | ")
print(*range(5))
print(*"abc", sep="+")
print(*[], sep="never")
print("to stdout", file=sys.stdout)

buf = io.StringIO()
print("one", "two", file=buf, sep="\t", end="!")
print(repr(buf.getvalue()))


class Both:
    def __str__(self):
        return "str-form"

    def __repr__(self):
        return "repr-form"


class OnlyRepr:
    def __repr__(self):
        return "only-repr"


print(Both(), [Both()], OnlyRepr(), (OnlyRepr(),), str(OnlyRepr()))
print("%s %r" % (Both(), Both()), "{} {!r}".format(Both(), Both()), f"{Both()} {Both()!r}")

# printing nested and special values
print([[1, [2, [3]]], ("t", ["l"])], {"a": (1, 2)}, [None, True, False])
print("quote's", ["quote's"], ['dq"'], ["both'\""])
print([1.0, 0.5, -2.0, 1e-3, 100.0], (1.5,))
print(b"bytes", [b"in list"], bytearray(b"ba"))
print(-0, 10 ** 20, -(10 ** 20), 0x10)

# printing many items builds one line
print(*(i * i for i in range(10)), sep=",")
print("end with sep", sep="!!", end="\n\n")
print("after blank line")
print("", end="")
print("tab\tand\\backslash")
