# global declarations, name resolution (LEGB), shadowing.

counter = 0
name = "module"


def bump():
    global counter
    counter += 1
    return counter


bump()
bump()
print("counter", counter)


def read_global():
    return name


def shadow():
    name = "local"
    return name


print(read_global(), shadow(), name)


def create_global():
    global created
    created = "made inside function"


create_global()
print(created)


def unbound_local():
    try:
        print(counter)
        counter = 5  # makes counter local for the whole function
    except NameError as e:  # UnboundLocalError is a NameError subclass
        return type(e).__name__ in ("UnboundLocalError", "NameError")


print("unbound local detected", unbound_local())


def enclosing():
    name = "enclosing"

    def inner():
        return name

    return inner()


print(enclosing())


def builtin_shadow():
    len = lambda x: "fake len"
    return len([1, 2])


print(builtin_shadow(), len([1, 2]))

x = "global x"


class Scope:
    x = "class x"

    def method(self):
        return x  # class scope is not visible from methods

    def method_cls(self):
        return Scope.x


print(Scope().method(), Scope().method_cls())

# globals() dictionary access
g = globals()
print("counter" in g, g["name"], type(g).__name__)
g["injected"] = 99
print(injected)


def modify_via_globals():
    globals()["counter"] = 1000


modify_via_globals()
print(counter)

# del of a global
tmp = 1
del tmp
try:
    tmp
except NameError:
    print("tmp deleted")


# locals in nested functions and default values capture current global value
val = 1


def capture(v=val):
    return v


val = 2
print(capture(), val)


def multi_global():
    global a1, a2
    a1, a2 = 10, 20


multi_global()
print(a1 + a2)

# for-loop at module level binds globals
for loopvar in range(3):
    pass
print("loopvar" in globals(), loopvar)

# __name__ of main module
print(__name__)
