# json: dumps/loads round trips, formatting, errors (as CPython has them).
import json

doc = {"name": "widget", "tags": ["a", "b"], "size": 3, "ratio": 0.5, "ok": True, "none": None}
text = json.dumps(doc)
print(json.loads(text) == doc)
print(json.dumps([1, 2.5, "x", None, True, False]))
print(json.dumps("quote \" backslash \\ newline \n tab \t"))
print(json.dumps({"a": [1, {"b": []}]}))
print(json.dumps([1, 2], separators=(",", ":")))
print(json.dumps({"k": 1}, separators=(", ", ": ")))

print(json.loads("[1, 2.5, -3, 1e3, \"s\", null, true, false]"))
print(json.loads('{"x": {"y": [1, 2, {"z": "w"}]}}')["x"]["y"][2]["z"])
print(json.loads('"\\u00e9\\n"') == "\u00e9\n")
print(json.loads("  42  "), json.loads("-0.25"))
print(json.loads(b'{"bytes": 1}'))

for bad in ("", "nul", "[1,]x", "\"unterminated"):
    try:
        json.loads(bad)
        print("parsed", repr(bad))
    except ValueError:
        print("ValueError", repr(bad))


# dump/load through file-like objects
import io

buf = io.StringIO()
json.dump({"n": [1, 2, 3]}, buf)
print(buf.getvalue())
print(json.load(io.StringIO('{"m": "v"}')))

# nesting and unicode
deep = [[[[{"k": ["\u00fc\u00df", 1]}]]]]
print(json.loads(json.dumps(deep)) == deep)
