# Re-raising, raise-from, exceptions raised inside handlers and finally.
# Only exception types and args are printed (messages/tracebacks differ).


def reraise():
    try:
        raise KeyError("k")
    except KeyError:
        raise


try:
    reraise()
except KeyError as e:
    print("reraised", type(e).__name__, e.args)


def raise_from():
    try:
        {}["missing"]
    except KeyError as e:
        raise ValueError("converted") from e


try:
    raise_from()
except ValueError as e:
    print("from", type(e).__name__, e.args)


def raise_from_none():
    try:
        [][1]
    except IndexError:
        raise RuntimeError("hidden") from None


try:
    raise_from_none()
except RuntimeError as e:
    print("from None", type(e).__name__, e.args)


def raise_in_handler():
    try:
        1 / 0
    except ZeroDivisionError:
        raise TypeError("in handler")


try:
    raise_in_handler()
except TypeError as e:
    print("handler", type(e).__name__, e.args)
except ZeroDivisionError:
    print("wrong")


def finally_overrides():
    try:
        raise ValueError("first")
    finally:
        raise KeyError("second")


try:
    finally_overrides()
except KeyError as e:
    print("finally", type(e).__name__, e.args)
except ValueError:
    print("wrong")


# Nested try: inner handler does not match, outer does.
try:
    try:
        int("x")
    except TypeError:
        print("not here")
    finally:
        print("inner finally")
except ValueError as e:
    print("outer caught", type(e).__name__)


# Exception variable is unbound after the except block.
try:
    raise OSError("nope")
except OSError as err:
    saved = err
print(type(saved).__name__, saved.args)
try:
    err
except NameError:
    print("err unbound")


# Catching with a tuple of types, and the base class.
for exc in (IndexError, KeyError, ZeroDivisionError, AttributeError):
    try:
        raise exc("x")
    except (IndexError, KeyError) as e:
        print("lookup-ish", type(e).__name__, isinstance(e, LookupError))
    except ArithmeticError as e:
        print("arith", type(e).__name__)
    except Exception as e:
        print("other", type(e).__name__)


# Bare raise of a stored exception object.
e1 = ValueError(1, 2)
try:
    raise e1
except ValueError as e:
    print(e is e1, e.args)


# Raising a class instantiates it.
try:
    raise StopIteration
except StopIteration as e:
    print("class raise", type(e).__name__, e.args)


# Exception in a loop with continue/break in handlers.
out = []
for i in range(6):
    try:
        if i % 2:
            raise ValueError(i)
        out.append(i)
    except ValueError:
        if i == 5:
            break
        continue
    finally:
        out.append("f%d" % i)
print(out)
