"""How `pytest -n` shares the tests among its workers (conftest.py's pytest_xdist_make_scheduler).

xdist's loadscope keeps a module's tests on one worker, so that module-scoped scratch builds are made
once. Upstream's suites are the exception: one module runs `scons variant=NAME test` for every variant
(60-130 s each) and the modules were dispatched last (loadscope sends big modules first, by test
count), so one worker ran all seven suites one after another at the end while the other had nothing
left. Their fixtures are per variant, so each variant's tests form a scope of their own, and those
scopes go first, then the longest modules (a long module dispatched last is a tail that one worker
runs alone).
"""

import pathlib

REPO = pathlib.Path(__file__).resolve().parents[1]
SPLIT_BY_VARIANT = ("tests/upstream/",)
# Dispatched first, in this order (worker seconds in a full run on 2 cores, December 2026): upstream's
# suites (1,470 in all), then modules of more than 90 s.
FIRST = SPLIT_BY_VARIANT + (
    "tests/graph/test_coverage.py",          # 539
    "tests/graph/test_graph_wasm.py",        # 294
    "tests/graph/test_graph.py",             # 249
    "tests/browser/test_runtime_limits.py",  # 246
    "tests/graph/test_jspi_gc_stress.py",    # 142
    "tests/graph/test_scons_ux.py",          # 125
    "tests/graph/test_noop_fastpath.py",     # 112
    "tests/graph/test_killed_builds.py",     # 105
    "tests/graph/test_bench.py",             # 104
    "tests/graph/test_graph_properties.py",  # 96
)


def scope_of(nodeid: str) -> str:
    """The work unit of a test: its module (or class), and for SPLIT_BY_VARIANT modules its variant too."""
    scope = nodeid.rsplit("::", 1)[0]
    if nodeid.startswith(SPLIT_BY_VARIANT) and nodeid.endswith("]") and "[" in nodeid:
        scope += "[" + nodeid.rsplit("[", 1)[1]
    return scope


def _rank(scope: str) -> int:
    for rank, prefix in enumerate(FIRST):
        if scope.startswith(prefix):
            return rank
    return len(FIRST)


def heavy_first(scopes):
    """The scopes in the order to dispatch them: those FIRST names, in its order, then the others, each
    group keeping the order it came in."""
    return sorted(scopes, key=_rank)  # (stable)
