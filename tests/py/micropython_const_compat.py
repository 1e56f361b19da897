# The usual portability idiom around the micropython module: const() and
# friends are used when present and replaced by plain fallbacks otherwise.
try:
    import micropython

    const = micropython.const
    HAVE_MICROPYTHON = True
except ImportError:
    def const(x):
        return x

    HAVE_MICROPYTHON = False

WIDTH = const(16)
HEIGHT = const(9)
MASK = const(0xFF)
_PRIVATE = const(1 << 4)

print(WIDTH * HEIGHT, MASK & 0x1234, _PRIVATE, WIDTH + HEIGHT == 25)


def area(w=WIDTH, h=HEIGHT):
    return w * h


print(area(), area(2), area(h=3))

# const values can be used in expressions evaluated at compile time
FLAGS = const(1 | 2 | 8)
print(FLAGS, FLAGS & 8 != 0, bin(FLAGS))

# const() results are ordinary ints
print(type(WIDTH).__name__, str(HEIGHT))
