# needs frozen: logging abc inspect
# Frozen micropython-lib modules (ports/wasm/manifests/pyscript.py) where they behave as CPython's.
import abc
import inspect
import logging
import sys

handler = logging.StreamHandler(sys.stdout)
# (micropython-lib's StreamHandler starts without a level: set one, as CPython allows)
handler.setLevel(logging.DEBUG)
handler.setFormatter(logging.Formatter("%(levelname)s:%(name)s:%(message)s"))
log = logging.getLogger("app")
log.addHandler(handler)
log.setLevel(logging.INFO)
log.debug("hidden %d", 1)
log.info("shown %d of %s", 2, "three")
log.warning("careful")
log.error("failed: %r", ("x", 1))
print(log.isEnabledFor(logging.DEBUG), log.isEnabledFor(logging.ERROR), logging.getLogger("app") is log)
log.setLevel(logging.DEBUG)
log.debug("now visible")
print(logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR, logging.CRITICAL)


def plain():
    pass


def gen():
    yield 1


class Thing:
    def method(self):
        pass


print(inspect.isfunction(plain), inspect.isgeneratorfunction(gen), inspect.isgeneratorfunction(plain))
print(inspect.isclass(Thing), inspect.isclass(plain), inspect.ismodule(abc))


class Base:  # (micropython-lib's abc has abstractmethod only, as a marker)
    @abc.abstractmethod
    def area(self):
        pass


class Square(Base):
    def __init__(self, side):
        self.side = side

    def area(self):
        return self.side * self.side


print(Square(3).area(), isinstance(Square(1), Base))
