# Long loops whose frames outlive many thousands of branches, in every block kind:
# on wasm the VM leaves and resumes such frames now and then (ports/wasm/emscripten/vm_reentry.c),
# so state held in try/except/finally/with blocks, generators and the value stack
# must survive each resumption exactly.


class Counter:
    def __init__(self):
        self.entered = 0
        self.exited = 0

    def __enter__(self):
        self.entered += 1
        return self

    def __exit__(self, kind, value, traceback):
        self.exited += 1
        return kind is KeyError  # swallow KeyError only


def squares(limit):
    total = 0
    for i in range(limit):
        try:
            total += yield i * i
        except ValueError:
            total -= 1
    return total


def loop_in_blocks(rounds):
    manager = Counter()
    caught = 0
    finals = 0
    acc = 0
    for i in range(rounds):
        try:
            with manager:
                try:
                    if i % 7 == 0:
                        raise ValueError(i)
                    if i % 11 == 0:
                        raise KeyError(i)
                    acc += i & 15
                finally:
                    finals += 1
        except ValueError as error:
            caught += error.args[0] % 3
        while acc > 1000:  # an inner loop inside the protected blocks
            acc -= 999
    return manager.entered, manager.exited, caught, finals, acc


def driven_generator(rounds):
    gen = squares(rounds)
    received = [next(gen)]
    for i in range(rounds - 1):
        if i % 13 == 0:
            received.append(gen.throw(ValueError()))
        else:
            received.append(gen.send(i))
    try:
        gen.send(1)
    except StopIteration as stop:
        return len(received), sum(received) % 1000003, stop.value


def stack_values_across_branches(rounds):
    # Values pending on the stack while the loop branches (conditional expressions,
    # and/or chains, comparisons), repeated far past any re-entry period.
    out = 0
    for i in range(rounds):
        out = (out + (i if i % 2 else -i) + (i and 3 or 5) + (1 if 2 < i < 9 else 0)) % 100000
    return out


def deep_then_long(depth, rounds):
    if depth:
        return deep_then_long(depth - 1, rounds) + 1
    return stack_values_across_branches(rounds)


print(loop_in_blocks(60000))
print(driven_generator(30000))
print(stack_values_across_branches(100000))
print(deep_then_long(40, 20000))

# A module-level loop: the program's first frame.
total = 0
names = []
for n in range(80000):
    if n % 20000 == 0:
        names.append("step%d" % n)
    try:
        total += n // (n % 5)
    except ZeroDivisionError:
        total -= 1
print(total, names)
