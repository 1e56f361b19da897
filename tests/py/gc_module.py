# gc module: portable API, plus checks that live data survives collections.
import gc

print(gc.isenabled())
gc.disable()
print(gc.isenabled())
gc.enable()
print(gc.isenabled())
gc.collect()

# build a linked structure, drop references to garbage, collect, and verify
class Node:
    def __init__(self, value, nxt=None):
        self.value = value
        self.next = nxt


head = None
for i in range(500):
    head = Node(i, head)
    if i % 7 == 0:
        garbage = [Node(-1) for _ in range(10)]  # becomes garbage next round
garbage = None
gc.collect()

total = 0
count = 0
n = head
while n is not None:
    total += n.value
    count += 1
    n = n.next
print(count, total)

# many short-lived allocations with collections in between
keep = {}
for round_ in range(20):
    tmp = [str(j) * 3 for j in range(200)]
    keep[round_] = tmp[round_]
    if round_ % 5 == 0:
        gc.collect()
print(sorted(keep.items())[:3], len(keep))

# cyclic garbage is reclaimed without disturbing live objects
class Cycle:
    def __init__(self):
        self.me = self
        self.payload = bytearray(256)


for _ in range(200):
    Cycle()
live = [Cycle() for _ in range(3)]
gc.collect()
print(all(c.me is c for c in live), sum(len(c.payload) for c in live))

# big strings and ints survive collections
big = "x" * 10000
num = 3 ** 500
gc.collect()
print(len(big), num % 1000007, big[-3:])

# gc disabled: allocations still work
gc.disable()
data = [[i] * 10 for i in range(300)]
gc.enable()
gc.collect()
print(sum(len(d) for d in data), data[299][0])
