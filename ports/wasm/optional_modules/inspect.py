# inspect: what MicroPython can tell about live objects, and signature() of functions written in
# Python (from their bytecode, through the port's _signature module: MicroPython keeps no
# __code__). Not micropython-lib's inspect, which has no signature(): PyScript's @when needs it.
import sys
from collections import OrderedDict

import _signature


def getmembers(obj, pred=None):
    members = []
    for name in dir(obj):
        value = getattr(obj, name)
        if pred is None or pred(value):
            members.append((name, value))
    members.sort()
    return members


def _function():
    pass


def _generator_function():
    yield


class _Owner:
    def method(self):
        pass


def isfunction(obj):
    return isinstance(obj, type(_function))


def isgeneratorfunction(obj):
    return isinstance(obj, type(_generator_function))


def isgenerator(obj):
    return isinstance(obj, type(_generator_function()))


def ismethod(obj):
    return isinstance(obj, type(_Owner().method))


def isclass(obj):
    return isinstance(obj, type)


def ismodule(obj):
    return isinstance(obj, type(sys))


def getmro(cls):
    return [cls]


# MicroPython keeps neither source text nor frames.
def getmodule(obj, _filename=None):
    return None


def getsourcefile(obj):
    return None


def getfile(obj):
    return "<unknown>"


def getsource(obj):
    return "<source redacted to save you memory>"


def currentframe():
    return None


def getframeinfo(frame, context=1):
    return ("<unknown>", -1, "<unknown>", [""], 0)


def getargspec(func):
    raise NotImplementedError("getargspec() is gone from CPython too: use inspect.signature()")


class _Empty:
    pass


class Parameter:
    POSITIONAL_ONLY = 0
    POSITIONAL_OR_KEYWORD = 1
    VAR_POSITIONAL = 2
    KEYWORD_ONLY = 3
    VAR_KEYWORD = 4
    empty = _Empty

    def __init__(self, name, kind, default=_Empty):
        self.name = name
        self.kind = kind
        self.default = default

    def __str__(self):
        prefix = {Parameter.VAR_POSITIONAL: "*", Parameter.VAR_KEYWORD: "**"}.get(self.kind, "")
        text = prefix + self.name
        if self.default is not _Empty:
            text += "=" + repr(self.default)
        return text

    def __repr__(self):
        return "<Parameter \"{}\">".format(self)


class Signature:
    empty = _Empty

    def __init__(self, parameters=()):
        self.parameters = OrderedDict((parameter.name, parameter) for parameter in parameters)

    def __str__(self):
        texts = []
        star_written = False
        for parameter in self.parameters.values():
            if parameter.kind == Parameter.VAR_POSITIONAL:
                star_written = True
            elif parameter.kind == Parameter.KEYWORD_ONLY and not star_written:
                texts.append("*")
                star_written = True
            texts.append(str(parameter))
        return "(" + ", ".join(texts) + ")"

    def __repr__(self):
        return "<Signature {}>".format(self)


def signature(function):
    """The parameters of a function written in Python (a callable with __wrapped__: of what it
    wraps, as functools.wraps records it). The names of *args and **kwargs are not kept in
    MicroPython's bytecode: they read as "args" and "kwargs"; keyword-only parameters that
    follow *args may come in another order than written (the bytecode's)."""
    while hasattr(function, "__wrapped__"):
        function = function.__wrapped__
    try:
        names, keyword_only, defaults, keyword_defaults, has_varargs, has_varkw = _signature.describe(function)
    except ValueError:
        raise ValueError("no signature found for {!r}".format(function))
    parameters = []
    first_default = len(names) - len(defaults)
    for index, name in enumerate(names):
        default = defaults[index - first_default] if index >= first_default else _Empty
        parameters.append(Parameter(name, Parameter.POSITIONAL_OR_KEYWORD, default))
    if has_varargs:
        parameters.append(Parameter("args", Parameter.VAR_POSITIONAL))
    for name in keyword_only:
        parameters.append(Parameter(name, Parameter.KEYWORD_ONLY, keyword_defaults.get(name, _Empty)))
    if has_varkw:
        parameters.append(Parameter("kwargs", Parameter.VAR_KEYWORD))
    return Signature(parameters)
