# list and tuple basics: methods, operators, mutation, nesting.

L = [3, 1, 4, 1, 5, 9, 2, 6]
print(len(L), L[0], L[-1], L.index(4), L.count(1), 9 in L, 7 in L)
L.append(5)
L.insert(0, 0)
L.insert(-1, "before-last")
L.insert(100, "end")
print(L)
print(L.pop(), L.pop(0), L.pop(-2), L)
L.remove(1)
print(L)
L.extend(range(3))
L.extend("ab")
print(L)
L.reverse()
print(L)
nums = [x for x in L if isinstance(x, int)]
nums.sort()
print(nums, sum(nums), min(nums), max(nums))
c = nums.copy()
c.clear()
print(c, len(nums))
try:
    [].pop()
except IndexError:
    print("IndexError pop empty")
try:
    [1].remove(2)
except ValueError:
    print("ValueError remove")
try:
    [1, 2].index(3)
except ValueError:
    print("ValueError index")
try:
    L[100]
except IndexError:
    print("IndexError index")

print([1, 2] + [3], [0] * 4, [[0] * 2] * 2, 2 * [1, 2])
grid = [[0] * 3 for _ in range(2)]
grid[0][1] = 5
print(grid)
alias = [[0] * 2] * 2
alias[0][0] = 7
print(alias)
print([1, 2, 3] < [1, 2, 4], [1, 2] < [1, 2, 0], [2] > [1, 99], [] == [], [1] != [1.0])
L2 = [1, 2]
L2 += [3]
L2 *= 2
print(L2)
del L2[0]
del L2[1:3]
print(L2)

t = (1, "two", 3.0, None, (5, 6))
print(len(t), t[1], t[-1][0], t.index(3.0), t.count(None), t + (7,), t[:2] * 2)
print((), (1,), tuple(), tuple([1, 2]), tuple("ab"), (1, 2) == (1, 2), (1, 2) < (1, 3))
try:
    t[0] = 5
except TypeError:
    print("tuple immutable")
single = 42,
print(single, type(single).__name__, len(single))
tl = ([1], [2])
tl[0].append("mutable inside")
print(tl)
print(hash((1, 2)) == hash((1, 2)), {(1, 2): "ok"}[(1, 2)])
print(sorted([(2, "b"), (1, "z"), (2, "a")]), max([(1, 2), (1, 3)]))

# list as stack and queue
stack = []
for i in range(4):
    stack.append(i)
print([stack.pop() for _ in range(len(stack))])
queue = list("abcd")
out = []
while queue:
    out.append(queue.pop(0))
print(out)

# enumerate/zip with lists and tuples
for i, (a, b) in enumerate(zip([1, 2, 3], ("x", "y", "z")), 1):
    print(i, a, b)

# list() and tuple() copy
orig = [1, [2]]
cp = list(orig)
cp[1].append(3)
cp.append(4)
print(orig, cp)
print(list(range(0)), list(range(5, 0, -2)), tuple(range(3)))
print(str([1, "a", (2,), [3.5, None], True]), repr(("x",)))
