# complex numbers and the cmath module (printed with fixed precision).
import cmath


def fx(v):
    s = "%.4f" % v
    return "0.0000" if s == "-0.0000" else s  # sign of zero is not compared


def c(z):
    return "(%s, %s)" % (fx(z.real), fx(z.imag))


a = 3 + 4j
b = complex(1, -2)
print(a, b, a.real, a.imag, type(a).__name__)
print(a + b, a - b, a * b, abs(a), a == complex(3, 4), a != b)
print(c(a / b), c(a ** 2), c(complex(b.real, -b.imag)))
print(1j * 1j, (1 + 0j) == 1, complex(2) == 2.0, -a, +b)
print(complex(1, 2), complex(0, 0), 2j, 0.5j, 1 - 1j, complex(-2.5, 0.5))
print(c(cmath.sqrt(-1)), c(cmath.sqrt(a)), c(cmath.exp(1j * cmath.pi)), c(cmath.log(a)))
print(fx(cmath.phase(-1)), fx(cmath.phase(1j)), [fx(v) for v in cmath.polar(a)])
print(c(cmath.rect(2, cmath.pi / 2)), c(cmath.cos(1j)), c(cmath.sin(1 + 1j)))
print(c(cmath.log10(100)), c(cmath.log10(-100)))

# roots of a quadratic with negative discriminant
def roots(p, q, r):
    disc = cmath.sqrt(q * q - 4 * p * r)
    return (-q + disc) / (2 * p), (-q - disc) / (2 * p)


for z in roots(1, 2, 5):
    print(c(z))
for z in roots(1, -3, 2):
    print(c(z))

# rotating points with complex multiplication
pt = 1 + 0j
rot = cmath.exp(1j * cmath.pi / 2)
path = []
for _ in range(4):
    pt *= rot
    path.append(c(pt))
print(path)
print(abs(3 + 4j) == 5.0, (2 + 0j) ** 2 == 4, (1 + 1j) * (1 - 1j))
try:
    1 / (0 + 0j)
except ZeroDivisionError:
    print("ZeroDivisionError complex")
try:
    (1 + 1j) < (2 + 2j)
except TypeError:
    print("TypeError ordering complex")
