# Integer matrix operations with nested lists.


def mat_mul(a, b):
    return [[sum(a[i][k] * b[k][j] for k in range(len(b))) for j in range(len(b[0]))] for i in range(len(a))]


def transpose(m):
    return [list(row) for row in zip(*m)]


def identity(n):
    return [[1 if i == j else 0 for j in range(n)] for i in range(n)]


def mat_pow(m, e):
    result = identity(len(m))
    while e:
        if e & 1:
            result = mat_mul(result, m)
        m = mat_mul(m, m)
        e >>= 1
    return result


def det(m):
    # Bareiss fraction-free elimination (exact for integers)
    m = [row[:] for row in m]
    n = len(m)
    sign = 1
    prev = 1
    for k in range(n - 1):
        if m[k][k] == 0:
            for r in range(k + 1, n):
                if m[r][k]:
                    m[k], m[r] = m[r], m[k]
                    sign = -sign
                    break
            else:
                return 0
        for i in range(k + 1, n):
            for j in range(k + 1, n):
                m[i][j] = (m[i][j] * m[k][k] - m[i][k] * m[k][j]) // prev
        prev = m[k][k]
    return sign * m[n - 1][n - 1]


A = [[1, 2, 3], [4, 5, 6]]
B = [[7, 8], [9, 10], [11, 12]]
print(mat_mul(A, B), transpose(A), transpose(transpose(A)) == A)
print(mat_mul(identity(3), B) == B, identity(2))
fibm = mat_pow([[1, 1], [1, 0]], 90)
print(fibm[0][1], mat_pow([[2, 0], [0, 3]], 10))
for m in ([[2]], [[1, 2], [3, 4]], [[6, 1, 1], [4, -2, 5], [2, 8, 7]], [[0, 1], [1, 0]],
          [[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[2, -1, 0, 0], [-1, 2, -1, 0], [0, -1, 2, -1], [0, 0, -1, 2]]):
    print(det(m))

# hilbert-like integer matrix determinant grows quickly
big = [[(i + 1) ** j for j in range(6)] for i in range(6)]  # Vandermonde
print(det(big))



def fmt(m):
    width = max(len(str(v)) for row in m for v in row)
    return "\n".join(" ".join("%*d" % (width, v) for v in row) for row in m)


print(fmt(mat_mul(B, A)))
print(fmt([[i * j - 10 for j in range(4)] for i in range(3)]))

# rotation of a square matrix by 90 degrees
sq = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
rot = [list(r) for r in zip(*sq[::-1])]
print(rot, [row[::-1] for row in sq[::-1]])

# spiral order
def spiral(m):
    out = []
    m = [row[:] for row in m]
    while m:
        out.extend(m.pop(0))
        m = [list(r) for r in zip(*m)][::-1]
    return out


print(spiral([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]))
