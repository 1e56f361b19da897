# with-statement: __enter__/__exit__, exception suppression, nesting.

log = []


class Resource:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress

    def __enter__(self):
        log.append("enter " + self.name)
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            log.append("exit %s ok" % self.name)
        else:
            log.append("exit %s %s %s" % (self.name, exc_type.__name__, exc.args))
        return self.suppress


with Resource("a") as r:
    log.append("body " + r.name)
print(log)
log.clear()

try:
    with Resource("b"):
        raise ValueError("oops")
except ValueError as e:
    log.append("caught outside " + str(e.args))
print(log)
log.clear()

with Resource("c", suppress=True):
    raise KeyError("suppressed")
log.append("after suppressed")
print(log)
log.clear()

with Resource("outer") as o, Resource("inner") as i:
    log.append("body %s %s" % (o.name, i.name))
print(log)
log.clear()

try:
    with Resource("x1"), Resource("x2", suppress=False):
        raise IndexError(1)
except IndexError:
    log.append("propagated")
print(log)
log.clear()


def early_return():
    with Resource("ret"):
        log.append("returning")
        return "value"
    log.append("unreachable")


print(early_return(), log)
log.clear()

for i in range(3):
    with Resource("loop%d" % i):
        if i == 1:
            continue
        if i == 2:
            break
        log.append("body%d" % i)
print(log)
log.clear()


# __enter__ return value is what gets bound
class Opener:
    def __enter__(self):
        return [1, 2, 3]

    def __exit__(self, *args):
        return False


with Opener() as data:
    print("bound", data)


# Exception in __enter__ means __exit__ is not called
class BadEnter:
    def __enter__(self):
        raise RuntimeError("enter failed")

    def __exit__(self, *a):
        print("should not run")


try:
    with BadEnter():
        print("not reached")
except RuntimeError as e:
    print("enter raised", e.args)


# A context manager that records timing-like state via a generator-free class
class Indent:
    level = 0

    def __enter__(self):
        Indent.level += 1
        return Indent.level

    def __exit__(self, *a):
        Indent.level -= 1


def emit(msg):
    print("  " * Indent.level + msg)


emit("top")
with Indent():
    emit("one")
    with Indent():
        emit("two")
    emit("one again")
emit("top again")

# with on a StringIO-like object
import io

with io.StringIO() as buf:
    buf.write("hello ")
    buf.write("there")
    print(buf.getvalue())
