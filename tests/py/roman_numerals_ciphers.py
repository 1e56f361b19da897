# String algorithms: Roman numerals, Caesar/Vigenere ciphers, run-length and base64-like encoding.

ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
         (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def to_roman(n):
    out = ""
    for value, sym in ROMAN:
        while n >= value:
            out += sym
            n -= value
    return out


def from_roman(s):
    vals = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for i, ch in enumerate(s):
        v = vals[ch]
        if i + 1 < len(s) and vals[s[i + 1]] > v:
            total -= v
        else:
            total += v
    return total


for n in (1, 4, 9, 14, 40, 90, 400, 1994, 2024, 3999):
    r = to_roman(n)
    print(n, r, from_roman(r))
print(all(from_roman(to_roman(n)) == n for n in range(1, 4000)))


def caesar(text, shift):
    out = []
    for ch in text:
        if "a" <= ch <= "z":
            out.append(chr((ord(ch) - 97 + shift) % 26 + 97))
        elif "A" <= ch <= "Z":
            out.append(chr((ord(ch) - 65 + shift) % 26 + 65))
        else:
            out.append(ch)
    return "".join(out)


enc = caesar("Hello, World! xyz", 3)
print(enc, caesar(enc, -3), caesar("abc", 26 * 5 + 1))


def vigenere(text, key, decrypt=False):
    out = []
    k = 0
    for ch in text.upper():
        if ch.isalpha():
            shift = ord(key[k % len(key)]) - 65
            if decrypt:
                shift = -shift
            out.append(chr((ord(ch) - 65 + shift) % 26 + 65))
            k += 1
        else:
            out.append(ch)
    return "".join(out)


v = vigenere("attack at dawn", "LEMON")
print(v, vigenere(v, "LEMON", True))


def rle(s):
    if not s:
        return ""
    out = []
    prev, count = s[0], 1
    for ch in s[1:]:
        if ch == prev:
            count += 1
        else:
            out.append("%d%s" % (count, prev))
            prev, count = ch, 1
    out.append("%d%s" % (count, prev))
    return "".join(out)


def unrle(s):
    out = []
    num = ""
    for ch in s:
        if ch.isdigit():
            num += ch
        else:
            out.append(ch * int(num))
            num = ""
    return "".join(out)


for s in ("WWWWWWWWWWWWBWWWWWWWWWWWWBBBWWWWWWWWWWWWWWWWWWWWWWWWBWWWWWWWWWWWWWW", "abc", "", "aabbbcccc"):
    e = rle(s)
    print(repr(e), unrle(e) == s)

B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def b64encode(data):
    out = []
    for i in range(0, len(data), 3):
        chunk = data[i:i + 3]
        n = int.from_bytes(chunk + b"\x00" * (3 - len(chunk)), "big")
        chars = [B64[(n >> s) & 63] for s in (18, 12, 6, 0)]
        if len(chunk) < 3:
            chars[len(chunk) + 1:] = ["="] * (3 - len(chunk))
        out.append("".join(chars))
    return "".join(out)


for data in (b"", b"f", b"fo", b"foo", b"foobar", b"Many hands make light work."):
    print(data, b64encode(data))
