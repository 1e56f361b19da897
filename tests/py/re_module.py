# re: the subset MicroPython's re supports (no lookaround, no named groups),
# with output that matches CPython's ({m,n} and \b are not in that subset).
import re

m = re.match(r"(\w+) (\w+)", "hello world again")
print(m.group(0), m.group(1), m.group(2), m.groups())
print(m.start(1), m.end(1), m.span(2))
print(re.match("x", "yx"), re.search("x", "yx").group(0))

date = re.compile(r"(\d+)-(\d+)-(\d+)")
d = date.search("due: 2024-05-17, paid")
print(d.group(1), d.group(2), d.group(3))
print(date.match("2024-05-17") is not None, date.match("x2024-05-17") is None)

print(re.sub(r"\s+", " ", "a   b \t c\n d"))
print(re.sub(r"(\w+)@(\w+)", r"\2 at \1", "me@home you@work"))
print(re.sub("a", lambda m: m.group(0).upper(), "banana"))
print(re.sub("a", "o", "banana", 2))
print(re.compile(r",\s*").split("a, b,c,   d"))
print(re.compile(",").split("a,b,c", 1))

print(re.match(r"[a-c]+", "abcabcd").group(0))
print(re.match(r"[^0-9]*", "abc123").group(0))
print(re.match(r"a.c", "a-c").group(0), re.match(r"a.c", "abd"))
print(re.match(r"(a|b)*c", "ababc").group(0))
print(re.match(r"aaa?", "aaaa").group(0), re.match(r"a+?", "aaa").group(0))
print(re.match(r"^\s*(#.*)?$", "   # comment").group(1))
print(re.search(r"\sfoo\s", "a foo b") is not None)
print(re.search(r"\d+$", "abc 123").group(0))
print(re.match(r"(?:ab)+", "ababx").group(0))

for pattern in ("(", "a)", "[a"):
    try:
        re.compile(pattern)
        print("compiled", pattern)
    except Exception as e:
        print("error for", pattern, isinstance(e, Exception))

words = [m.group(0) for m in [re.search(r"\w+", w) for w in ["  x1", "..y2", "z3!"]]]
print(words)
