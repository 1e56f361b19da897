# Nested function definitions, factories and function objects.


def outer(x):
    def middle(y):
        def inner(z):
            return x + y + z

        return inner

    return middle


print(outer(1)(10)(100), outer("a")("b")("c"))


def make_multiplier(n):
    def mul(v):
        return v * n

    return mul


double, triple = make_multiplier(2), make_multiplier(3)
print(double(21), triple("ab"), [f(5) for f in (double, triple)])


def compose(*funcs):
    def composed(v):
        for f in reversed(funcs):
            v = f(v)
        return v

    return composed


inc = lambda v: v + 1
print(compose(double, inc)(5), compose(inc, double)(5), compose()(7))


def counter_factory():
    counts = {"n": 0}

    def tick():
        counts["n"] += 1
        return counts["n"]

    def reset():
        counts["n"] = 0

    return tick, reset


tick, reset = counter_factory()
print(tick(), tick(), tick())
reset()
print(tick())


# recursion through a nested function referring to itself
def tree_sum(tree):
    def walk(node):
        if isinstance(node, int):
            return node
        return sum(walk(child) for child in node)

    return walk(tree)


print(tree_sum([1, [2, 3], [[4], [5, [6]]]]))


# nested function using parameters and defaults of the outer function
def power_table(base, count=4):
    def row(exp=1):
        return [base ** e for e in range(exp, exp + count)]

    return row(), row(3)


print(power_table(2), power_table(3, 2))


# functions are first-class: stored, passed, returned, compared
def apply_all(funcs, value):
    return [f(value) for f in funcs]


print(apply_all([str, abs, double, lambda q: q * q], -4))
print(double is double, double is not triple, callable(double), double.__name__)

# generator defined inside a function that closes over a parameter
def ranger(step):
    def gen(n):
        i = 0
        while i < n:
            yield i
            i += step

    return gen


print(list(ranger(3)(10)), list(ranger(5)(21)))


# nested classes inside functions
def make_class(greeting):
    class Greeter:
        def greet(self, who):
            return "%s, %s" % (greeting, who)

    return Greeter


G1, G2 = make_class("Hi"), make_class("Bye")
print(G1().greet("A"), G2().greet("B"), G1 is G2)


# deeply nested closure chain
def chain(n):
    if n == 0:
        return lambda: 0
    prev = chain(n - 1)
    return lambda: prev() + n


print(chain(20)())


# nested function modifying outer list and dict without nonlocal
def collector():
    items = []
    index = {}

    def add(k, v):
        items.append(v)
        index[k] = len(items) - 1

    add("a", 10)
    add("b", 20)
    return items, sorted(index.items())


print(collector())
