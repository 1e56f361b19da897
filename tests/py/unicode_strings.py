# Unicode text: code points vs bytes, indexing, iteration, encode/decode.
# Non-ASCII text is printed with str() only: repr() escapes it on MicroPython.

words = ["na\u00efve", "\u00fcber", "\u65e5\u672c\u8a9e", "\u0645\u0631\u062d\u0628\u0627", "emoji\U0001F600", "plain"]
for w in words:
    enc = w.encode("utf-8")
    print(w, len(w), len(enc), enc, enc.decode("utf-8") == w)

s = "\u65e5\u672c\u8a9e\u30c6\u30ad\u30b9\u30c8"
print(s[0], s[-1], s[2:5], s[:2] + s[5:], len(s))
print("|".join(c for c in s[:3]), [ord(c) for c in s[:3]], "".join(chr(ord(c)) for c in s) == s)
print(s.find("\u8a9e"), s.index("\u30ad"), "\u30c6" in s, s.count("\u30c8"), s.replace("\u8a9e", "-"))
print("|".join(s.split("\u8a9e")), "|".join("\u00e9t\u00e9".split("t")), "\u00e9".join(["a", "b", "c"]))
print("abc\u00e9".upper()[:3], "XYZ\u00e9".lower()[:3])
print(" ".join(sorted(["\u00e9", "e", "z", "\u00e0", "a"])), max("a\u00ff"), min("\u4e00a"))
print(chr(0x1F600) == "\U0001F600", ord("\U0001F600"), len("\U0001F600"), len("\U0001F600".encode()))
e_acute = "\u00e9"
print("\u20ac%d" % 5, "{}\u2192{}".format(1, 2), f"<{e_acute}>", "%s|%s|" % (e_acute, e_acute * 2))
print(repr("cafe"), str("caf\u00e9"), "caf\u00e9" == "cafe\u0301", len("cafe\u0301"))

# building text from code points
alphabet = "".join(chr(c) for c in range(0x3b1, 0x3b1 + 10))
print(alphabet, len(alphabet), alphabet[3], alphabet.encode("utf-8")[:6])

# decoding byte sequences
data = bytes([0xe2, 0x82, 0xac, 0x20, 0xc2, 0xa3])
print(data.decode("utf-8"), len(data.decode("utf-8")), str(data, "utf-8"))
try:
    b"\xff\xfe".decode("utf-8")
except UnicodeError:
    print("UnicodeError on invalid utf-8")
except ValueError:
    print("UnicodeError on invalid utf-8")

# counting characters in mixed text
text = "h\u00e9llo w\u00f6rld \u4e16\u754c"
counts = {}
for ch in text:
    counts[ch] = counts.get(ch, 0) + 1
print(" ".join("%s=%d" % kv for kv in sorted(counts.items())))
print(text[::1] == text, "".join(reversed(text))[:3], text.startswith("h\u00e9"), text.endswith("\u754c"))
