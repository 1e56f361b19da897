"""How `pytest -n` shares the tests among its workers (conftest.py's pytest_xdist_make_scheduler).

xdist's loadscope keeps a module's tests on one worker, so that module-scoped scratch builds are made
once. Upstream's suites are the exception: one module runs `scons variant=NAME test` for every variant
(60-130 s each) and the modules were dispatched last (loadscope sends big modules first, by test
count), so one worker ran all seven suites one after another at the end while the other had nothing
left. Their fixtures are per variant, so each variant's tests form a scope of their own, and those
scopes go first.
"""

SPLIT_BY_VARIANT = ("tests/upstream/",)


def scope_of(nodeid: str) -> str:
    """The work unit of a test: its module (or class), and for SPLIT_BY_VARIANT modules its variant too."""
    scope = nodeid.rsplit("::", 1)[0]
    if nodeid.startswith(SPLIT_BY_VARIANT) and nodeid.endswith("]") and "[" in nodeid:
        scope += "[" + nodeid.rsplit("[", 1)[1]
    return scope


def runs_first(scope: str) -> bool:
    return scope.startswith(SPLIT_BY_VARIANT)


def heavy_first(scopes):
    """The scopes in the order to dispatch them: SPLIT_BY_VARIANT ones first, each group in its order."""
    scopes = list(scopes)
    return [s for s in scopes if runs_first(s)] + [s for s in scopes if not runs_first(s)]
