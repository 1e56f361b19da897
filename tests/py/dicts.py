# dict operations; views are printed sorted (iteration order differs).

d = {"b": 2, "a": 1, "c": 3}
print(sorted(d), sorted(d.keys()), sorted(d.values()), sorted(d.items()))
print(d["a"], d.get("z"), d.get("z", 0), "a" in d, "z" in d, len(d))
d["d"] = 4
d["a"] = 10
print(sorted(d.items()))
del d["b"]
print(sorted(d.items()))
try:
    d["missing"]
except KeyError as e:
    print("KeyError", e.args)
print(d.pop("c"), d.pop("nope", "default"), sorted(d.items()))
try:
    d.pop("nope")
except KeyError:
    print("KeyError on pop")
print(d.setdefault("a", 0), d.setdefault("new", []), sorted(d))
d["new"].append(1)
print(d["new"])

d.update({"x": 1}, y=2)
d.update([("z", 3)])
print(sorted(d.items()))

c = d.copy()
c["x"] = 100
print(d["x"], c["x"])

print(sorted(dict.fromkeys("abc", 0).items()), sorted(dict.fromkeys([1, 2]).items()))
print(sorted(dict(a=1, b=2).items()), sorted(dict([(1, "one"), (2, "two")]).items()))
print(sorted(dict(zip("xyz", range(3))).items()))

# equality ignores order
print({"a": 1, "b": 2} == {"b": 2, "a": 1}, {"a": 1} == {"a": 2}, {} == dict())

# popitem removes something
e = {"k1": 1, "k2": 2}
k, v = e.popitem()
print(len(e), k in ("k1", "k2"), k not in e)
e.clear()
print(e, len(e))
try:
    e.popitem()
except KeyError:
    print("KeyError popitem on empty")

# keys of various hashable types
m = {1: "int", 1.5: "float", "s": "str", (1, 2): "tuple", None: "none", True: "bool?"}
print(m[1], m[1.5], m["s"], m[(1, 2)], m[None], len(m))
try:
    m[[1]] = 1
except TypeError:
    print("TypeError unhashable")

# counting and grouping
text = "the cat and the hat and the bat"
counts = {}
for w in text.split():
    counts[w] = counts.get(w, 0) + 1
print(sorted(counts.items()))
groups = {}
for w in text.split():
    groups.setdefault(len(w), set()).add(w)
print(sorted((k, sorted(v)) for k, v in groups.items()))

# views are live
d2 = {"a": 1}
ks = d2.keys()
d2["b"] = 2
print(sorted(ks), len(list(ks)), "b" in ks)
vs = d2.values()
print(sorted(vs), 2 in vs)
its = d2.items()
print(sorted(its), ("a", 1) in its)

# iterating over a dict gives keys; sum of values
print(sum(d2.values()), sorted(k * 2 for k in d2))

# nested dicts
tree = {"root": {"left": {"val": 1}, "right": {"val": 2}}}
print(tree["root"]["right"]["val"], sorted(tree["root"]))

# deleting during iteration over a copy of the keys
n = {i: i * i for i in range(10)}
for key in list(n):
    if key % 3:
        del n[key]
print(sorted(n.items()))
print(sorted({(i, j): i * j for i in range(2) for j in range(2)}.items()))
