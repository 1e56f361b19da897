# stats (cmod/stats/stats.c) on bad calls: too few data points, items that are not numbers,
# data that is not iterable, missing and extra arguments. Each call must raise exactly the expected
# exception and message; one that raises nothing, or something else, exits non-zero.
import stats

checks = 0


def expect_error(kind, message, function, *args, **kwargs):
    global checks
    try:
        result = function(*args, **kwargs)
    except kind as error:
        assert str(error) == message, "%s%r: message %r, expected %r" % (function.__name__, args, str(error), message)
        print("%s: %s" % (kind.__name__, error))
        checks += 1
        return
    raise AssertionError("%s%r %r returned %r instead of raising %s" % (function.__name__, args, kwargs, result,
                                                                      kind.__name__))


def failing_numbers():
    yield 1
    raise OSError("source failed")


# --- too few data points (fsum needs none)
expect_error(ValueError, "mean requires at least 1 data points", stats.mean, [])
expect_error(ValueError, "median requires at least 1 data points", stats.median, ())
expect_error(ValueError, "minmax requires at least 1 data points", stats.minmax, range(0))
expect_error(ValueError, "variance requires at least 2 data points", stats.variance, [1])
expect_error(ValueError, "variance requires at least 1 data points", stats.variance, [], sample=False)
expect_error(ValueError, "stdev requires at least 2 data points", stats.stdev, [1.5])
expect_error(ValueError, "stdev requires at least 1 data points", stats.stdev, iter([]), sample=False)

# --- data that is not an iterable of numbers
expect_error(TypeError, "'int' object isn't iterable", stats.mean, 5)
expect_error(TypeError, "'NoneType' object isn't iterable", stats.fsum, None)
expect_error(TypeError, "'float' object isn't iterable", stats.variance, 1.5)
expect_error(TypeError, "can't convert str to float", stats.mean, ["a"])
expect_error(TypeError, "can't convert str to float", stats.median, "12")    # a str iterates over strs
expect_error(TypeError, "can't convert NoneType to float", stats.minmax, [1, None])
expect_error(TypeError, "can't convert list to float", stats.stdev, [[1], [2]])
expect_error(TypeError, "can't convert tuple to float", stats.fsum, {(1, 2): 3})
# an error raised while iterating goes through unchanged
expect_error(OSError, "source failed", stats.fsum, failing_numbers())

# --- missing, extra and unknown arguments
expect_error(TypeError, "function takes 1 positional arguments but 0 were given", stats.fsum)
expect_error(TypeError, "function takes 1 positional arguments but 0 were given", stats.median)
expect_error(TypeError, "function takes 1 positional arguments but 2 were given", stats.mean, [1], [2])
expect_error(TypeError, "function takes 1 positional arguments but 2 were given", stats.minmax, [1], 2)
expect_error(TypeError, "function doesn't take keyword arguments", stats.mean, data=[1])
expect_error(TypeError, "'data' argument required", stats.variance)
expect_error(TypeError, "'data' argument required", stats.stdev, sample=False)
# data may also be given by keyword
assert stats.variance(data=[1, 2]) == 0.5
assert stats.stdev(data=[1, 3], sample=False) == 1.0
# sample is keyword-only
expect_error(TypeError, "extra positional arguments given", stats.variance, [1, 2], False)
expect_error(TypeError, "extra positional arguments given", stats.stdev, [1, 2], True)
expect_error(TypeError, "extra keyword arguments given", stats.variance, [1, 2], population=True)
expect_error(TypeError, "extra keyword arguments given", stats.stdev, [1, 2], sample=True, ddof=1)

print("stats errors: %d checks passed" % checks)
