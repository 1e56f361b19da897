"""Recursion-heavy benchmark: naive Fibonacci, mostly Python-to-Python calls.

Usage: fib.py [N] (default 25). Prints the value (as a check) and the time.
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


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 25
    start = now()
    value = fib(n)
    elapsed = seconds_between(start, now())
    print("check: %d" % value)
    print("fib ms: %.3f" % (elapsed * 1000))


main()
