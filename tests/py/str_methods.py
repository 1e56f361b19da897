# Common str methods (the subset shared by CPython and MicroPython).

s = "  Hello, World!  "
print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()))
print(repr("xxhixx".strip("x")), repr("abcba".strip("ab")), repr("..a..".lstrip(".")))
print("Hello".upper(), "Hello".lower())
print("a,b,,c".split(","), "a b  c\td\n".split(), " x ".split())
print("a,b,c,d".split(",", 2), "a,b,c,d".rsplit(",", 2), "a,b,c,d".rsplit(",", 0))
print("one  two three".split(None, 1))
print("".split(","), "".split())
print("-".join(["a", "b", "c"]), "".join([]), ", ".join(str(i) for i in range(4)))
print("banana".replace("a", "o"), "banana".replace("a", "o", 2), "banana".replace("na", ""))
print("banana".find("an"), "banana".find("an", 2), "banana".find("x"), "banana".rfind("an"))
print("banana".index("n"), "banana".rindex("n"), "banana".count("a"), "banana".count("an"))
print("banana".find("a", 2, 4), "banana".count("a", 2))
try:
    "banana".index("z")
except ValueError:
    print("index ValueError")
print("prefix_rest".startswith("prefix"), "prefix_rest".startswith("rest", 7))
print("file.py".endswith(".py"), "file.py".endswith(".c"))
print("abc".isalpha(), "ab1".isalpha(), "123".isdigit(), "12a".isdigit())
print(" \t\n".isspace(), "".isspace(), "ABC".isupper(), "AbC".isupper(), "abc".islower())
print("key=value=x".partition("="), "key=value=x".rpartition("="), "novalue".partition("="))
print("line1\nline2\r\nline3".splitlines())
print("a\nb\n".splitlines(), "a\nb\n".splitlines(True))
print(repr("ab".center(6)), repr("abcd".center(2)))
print("abc" * 3, "abc" + "def", "b" in "abc", "bd" in "abcd", "" in "x")
print("abc" < "abd", "abc" < "ab", "B" < "a", "abc" == "abc", "a" != "b")
print(len("hello"), len(""), "hello"[1], "hello"[-1], "hello"[1:3], "hello"[:-2])
print(ord("A"), chr(97), [ord(c) for c in "az09"])
print(str(123), str(-4), str(True), str(None), repr("q'uote"), repr('d"q'))
print("hello world".encode(), b"bytes".decode())
print(list("abc"), tuple("xy"), sorted("hello"))
print(max("hello"), min("hello"))

# Unicode text
u = "h\u00e9llo \u4e16\u754c"
print(len(u), u[1], u[-2:], u.find("\u4e16"), u.encode("utf-8"))
print(u.encode("utf-8").decode("utf-8") == u, ord("\u00e9"), chr(0x4e16) == "\u4e16")

# Strings are immutable
try:
    s[0] = "x"
except TypeError:
    print("immutable")

# Building strings
parts = []
for word in "the quick brown fox".split():
    parts.append(word[0].upper() + word[1:])
print(" ".join(parts))
print("%s|%s" % ("a".join("xyz"), "".join(reversed("stressed"))))
