# Every function of stats (cmod/stats/stats.c) on good data: lists, tuples, ranges, generators,
# ints, floats and bools, the `sample` keyword, and cases that need the compensated sum or more
# than the first allocation of numbers. A failed check exits non-zero (uncaught AssertionError).
import stats

checks = 0


def check(label, got, expected):
    global checks
    assert type(got) is type(expected) and got == expected, "%s: got %r, expected %r" % (label, got, expected)
    checks += 1


def check_close(label, got, expected, tolerance=1e-12):
    global checks
    assert type(got) is float and abs(got - expected) <= tolerance, "%s: got %r, expected %r" % (label, got, expected)
    checks += 1


check("__name__", stats.__name__, "stats")
check("public names", sorted(name for name in dir(stats) if not name.startswith("_")),
      ["fsum", "mean", "median", "minmax", "stdev", "variance"])

# --- fsum: always a float; Neumaier compensation keeps what plain addition loses
check("fsum empty", stats.fsum([]), 0.0)
check("fsum ints", stats.fsum([1, 2, 3]), 6.0)
check("fsum tenths", stats.fsum([0.1] * 10), 1.0)
check("fsum big then small", stats.fsum([1e100, 1.0, -1e100]), 1.0)      # |sum| >= |item| branch
check("fsum small then big", stats.fsum([1.0, 1e100, 1.0, -1e100]), 2.0)  # |sum| < |item| branch
check("fsum range", stats.fsum(range(101)), 5050.0)
check("fsum generator", stats.fsum(x / 2 for x in range(4)), 3.0)
check("fsum bools", stats.fsum([True, True, False]), 2.0)
check("fsum negatives", stats.fsum((-1.5, -2.5)), -4.0)

# --- mean
check("mean", stats.mean([1, 2, 3, 4]), 2.5)
check("mean one", stats.mean([7]), 7.0)
check("mean tuple", stats.mean((2.5, 3.5)), 3.0)
check("mean generator", stats.mean(x for x in (1.5, 2.5)), 2.0)
check("mean bytes are ints", stats.mean(b"\x00\x02"), 1.0)
check("mean compensated", stats.mean([1e100, 1.0, -1e100, 3.0]), 1.0)
check("mean many (grows the list)", stats.mean(range(1000)), 499.5)
check("mean dict keys", stats.mean({10: "a", 20: "b"}), 15.0)

# --- variance and stdev: sample (n - 1) by default, population with sample=False
check("variance", stats.variance([1, 2, 3, 4]), 5 / 3)
check("variance sample=True", stats.variance([1, 2, 3, 4], sample=True), 5 / 3)
check("variance population", stats.variance([1, 2, 3, 4], sample=False), 1.25)
check_close("variance floats", stats.variance([2.5, 3.5, 7.0]), 5.583333333333333)
check_close("variance floats population", stats.variance([2.5, 3.5, 7.0], sample=False), 3.7222222222222223)
check("variance two", stats.variance([1, 3]), 2.0)
check("variance constant", stats.variance([4, 4, 4]), 0.0)
check("variance one point, population", stats.variance([5], sample=False), 0.0)
check("variance sample falsy value", stats.variance([1, 2, 3], sample=0), 2 / 3)
# Far from zero: two passes keep the exact answer of 4, 7, 13, 16 (mean 10, squares 90).
check("variance far from zero", stats.variance([1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16]), 30.0)
check("variance many", stats.variance(range(1, 101), sample=False), 833.25)
check("stdev population", stats.stdev([2, 4, 4, 4, 5, 5, 7, 9], sample=False), 2.0)
check("stdev sample", stats.stdev([2, 4, 4, 4, 5, 5, 7, 9]), (32 / 7) ** 0.5)
check_close("stdev 1..5", stats.stdev(range(1, 6)), 1.5811388300841898)
check("stdev constant", stats.stdev([3.5, 3.5]), 0.0)
check("stdev one point, population", stats.stdev([9], sample=False), 0.0)
check("stdev sample keyword", stats.stdev([1, 3], sample=True), 2 ** 0.5)

# --- median: the middle value, or the mean of the two middle values
check("median odd", stats.median([3, 1, 2]), 2.0)
check("median even", stats.median((4, 1, 2, 3)), 2.5)
check("median one", stats.median([-8]), -8.0)
check("median mixed", stats.median([1.5, -2, 3.25, 0]), 0.75)
check("median duplicates", stats.median([5, 1, 5, 5, 2]), 5.0)
check("median sorted descending", stats.median(range(10, 0, -1)), 5.5)
check("median generator", stats.median(x * x for x in range(5)), 4.0)
data = [3, 1, 2]
stats.median(data)
check("median leaves the list alone", data, [3, 1, 2])

# --- minmax: (min, max) as floats
check("minmax range", stats.minmax(range(5)), (0.0, 4.0))
check("minmax one", stats.minmax([2]), (2.0, 2.0))
check("minmax unsorted", stats.minmax([3, -1.5, 7, 0]), (-1.5, 7.0))
check("minmax first is max", stats.minmax([9, 1, 2]), (1.0, 9.0))
check("minmax generator", stats.minmax(x - 10 for x in range(25)), (-10.0, 14.0))
check("minmax infinities", stats.minmax([0, float("inf"), float("-inf")]), (float("-inf"), float("inf")))

print("stats values: %d checks passed" % checks)

# Infinities pass through the compensated sum as they would through a plain one.
inf = float("inf")
assert stats.fsum([1.0, inf]) == inf
assert stats.mean([inf, 1.0]) == inf
assert stats.fsum([-inf, 2.0]) == -inf
print("stats infinities: ok")
