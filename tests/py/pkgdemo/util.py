# Utility submodule of the helper package.
LOADS = []
LOADS.append("util")


def square(x):
    return x * x


def clamp(v, lo, hi):
    return max(lo, min(hi, v))
