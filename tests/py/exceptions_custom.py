# User-defined exception hierarchies, attributes, and handler matching.


class AppError(Exception):
    pass


class ConfigError(AppError):
    def __init__(self, key, reason="invalid"):
        super().__init__(key, reason)
        self.key = key
        self.reason = reason

    def __str__(self):
        return "config %s: %s" % (self.key, self.reason)


class NetworkError(AppError):
    code = 500


class TimeoutError_(NetworkError):
    code = 504


def risky(kind):
    if kind == "config":
        raise ConfigError("port", "missing")
    if kind == "net":
        raise NetworkError("down")
    if kind == "timeout":
        raise TimeoutError_("slow", 30)
    if kind == "value":
        raise ValueError("plain")
    return "fine"


for kind in ("ok", "config", "net", "timeout", "value"):
    try:
        result = risky(kind)
    except ConfigError as e:
        result = "ConfigError key=%s reason=%s str=%s args=%s" % (e.key, e.reason, str(e), e.args)
    except NetworkError as e:
        result = "%s code=%d args=%s" % (type(e).__name__, e.code, e.args)
    except AppError:
        result = "generic app error"
    except Exception as e:
        result = "other " + type(e).__name__
    print(kind, "->", result)

print(issubclass(TimeoutError_, AppError), issubclass(ConfigError, NetworkError))
print(isinstance(ConfigError("k"), Exception), isinstance(ConfigError("k"), BaseException))

e = AppError()
print(e.args, str(e) == "", repr(AppError("x")) == repr(AppError("x")))
print(str(AppError("one")), str(AppError("a", "b")), AppError(1, 2).args)


# exceptions carrying data via attributes
class ValidationError(Exception):
    def __init__(self, errors):
        super().__init__("%d errors" % len(errors))
        self.errors = errors


def validate(record):
    errors = []
    if not record.get("name"):
        errors.append("name required")
    if record.get("age", 0) < 0:
        errors.append("age negative")
    if errors:
        raise ValidationError(errors)
    return True


for rec in ({"name": "x", "age": 3}, {"age": -1}, {"name": ""}):
    try:
        print(validate(rec))
    except ValidationError as ve:
        print(ve.args[0], ve.errors)


# catching BaseException subclasses that are not Exception
class Stop(BaseException):
    pass


try:
    try:
        raise Stop()
    except Exception:
        print("not caught by Exception")
except BaseException as b:
    print("caught", type(b).__name__, isinstance(b, Exception))


# exception class hierarchy of builtins
for exc in (KeyError, IndexError, ZeroDivisionError, OverflowError, OSError, ValueError,
            NotImplementedError, StopIteration, AssertionError, AttributeError, ImportError,
            NameError, TypeError, RuntimeError, KeyboardInterrupt, SystemExit, GeneratorExit):
    bases = [b.__name__ for b in (LookupError, ArithmeticError, RuntimeError, Exception, BaseException) if issubclass(exc, b)]
    print(exc.__name__, bases)


# raising non-exception is a TypeError
try:
    raise 42
except TypeError:
    print("TypeError raising int")


# exception objects are regular objects
errs = [ValueError(i) for i in range(3)]
print([e.args[0] for e in errs], all(isinstance(e, ValueError) for e in errs))
try:
    raise errs[1]
except ValueError as caught:
    print(caught is errs[1])
