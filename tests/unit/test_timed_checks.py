"""tests/timed_checks.py: the fastest try counts, and every try must end."""

from timed_checks import fastest_within


def test_the_fastest_try_counts_and_every_try_must_end():
    assert fastest_within([300, 40, 900], 100)
    assert not fastest_within([120, 150, 101], 100)  # slow every time: the mechanism is slow
    assert not fastest_within([10, 1500, 20], 100)  # one Stop that never came in time
    assert fastest_within([10, 150, 20], 50, every_within_ms=200)
    assert not fastest_within([10, 250, 20], 50, every_within_ms=200)
