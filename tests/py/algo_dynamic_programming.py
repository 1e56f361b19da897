# Dynamic-programming algorithms on lists and dicts.


def lcs(a, b):
    m, n = len(a), len(b)
    dp = [[0] * (n + 1) for _ in range(m + 1)]
    for i in range(m):
        for j in range(n):
            dp[i + 1][j + 1] = dp[i][j] + 1 if a[i] == b[j] else max(dp[i][j + 1], dp[i + 1][j])
    out = []
    i, j = m, n
    while i and j:
        if a[i - 1] == b[j - 1]:
            out.append(a[i - 1])
            i -= 1
            j -= 1
        elif dp[i - 1][j] >= dp[i][j - 1]:
            i -= 1
        else:
            j -= 1
    return dp[m][n], "".join(reversed(out))


print(lcs("ABCBDAB", "BDCABA"), lcs("micropython", "cpython"), lcs("", "abc"))


def edit_distance(s, t):
    prev = list(range(len(t) + 1))
    for i, cs in enumerate(s, 1):
        cur = [i]
        for j, ct in enumerate(t, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (cs != ct)))
        prev = cur
    return prev[-1]


for s, t in (("kitten", "sitting"), ("flaw", "lawn"), ("", "abc"), ("same", "same"), ("intention", "execution")):
    print(s, t, edit_distance(s, t))


def knapsack(items, cap):
    best = [0] * (cap + 1)
    choice = [[] for _ in range(cap + 1)]
    for w, v, name in items:
        for c in range(cap, w - 1, -1):
            if best[c - w] + v > best[c]:
                best[c] = best[c - w] + v
                choice[c] = choice[c - w] + [name]
    return best[cap], sorted(choice[cap])


items = [(12, 4, "box"), (2, 2, "book"), (1, 1, "pen"), (1, 2, "cup"), (4, 10, "laptop")]
print(knapsack(items, 15), knapsack(items, 5), knapsack(items, 0))


def coin_change(coins, amount):
    ways = [1] + [0] * amount
    for c in coins:
        for a in range(c, amount + 1):
            ways[a] += ways[a - c]
    fewest = [0] + [None] * amount
    for a in range(1, amount + 1):
        opts = [fewest[a - c] for c in coins if c <= a and fewest[a - c] is not None]
        fewest[a] = min(opts) + 1 if opts else None
    return ways[amount], fewest[amount]


print(coin_change([1, 2, 5], 11), coin_change([2], 3), coin_change([1, 5, 10, 25, 50, 100], 300))


def lis(seq):
    tails = []
    for x in seq:
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if tails[mid] < x:
                lo = mid + 1
            else:
                hi = mid
        if lo == len(tails):
            tails.append(x)
        else:
            tails[lo] = x
    return len(tails)


print(lis([10, 9, 2, 5, 3, 7, 101, 18]), lis(list(range(20))), lis(list(range(20, 0, -1))))


def partitions(n):
    p = [1] + [0] * n
    for k in range(1, n + 1):
        for i in range(k, n + 1):
            p[i] += p[i - k]
    return p[n]


print([partitions(n) for n in range(1, 16)], partitions(100))

# memoised grid paths with obstacles
grid = ["....#", ".#...", "...#.", "#....", "....."]
memo = {}


def paths(r, c):
    if r >= len(grid) or c >= len(grid[0]) or grid[r][c] == "#":
        return 0
    if (r, c) == (len(grid) - 1, len(grid[0]) - 1):
        return 1
    if (r, c) not in memo:
        memo[(r, c)] = paths(r + 1, c) + paths(r, c + 1)
    return memo[(r, c)]


print(paths(0, 0), len(memo))
