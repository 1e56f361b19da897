# Chained comparisons and comparison operators across types.

x = 5
print(1 < x < 10, 1 < x > 10, 10 > x >= 5, 5 <= x <= 5, 1 < 2 < 3 < 4 < 5, 1 < 2 > 3 < 4)
print(x == 5 == 5.0, 1 == 1 != 2, 3 != 3 == 3, 0 <= x < 3)

calls = []


def v(n):
    calls.append(n)
    return n


# middle operand evaluated once; short-circuits at the first false link
print(v(1) < v(2) < v(3), calls)
calls.clear()
print(v(3) < v(2) < v(1), calls)
calls.clear()
print(v(1) < v(5) > v(4) < v(9), calls)

# membership and identity in chains
lst = [1, 2, 3]
print(2 in lst in [lst], 4 not in lst is not None, 1 in lst in [[0]])
a = b = []
print(a is b is a, a is b is not None)

# comparisons of different types
print(1 < 1.5 < 2, -1 < 0 < True + 1, "a" < "b" < "c", (1, 2) < (1, 3) < (2,), [1] < [1, 0] < [2])
print(2 ** 70 > 2 ** 69 > 1e20, 3 == 3.0, 0.5 < 1 < 2 ** 100)
print("abc" == "abc" != "abd", b"x" < b"y", None == None != False)

for bad in (lambda: 1 < "a", lambda: [] < (), lambda: {} < {}, lambda: None > 0):
    try:
        bad()
    except TypeError:
        print("TypeError")

# equality between different types is allowed and False
print(1 == "1", [] == (), {} == [], None == 0, "a" != b"a")

# range checks in loops and conditionals
grades = []
for score in (95, 85, 72, 64, 50, 100, 0):
    if 90 <= score <= 100:
        grades.append("A")
    elif 80 <= score < 90:
        grades.append("B")
    elif 70 <= score < 80:
        grades.append("C")
    elif 60 <= score < 70:
        grades.append("D")
    else:
        grades.append("F")
print(grades)


# user-defined comparisons in chains
class Ver:
    def __init__(self, *parts):
        self.parts = parts

    def __lt__(self, o):
        return self.parts < o.parts

    def __le__(self, o):
        return self.parts <= o.parts

    def __gt__(self, o):
        return self.parts > o.parts

    def __eq__(self, o):
        return self.parts == o.parts

    def __repr__(self):
        return "v" + ".".join(map(str, self.parts))


lo, mid, hi = Ver(1, 0), Ver(1, 2, 3), Ver(2,)
print(lo < mid < hi, lo <= lo < hi, lo < hi < mid, mid == Ver(1, 2, 3) <= hi)
print(sorted([hi, lo, mid]), min(hi, lo, mid), max([lo, hi, mid]))

# not and comparisons precedence
print(not 1 < 2, not (1 > 2) == True, (not 1) < 2)
