# Toy RSA with big integers: extended gcd, modular inverse, pow(b, e, m).


def egcd(a, b):
    x0, y0, x1, y1 = 1, 0, 0, 1
    while b:
        q, a, b = a // b, b, a % b
        x0, x1 = x1, x0 - q * x1
        y0, y1 = y1, y0 - q * y1
    return a, x0, y0


def modinv(a, m):
    g, x, _ = egcd(a, m)
    if g != 1:
        raise ValueError("not invertible")
    return x % m


print(egcd(240, 46), egcd(17, 5), modinv(3, 11), modinv(10, 17))
try:
    modinv(4, 8)
except ValueError:
    print("no inverse for 4 mod 8")

# known primes (Mersenne primes M89 and M107)
p = 2 ** 89 - 1
q = 2 ** 107 - 1
n = p * q
phi = (p - 1) * (q - 1)
e = 65537
d = modinv(e, phi)
print(n)
print(d)
print(e * d % phi)


def encode(text):
    return int.from_bytes(text.encode(), "big")


def decode(num):
    length = (len(hex(num)) - 2 + 1) // 2
    return num.to_bytes(length, "big").decode()


msg = "Hi, MicroPython!"
m = encode(msg)
c = pow(m, e, n)
back = pow(c, d, n)
print(m, c)
print(back == m, decode(back))

# CRT-accelerated decryption gives the same answer
dp, dq = d % (p - 1), d % (q - 1)
qinv = modinv(q, p)
m1, m2 = pow(c, dp, p), pow(c, dq, q)
h = (qinv * (m1 - m2)) % p
print(m2 + h * q == m)

# signatures
digest = sum(ord(ch) * 31 ** i for i, ch in enumerate("document")) % n
sig = pow(digest, d, n)
print(pow(sig, e, n) == digest, pow(sig + 1, e, n) == digest)

# big-number identities
a = 3 ** 200
b = 7 ** 150
g, x, y = egcd(a, b)
print(g, a * x + b * y == g)
print(pow(2, 10 ** 4, 10 ** 9 + 7), pow(12345678901234567890, 98765, 10 ** 20 + 39))
print(len(str(2 ** 4423 - 1)), str(2 ** 4423 - 1)[:20], (2 ** 4423 - 1) % 1000000007)
