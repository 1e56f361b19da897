# math module: results printed with fixed precision.
import math


def f(x):
    return "%.6f" % x


print(f(math.pi), f(math.e), f(math.tau))
print(math.sqrt(16), math.sqrt(2) ** 2 - 2 < 1e-12, f(math.sqrt(10)))
print(math.floor(2.7), math.floor(-2.7), math.ceil(2.1), math.ceil(-2.1), math.trunc(-2.9), math.trunc(2.9))
print(type(math.floor(2.5)).__name__, type(math.ceil(2.5)).__name__)
print(math.fabs(-3.5), math.fabs(2), math.copysign(3, -0.5), math.copysign(-2, 1))
print(math.pow(2, 10), math.pow(4, 0.5), math.exp(0), f(math.exp(1)), f(math.exp(-2)))
print(math.log(1), f(math.log(10)), f(math.log(8, 2)), f(math.log10(1000)), f(math.log2(1024)))
print(f(math.sin(0)), f(math.sin(math.pi / 2)), f(math.cos(math.pi)), f(math.tan(math.pi / 4)))
print(f(math.asin(1)), f(math.acos(0)), f(math.atan(1)), f(math.atan2(1, -1)), f(math.atan2(-1, -1)))
print(f(math.sinh(1)), f(math.cosh(1)), f(math.tanh(0.5)))
print(f(math.degrees(math.pi)), f(math.radians(180)), f(math.radians(-45)))
print(math.fmod(7, 3), math.fmod(-7, 3), math.modf(3.5), math.modf(-2.25), math.frexp(8.0), math.ldexp(0.5, 4))
print(math.isfinite(1.0), math.isfinite(math.inf), math.isinf(-math.inf), math.isnan(math.nan), math.isnan(1.0))
print(math.factorial(0), math.factorial(10), math.factorial(20))
print(math.isclose(0.1 + 0.2, 0.3), math.isclose(1.0, 1.1), math.isclose(1.0, 1.05, rel_tol=0.1))
print(f(math.gamma(5)), f(math.lgamma(10)), f(math.erf(1)), f(math.erfc(1)))
print(f(math.expm1(1e-5) * 1e5), f(math.acosh(2)), f(math.asinh(1)), f(math.atanh(0.5)))
try:
    math.sqrt(-1)
except ValueError:
    print("ValueError sqrt(-1)")
try:
    math.log(0)
except ValueError:
    print("ValueError log(0)")
try:
    math.factorial(-1)
except ValueError:
    print("ValueError factorial(-1)")

# a small numeric computation: Newton's method for cube root
def cbrt(v):
    x = v
    for _ in range(50):
        x = x - (x * x * x - v) / (3 * x * x)
    return x


print(f(cbrt(27)), f(cbrt(2)), f(cbrt(1000)))

# distance and angles
pts = [(0, 0), (3, 4), (-1, 1), (1, 1)]
print([f(math.sqrt(x * x + y * y)) for x, y in pts])
print([f(math.degrees(math.atan2(y, x))) for x, y in pts])
