# Prime-number algorithms: sieve, trial division, factorisation, Miller-Rabin.


def sieve(limit):
    is_p = bytearray(b"\x01" * (limit + 1))
    is_p[0] = is_p[1] = 0
    i = 2
    while i * i <= limit:
        if is_p[i]:
            for j in range(i * i, limit + 1, i):
                is_p[j] = 0
        i += 1
    return [n for n in range(limit + 1) if is_p[n]]


ps = sieve(2000)
print(len(ps), ps[:12], ps[-3:], sum(ps))


def factorize(n):
    out = []
    d = 2
    while d * d <= n:
        while n % d == 0:
            out.append(d)
            n //= d
        d += 1 if d == 2 else 2
    if n > 1:
        out.append(n)
    return out


for n in (2, 12, 97, 360, 1001, 65536, 999983 * 7, 2 ** 31 - 1, 600851475143):
    print(n, factorize(n))


def is_probable_prime(n):
    if n < 2:
        return False
    for p in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for a in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        x = pow(a, d, n)
        if x == 1 or x == n - 1:
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


print([n for n in range(100) if is_probable_prime(n)] == sieve(99))
for n in (2 ** 61 - 1, 2 ** 64 + 1, 2 ** 89 - 1, 2 ** 127 - 1, 10 ** 18 + 9, 341, 561):
    print(n, is_probable_prime(n))

# twin primes and gaps
twins = [(a, b) for a, b in zip(ps, ps[1:]) if b - a == 2]
gaps = [b - a for a, b in zip(ps, ps[1:])]
print(len(twins), twins[:5], max(gaps), gaps.index(max(gaps)))

# Goldbach decompositions for a few even numbers
pset = set(ps)
for even in (4, 28, 100, 1000):
    pairs = [(p, even - p) for p in ps if p <= even // 2 and (even - p) in pset]
    print(even, len(pairs), pairs[:3])
