"""Allocation-heavy benchmark: short-lived tuples, lists, dicts and strings.

Each round builds a table of small objects and drops it, so the run is
dominated by the allocator and the garbage collector.
Usage: alloc.py [ROUNDS] (default 3000). Prints a checksum and the time.
Runs unchanged on MicroPython and CPython.
"""
import sys
import time

if hasattr(time, "ticks_us"):  # MicroPython: a microsecond tick counter that wraps
    def now():
        return time.ticks_us()

    def seconds_between(start, end):
        return time.ticks_diff(end, start) / 1000000
else:
    now = time.perf_counter

    def seconds_between(start, end):
        return end - start

ROW_COUNT = 64


def churn(rounds):
    checksum = 0
    for round_number in range(rounds):
        rows = []
        for index in range(ROW_COUNT):
            label = str(index * round_number)
            rows.append((index, [index, round_number], {"index": index, "label": label}, label + "!"))
        picked = rows[round_number % ROW_COUNT]
        joined = "-".join(row[3] for row in rows[:8])
        checksum = (checksum * 31 + picked[0] + len(picked[2]["label"]) + len(joined)) % 1000003
    return checksum


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    start = now()
    checksum = churn(rounds)
    elapsed = seconds_between(start, now())
    print("check: %d" % checksum)
    print("alloc ms: %.3f" % (elapsed * 1000))


main()
