# import of a helper module (_moddemo.py) and package (pkgdemo/) from tests/py.
import sys

import _moddemo
import _moddemo as md2

print(_moddemo.NAME, _moddemo.greet("test"), md2 is _moddemo)
print(_moddemo.bump(), _moddemo.bump(), _moddemo.counter)
w = _moddemo.Widget(3)
print(w.area(), type(w).__name__, _moddemo._private)

import _moddemo  # second import does not re-run the module

print(_moddemo.counter)

from _moddemo import greet, Widget as W

print(greet("from-import"), W(4).area())

import pkgdemo

print(pkgdemo.describe(), pkgdemo.VERSION)

import pkgdemo.shapes

print([s.area() for s in pkgdemo.shapes.make(4)])

from pkgdemo import util

print(util.square(9), util.clamp(-5, 0, 10), util.LOADS)

from pkgdemo.sub import deep
from pkgdemo.sub import LEVEL, clamp

print(deep.info(), LEVEL, clamp(100, 1, 50))

import pkgdemo.sub.deep as d2

print(d2 is deep, d2.info() == deep.info())
print("pkgdemo" in sys.modules, "pkgdemo.util" in sys.modules, "pkgdemo.sub.deep" in sys.modules)
print(hasattr(pkgdemo, "shapes"), hasattr(pkgdemo, "sub"))

try:
    import no_such_module_here
except ImportError as e:
    print("ImportError", type(e).__name__ in ("ImportError", "ModuleNotFoundError"))

try:
    from pkgdemo import does_not_exist
except ImportError:
    print("ImportError for missing name")

# module attributes
print(_moddemo.__name__, pkgdemo.__name__, util.__name__, deep.__name__)


# import inside a function is local to it
def local_import():
    import pkgdemo.util as u

    return u.square(12)


print(local_import(), "u" in globals())
