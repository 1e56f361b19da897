"""Timed checks that hold on a loaded machine.

A check repeats the timed action (three tries) and asks for the fastest to be within the limit, and
every try to end: two busy cores can delay any one try, while a mechanism that is too slow (a Stop
read too rarely, a deadline checked too late) is slow every time.
"""


def fastest_within(times_ms, limit_ms, every_within_ms=1000):
    """Every try ended within ``every_within_ms``, the fastest within ``limit_ms``."""
    return all(ms < every_within_ms for ms in times_ms) and min(times_ms) < limit_ms
