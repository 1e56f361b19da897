# Submodule of the helper package; uses a relative import.
from . import util


class Square:
    def __init__(self, side):
        self.side = side

    def area(self):
        return util.square(self.side)


def make(n):
    return [Square(i) for i in range(1, n + 1)]
