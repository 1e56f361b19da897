# Nested subpackage.
from ..util import clamp

LEVEL = "sub"
