# functools is a frozen module in our build (ports/wasm/modules) and the stdlib one in CPython.
import functools

print(functools.reduce(lambda a, b: a * b, range(1, 7)))
print(functools.reduce(lambda a, b: a + b, [], 10))
try:
    functools.reduce(lambda a, b: a + b, [])
except TypeError:
    print("TypeError")
power_of_two = functools.partial(pow, 2)
print([power_of_two(n) for n in range(6)])
greet = functools.partial("{} {}!".format, "hello")
print(greet("world"))


@functools.cache
def ways(n):
    return 1 if n < 2 else ways(n - 1) + ways(n - 2)


print(ways(90))
