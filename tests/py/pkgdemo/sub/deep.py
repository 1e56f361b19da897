# Module in a nested subpackage, importing from its parent packages.
from .. import util
from . import LEVEL


def info():
    return "%s/deep clamp=%d sq=%d" % (LEVEL, util.clamp(15, 0, 10), util.square(5))
