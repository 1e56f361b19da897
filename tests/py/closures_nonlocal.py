# Closures capturing variables, nonlocal rebinding and late binding.


def make_counter(start=0):
    count = start

    def inc(step=1):
        nonlocal count
        count += step
        return count

    def get():
        return count

    return inc, get


inc, get = make_counter()
print(inc(), inc(), inc(5), get())

inc2, get2 = make_counter(100)
print(inc2(), get(), get2())


def make_adders():
    adders = []
    for i in range(4):
        adders.append(lambda x: x + i)  # late binding: all see final i
    return adders


print([f(10) for f in make_adders()])


def make_adders_bound():
    return [lambda x, i=i: x + i for i in range(4)]


print([f(10) for f in make_adders_bound()])


def outer():
    x = "outer"

    def middle():
        def inner():
            nonlocal x
            x = x + "+inner"
            return x

        return inner()

    r = middle()
    return r, x


print(outer())


def accumulator():
    total = []

    def add(v):
        total.append(v)  # mutation, no nonlocal needed
        return sum(total)

    return add


acc = accumulator()
for v in (3, 4, 5):
    print("acc", acc(v))


def closure_over_loop_var():
    funcs = {}
    for name in ("a", "b", "c"):
        def f(name=name):
            return name * 2
        funcs[name] = f
    return sorted((k, v()) for k, v in funcs.items())


print(closure_over_loop_var())


def nested_nonlocal_chain():
    a = 1

    def l1():
        nonlocal a
        a += 10

        def l2():
            nonlocal a
            a *= 2

        l2()
        return a

    return l1(), a


print(nested_nonlocal_chain())


# Closure cell shared between sibling functions
def shared():
    v = 0

    def setv(n):
        nonlocal v
        v = n

    def getv():
        return v

    return setv, getv


s, g = shared()
s(42)
print(g())
s("str")
print(g())
