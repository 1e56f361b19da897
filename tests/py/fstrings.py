# f-string literals: expressions, conversions, format specs.

name = "world"
n = 42
pi_ish = 3.14159
items = [1, 2, 3]
d = {"k": "v"}

print(f"hello {name}")
print(f"{n} + 1 = {n + 1}")
print(f"{name!r} {name!s}")
print(f"{n:5d}|{n:<5d}|{n:^6d}|{n:05d}|{n:x}|{n:X}|{n:o}|{n:b}")
print(f"{pi_ish:.2f}|{pi_ish:8.3f}|{pi_ish:<8.1f}|{-pi_ish:+.1f}|{pi_ish:e}")
print(f"{name:>10}|{name:<10}|{name:^11}|{name:*^11}|{name:.3}")
print(f"{items} {items[1]} {len(items)} {d['k']}")
print(f"{'nested quotes'}", f'{"double inside single"}')
print(f"{{literal braces}} {n}")
print(f"{n if n > 40 else 0} {[x * 2 for x in items]}")
print(f"{'a' + 'b'}{n * 2}{name.upper()}")
print(f"part {n}" " plain", "plain " f"part {n}")  # (f"" f"" is not supported)
print(f"{3:>{5}}|")


def fmt_row(label, value, width):
    return f"{label:<{width}}:{value:>6}"


for lbl, v in (("alpha", 1), ("be", 22), ("gamma", 333)):
    print(fmt_row(lbl, v, 7))

x = 7
print(f"{x}{x}{x}", f"{x:3}{x:3}", f"{x!r:>4}")
print(f"{True} {None} {1.5} {-0}")
print(f"{2 ** 70}")
print(r"raw\n" + f"{n}", len(r"\n" + f"{n}"))  # (rf"" is not supported)

obj = type("K", (), {"__repr__": lambda self: "K()", "__str__": lambda self: "k-str"})()
print(f"{obj} {obj!r} {obj!s}")
