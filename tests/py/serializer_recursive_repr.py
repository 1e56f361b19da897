# A hand-written JSON-like serializer and parser (no json module).


def dumps(obj, indent=None, _level=0):
    pad = "" if indent is None else "\n" + " " * (indent * (_level + 1))
    end = "" if indent is None else "\n" + " " * (indent * _level)
    sep = "," if indent is None else ","
    if obj is None:
        return "null"
    if obj is True:
        return "true"
    if obj is False:
        return "false"
    if isinstance(obj, int):
        return str(obj)
    if isinstance(obj, float):
        return repr(obj)
    if isinstance(obj, str):
        out = ['"']
        for ch in obj:
            if ch == '"':
                out.append('\\"')
            elif ch == "\\":
                out.append("\\\\")
            elif ch == "\n":
                out.append("\\n")
            elif ord(ch) < 0x20:
                out.append("\\u%04x" % ord(ch))
            else:
                out.append(ch)
        out.append('"')
        return "".join(out)
    if isinstance(obj, (list, tuple)):
        if not obj:
            return "[]"
        return "[" + sep.join(pad + dumps(v, indent, _level + 1) for v in obj) + end + "]"
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = sorted(obj.items())
        return "{" + sep.join(pad + dumps(str(k)) + ":" + ("" if indent is None else " ") + dumps(v, indent, _level + 1) for k, v in items) + end + "}"
    raise TypeError("cannot serialize " + type(obj).__name__)


def loads(s):
    pos = [0]

    def ws():
        while pos[0] < len(s) and s[pos[0]] in " \n\t\r":
            pos[0] += 1

    def value():
        ws()
        ch = s[pos[0]]
        if ch == "{":
            pos[0] += 1
            d = {}
            ws()
            if s[pos[0]] == "}":
                pos[0] += 1
                return d
            while True:
                ws()
                k = value()
                ws()
                assert s[pos[0]] == ":"
                pos[0] += 1
                d[k] = value()
                ws()
                if s[pos[0]] == ",":
                    pos[0] += 1
                    continue
                assert s[pos[0]] == "}"
                pos[0] += 1
                return d
        if ch == "[":
            pos[0] += 1
            lst = []
            ws()
            if s[pos[0]] == "]":
                pos[0] += 1
                return lst
            while True:
                lst.append(value())
                ws()
                if s[pos[0]] == ",":
                    pos[0] += 1
                    continue
                assert s[pos[0]] == "]"
                pos[0] += 1
                return lst
        if ch == '"':
            pos[0] += 1
            out = []
            while s[pos[0]] != '"':
                c = s[pos[0]]
                if c == "\\":
                    nxt = s[pos[0] + 1]
                    if nxt == "u":
                        out.append(chr(int(s[pos[0] + 2:pos[0] + 6], 16)))
                        pos[0] += 6
                        continue
                    out.append({"n": "\n", '"': '"', "\\": "\\"}[nxt])
                    pos[0] += 2
                    continue
                out.append(c)
                pos[0] += 1
            pos[0] += 1
            return "".join(out)
        for word, val in (("null", None), ("true", True), ("false", False)):
            if s.startswith(word, pos[0]):
                pos[0] += len(word)
                return val
        start = pos[0]
        while pos[0] < len(s) and s[pos[0]] in "+-0123456789.eE":
            pos[0] += 1
        num = s[start:pos[0]]
        return float(num) if ("." in num or "e" in num or "E" in num) else int(num)

    result = value()
    ws()
    assert pos[0] == len(s), "trailing data"
    return result


doc = {
    "name": "micro \"quoted\"\nline",
    "version": [1, 23, 0],
    "big": 2 ** 80,
    "ratio": 0.5,
    "flags": {"debug": False, "fast": True, "none": None},
    "nested": [[], {}, [1, [2, [3]]], "tab\there"],
    "neg": -42,
}
compact = dumps(doc)
print(compact)
print(dumps(doc, indent=2))
back = loads(compact)
print(back == doc, loads(dumps(doc, indent=4)) == doc)
print(loads(' [ 1 , 2.5 , "x" , true , null , { "k" : [ ] } ] '))
print(loads("-17"), loads("1e3"), loads('"\\u0041\\n"'))
try:
    dumps({"bad": {1, 2}})
except TypeError as e:
    print("TypeError", e.args[0])
try:
    loads("[1, 2] extra")
except AssertionError:
    print("AssertionError trailing data")
