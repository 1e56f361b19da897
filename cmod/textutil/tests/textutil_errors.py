# textutil (cmod/textutil/textutil.pym) on bad calls: the errors its C bodies raise, wrong argument
# types, missing and extra arguments. Each call must raise exactly the expected exception and message;
# one that raises nothing, or something else, ends the program with a non-zero exit status.
import textutil

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


# --- errors raised by the C bodies
expect_error(ValueError, "clamp: lo must not be greater than hi", textutil.clamp, 1, 2, 0)
expect_error(ValueError, "clamp: lo must not be greater than hi", textutil.clamp, 0.5, hi=-1.0)
expect_error(ValueError, "hexlify: input too long", textutil.hexlify, bytes(textutil.HEX_LIMIT + 1))
expect_error(ValueError, "hexlify: input too long", textutil.hexlify, bytearray(textutil.HEX_LIMIT + 1), sep=":")
expect_error(ValueError, "value must be in 0..10, not 11", textutil.require_range, 11, 0, 10)
expect_error(ValueError, "value must be in 0..10, not -1", textutil.require_range, -1, 0, 10)
expect_error(ValueError, "level must be in 1..3, not 0", textutil.require_range, 0, 1, 3, name="level")
expect_error(ValueError, "x must be in 5..4, not 5", textutil.require_range, 5, 5, 4, "x")  # empty range

# --- wrong argument types: MicroPython's own conversion errors
expect_error(TypeError, "can't convert str to int", textutil.gcd, "12")
expect_error(TypeError, "can't convert float to int", textutil.gcd, 12, 1.5)
expect_error(TypeError, "can't convert NoneType to int", textutil.ordinal_suffix, None)
expect_error(TypeError, "can't convert str to int", textutil.require_range, 1, "0", 10)
expect_error(TypeError, "can't convert str to float", textutil.clamp, "x")
expect_error(TypeError, "can't convert NoneType to float", textutil.clamp, 0.5, hi=None)
expect_error(TypeError, "can't convert list to float", textutil.lerp, 0, [1], 0.5)
expect_error(TypeError, "can't convert 'int' object to str implicitly", textutil.count_words, 1)
expect_error(TypeError, "can't convert 'bytes' object to str implicitly", textutil.count_words, b"x")
expect_error(TypeError, "can't convert 'NoneType' object to str implicitly", textutil.is_palindrome, None)
expect_error(TypeError, "can't convert 'int' object to str implicitly", textutil.hexlify, b"ab", 0)
expect_error(TypeError, "can't convert 'bytes' object to str implicitly", textutil.require_range, 1, 2, 3, b"n")
expect_error(TypeError, "object with buffer protocol required", textutil.crc32, 1)
expect_error(TypeError, "object with buffer protocol required", textutil.crc32, None)
expect_error(TypeError, "object with buffer protocol required", textutil.hexlify, [1, 2])
expect_error(TypeError, "object with buffer protocol required", textutil.strip, 3)
# chars has a non-None default, so None is not "absent" there
expect_error(TypeError, "object with buffer protocol required", textutil.strip, b" a ", None)
expect_error(TypeError, "can't convert NoneType to int", textutil.crc32, b"x", None)
expect_error(OverflowError, "overflow converting long int to machine word", textutil.gcd, 2 ** 80)

# --- missing, extra and unknown arguments
expect_error(TypeError, "'text' argument required", textutil.count_words)
expect_error(TypeError, "'x' argument required", textutil.clamp)
expect_error(TypeError, "'t' argument required", textutil.lerp, 1, 2)
expect_error(TypeError, "'a' argument required", textutil.gcd, b=2)
expect_error(TypeError, "'data' argument required", textutil.crc32, crc=1)
expect_error(TypeError, "'data' argument required", textutil.hexlify)
expect_error(TypeError, "'data' argument required", textutil.strip, chars=b"x")
expect_error(TypeError, "'n' argument required", textutil.ordinal_suffix)
expect_error(TypeError, "'hi' argument required", textutil.require_range, 1, lo=0)
expect_error(TypeError, "extra positional arguments given", textutil.gcd, 1, 2, 3)
expect_error(TypeError, "extra positional arguments given", textutil.lerp, 1, 2, 3, 4)
expect_error(TypeError, "extra keyword arguments given", textutil.gcd, 1, c=2)
expect_error(TypeError, "extra keyword arguments given", textutil.clamp, 1, low=0)
# ignore_case and alnum_only are keyword-only
expect_error(TypeError, "extra positional arguments given", textutil.is_palindrome, "x", True)
expect_error(TypeError, "extra positional arguments given", textutil.is_palindrome, "x", True, True)
# an argument given both by position and by keyword is refused as an extra keyword argument
expect_error(TypeError, "extra keyword arguments given", textutil.gcd, 1, a=2)
expect_error(TypeError, "extra keyword arguments given", textutil.count_words, "a", text="b")
# version_info takes no arguments at all
expect_error(TypeError, "function doesn't take keyword arguments", textutil.version_info, x=1)
expect_error(TypeError, "function takes 0 positional arguments but 1 were given", textutil.version_info, 1)

print("textutil errors: %d checks passed" % checks)
