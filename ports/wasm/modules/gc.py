"""gc: the garbage collector (upstream's module, from the C module _gc: core/gc_module.c).

collect() has freed what is unreachable when it returns. In WebAssembly builds that cannot see
references held in wasm locals, _gc.collect() only asks for a collection at the running frame's
next branch, where all of its state is in memory (emscripten/gccollect.c): the `if` below is that
branch. Called from bytecode in a build's top-level frame (every Python call from Python in the
stackless builds), the collection runs there; elsewhere it runs at the next safe point.
"""

from _gc import *  # noqa: F403 (disable, enable, isenabled, mem_alloc, mem_free, threshold)
from _gc import collect as _collect_by_next_branch


def collect():
    if _collect_by_next_branch():
        pass
