# Operator precedence and associativity.

print(2 + 3 * 4, (2 + 3) * 4, 2 * 3 ** 2, (2 * 3) ** 2, -2 ** 2, (-2) ** 2)
print(2 ** 3 ** 2, (2 ** 3) ** 2, 2 ** -1, -3 ** -2 == -(3 ** -2))
print(10 - 4 - 3, 10 - (4 - 3), 100 / 10 / 5, 100 / (10 / 5), 17 // 5 * 5 + 17 % 5)
print(1 + 2 << 3, 1 + (2 << 3), 1 << 2 + 3, 6 & 3 | 8, 6 & (3 | 8), 5 ^ 3 & 1, (5 ^ 3) & 1)
print(-7 // 2, -(7 // 2), ~5 + 1, ~(5 + 1), not 0 + 1, (not 0) + 1)
print(1 < 2 and 3 > 4 or 5 == 5, 1 < 2 and (3 > 4 or 5 == 5), not 1 == 2, not (1 == 2))
print(True or False and False, (True or False) and False, None or 0 and 1, (None or 0) and 1)
print(3 if 1 > 2 else 4 if 2 > 3 else 5, (3 if True else 4) + 10, 3 if True else 4 + 10)
print(1 + 2 if False else 3 * 4, [1, 2] + [3] * 2, "ab" * 2 + "c", -"abc".find("z"))
print(2 * -3, 2 ** -2 * 4, - - 5, + - + 5, ~~7, not not 0)
print(7 % 3 * 2, 7 * 3 % 4, 2 + 7 % 3, (2 + 7) % 3, -7 % 3, 7 % -3)
x = 5
x += 3 * 2
x -= 1 + 1
x *= 2 + 1
print(x)
print(1 in [1, 2] == True, (1 in [1, 2]) == True, 2 in [1, 2] and 3 not in [1, 2])
print((lambda v: v * 2)(3) + 1, (lambda: 1 if False else 2)() * 3)
d = {"a": [1, {"b": 2}]}
print(d["a"][1]["b"] ** 2 + -d["a"][0], "abc"[1:][0], (1, 2, 3)[-1] * 2)
print(abs(-3) ** 2, -abs(-3) ** 2, max(1, 2) * min(3, 4) - len("ab") // 2)
print(0.5 + 1 / 4 * 2 - 0.25, 2 ** 0.5 ** 2 == 2 ** 0.25, (1, 2) + (3,) * 2)
