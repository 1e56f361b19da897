# Recursive algorithms (kept shallow enough for small stacks).


def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)


print([fact(i) for i in range(10)], fact(30))


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print([fib(i) for i in range(15)])


def gcd(a, b):
    return a if b == 0 else gcd(b, a % b)


print(gcd(1071, 462), gcd(17, 5), gcd(2 ** 40, 6 ** 20))


def hanoi(n, src, dst, via, moves):
    if n == 0:
        return
    hanoi(n - 1, src, via, dst, moves)
    moves.append((src, dst))
    hanoi(n - 1, via, dst, src, moves)


mv = []
hanoi(4, "A", "C", "B", mv)
print(len(mv), mv[:5])


def permutations(items):
    if len(items) <= 1:
        return [items[:]]
    out = []
    for i in range(len(items)):
        rest = items[:i] + items[i + 1:]
        for p in permutations(rest):
            out.append([items[i]] + p)
    return out


print(permutations([1, 2, 3]))
print(len(permutations(list("abcde"))))


def flatten(x):
    if isinstance(x, list):
        result = []
        for item in x:
            result.extend(flatten(item))
        return result
    return [x]


print(flatten([1, [2, [3, [4, [5]]]], [], [[6, 7]]]))


def merge_sort(a):
    if len(a) <= 1:
        return a
    mid = len(a) // 2
    left, right = merge_sort(a[:mid]), merge_sort(a[mid:])
    out = []
    i = j = 0
    while i < len(left) and j < len(right):
        if left[i] <= right[j]:
            out.append(left[i])
            i += 1
        else:
            out.append(right[j])
            j += 1
    return out + left[i:] + right[j:]


print(merge_sort([38, 27, 43, 3, 9, 82, 10, -1, 0, 27]))


def quick(a):
    if len(a) < 2:
        return a
    p = a[0]
    return quick([x for x in a[1:] if x < p]) + [p] + quick([x for x in a[1:] if x >= p])


print(quick([5, 2, 8, 2, 9, 1, 5, 5]))


def power_set(s):
    if not s:
        return [[]]
    rest = power_set(s[1:])
    return rest + [[s[0]] + r for r in rest]


print(sorted(power_set([1, 2, 3])))


def ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))


print(ackermann(2, 3))


# mutual recursion
def is_even(n):
    return True if n == 0 else is_odd(n - 1)


def is_odd(n):
    return False if n == 0 else is_even(n - 1)


print(is_even(40), is_odd(33), is_even(7))


def depth(tree):
    if not isinstance(tree, tuple):
        return 0
    return 1 + max(depth(t) for t in tree)


print(depth(((1, 2), (3, (4, (5,))))))


def binary_search(a, x, lo=0, hi=None):
    if hi is None:
        hi = len(a)
    if lo >= hi:
        return -1
    mid = (lo + hi) // 2
    if a[mid] == x:
        return mid
    if a[mid] < x:
        return binary_search(a, x, mid + 1, hi)
    return binary_search(a, x, lo, mid)


arr = list(range(0, 100, 3))
print(binary_search(arr, 27), binary_search(arr, 28), binary_search(arr, 99))

# recursion depth limit is reported as RuntimeError (RecursionError in CPython)
def forever(n):
    return forever(n + 1)


try:
    forever(0)
except RuntimeError:
    print("RuntimeError on runaway recursion")
