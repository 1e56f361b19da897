"""A small functools for the wasm port: partial, reduce, wraps, update_wrapper, cache."""

_MISSING = object()


def reduce(function, iterable, initial=_MISSING):
    iterator = iter(iterable)
    if initial is _MISSING:
        try:
            value = next(iterator)
        except StopIteration:
            raise TypeError("reduce() of empty iterable with no initial value")
    else:
        value = initial
    for element in iterator:
        value = function(value, element)
    return value


def partial(function, *args, **keywords):
    def call(*more_args, **more_keywords):
        merged = dict(keywords)
        merged.update(more_keywords)
        return function(*(args + more_args), **merged)

    return call


def update_wrapper(wrapper, wrapped, assigned=None, updated=None):
    # MicroPython functions take no attributes; nothing to copy.
    return wrapper


def wraps(wrapped, assigned=None, updated=None):
    def decorator(wrapper):
        return update_wrapper(wrapper, wrapped)

    return decorator


def cache(function):
    """Memoise a function of hashable positional arguments."""
    results = {}

    def cached(*args):
        try:
            return results[args]
        except KeyError:
            value = results[args] = function(*args)
            return value

    return cached


lru_cache = lambda maxsize=None: cache  # noqa: E731 (unbounded: simple and fast)
