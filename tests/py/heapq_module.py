# heapq: the functions MicroPython's heapq has (heappush, heappop, heapify).
import heapq

h = []
for value in [5, 1, 8, 3, 9, 2, 7]:
    heapq.heappush(h, value)
print(h[0], len(h))
print([heapq.heappop(h) for _ in range(len(h))])

data = [9, 4, 7, 1, 8, 2, 6, 3, 5, 0]
heapq.heapify(data)
print(data[0], sorted(data) == list(range(10)))
out = []
while data:
    out.append(heapq.heappop(data))
print(out)

# tuples order by their first item, then the next
tasks = []
for item in [(3, "write"), (1, "plan"), (2, "code"), (1, "coffee")]:
    heapq.heappush(tasks, item)
print([heapq.heappop(tasks) for _ in range(4)])

try:
    heapq.heappop([])
except IndexError:
    print("IndexError on an empty heap")


# a k-way merge built on the heap
def merge(*lists):
    heap = []
    for i, lst in enumerate(lists):
        if lst:
            heapq.heappush(heap, (lst[0], i, 0))
    result = []
    while heap:
        value, i, j = heapq.heappop(heap)
        result.append(value)
        if j + 1 < len(lists[i]):
            heapq.heappush(heap, (lists[i][j + 1], i, j + 1))
    return result


print(merge([1, 4, 9], [2, 3, 10], [], [0, 11]))
