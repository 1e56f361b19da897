# needs frozen: collections collections.defaultdict copy operator html string itertools
# Frozen micropython-lib modules (ports/wasm/manifests/pyscript.py) where they behave as CPython's.
import copy
import html
import itertools
import operator
import string
from collections import defaultdict

words = "the quick brown fox jumps over the lazy dog the end".split()
counts = defaultdict(int)
for word in words:
    counts[word] += 1
print([(word, counts[word]) for word in sorted(set(words))])
by_letter = defaultdict(list)
for word in words:
    by_letter[word[0]].append(word)
print([(letter, by_letter[letter]) for letter in "tqd"])
print("missing" in counts, counts["missing"], "missing" in counts)
del counts["missing"]
print("missing" in counts)

nested = {"a": [1, 2, {"b": [3, 4]}], "c": (5, [6])}
shallow = copy.copy(nested)
deep = copy.deepcopy(nested)
nested["a"][2]["b"].append(99)
print(shallow["a"][2]["b"], deep["a"][2]["b"], deep["c"][1] is nested["c"][1])


grid = [[0] * 3 for _ in range(2)]
grid_copy = copy.deepcopy(grid)
grid[0][0] = 7
print(grid_copy, copy.copy(grid)[0] is grid[0], copy.deepcopy((1, "a")) == (1, "a"))


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y


points = [Point(1, 2), Point(3, 4)]
rows = [("pear", 3, 1.5), ("apple", 7, 0.5), ("fig", 3, 2.25)]
print(sorted(rows, key=lambda row: (row[1], row[0])))
print(list(map(operator.attrgetter("x"), points)), operator.mod(17, 5), operator.floordiv(17, 5))
print(sorted([3, 1, 2], key=None, reverse=operator.lt(1, 2)), operator.ge(2, 2), operator.ne(1, 1))

print(html.escape('<a href="x">Tom & Jerry\'s</a>'))
print(html.escape("<b>", quote=False))
print(string.ascii_lowercase, string.digits, string.punctuation[:10])

print(list(itertools.islice(itertools.count(10, 5), 4)), list(itertools.accumulate([1, 2, 3, 4])))
print(list(itertools.chain("ab", [1, 2])), list(itertools.starmap(pow, [(2, 5), (3, 2)])))
print([x for x, _ in zip(itertools.cycle("xy"), range(5))], list(itertools.repeat(0, 3)))
