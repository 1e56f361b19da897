# A small text-processing program: word frequencies, wrapping, justification.

TEXT = """It was the best of times, it was the worst of times, it was the age of
wisdom, it was the age of foolishness, it was the epoch of belief, it was the
epoch of incredulity, it was the season of Light, it was the season of Darkness,
it was the spring of hope, it was the winter of despair."""


def words(text):
    out = []
    cur = []
    for ch in text.lower():
        if ch.isalpha() or ch == "'":
            cur.append(ch)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


ws = words(TEXT)
print(len(ws), len(set(ws)))
freq = {}
for w in ws:
    freq[w] = freq.get(w, 0) + 1
top = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:8]
print(top)
print(sorted(w for w, n in freq.items() if n == 1))


def wrap(text, width):
    lines = []
    line = ""
    for word in text.split():
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


for ln in wrap(TEXT, 40):
    print("|" + ln + " " * (40 - len(ln)) + "|")


def justify(line, width):
    parts = line.split()
    if len(parts) == 1:
        return line
    gaps = len(parts) - 1
    spaces = width - sum(len(p) for p in parts)
    out = ""
    for i, p in enumerate(parts[:-1]):
        n = spaces // gaps + (1 if i < spaces % gaps else 0)
        out += p + " " * n
    return out + parts[-1]


for ln in wrap(TEXT, 30)[:4]:
    print("[" + justify(ln, 30) + "]")

# character statistics
letters = [c for c in TEXT.lower() if c.isalpha()]
counts = {}
for c in letters:
    counts[c] = counts.get(c, 0) + 1
print(len(letters), sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5])

# sentence / line operations
lines = TEXT.split("\n")
print(len(lines), [len(l) for l in lines], max(lines, key=len)[:20])
print(TEXT.count("it was"), TEXT.lower().count("it was"), TEXT.find("age"), TEXT.rfind("of"))

# acronym and title-casing by hand
phrase = "portable operating system interface"
print("".join(w[0].upper() for w in phrase.split()), " ".join(w[0].upper() + w[1:] for w in phrase.split()))

# palindromes
cands = ["Racecar", "level", "Python", "A man a plan a canal Panama", "No lemon, no melon"]
for cnd in cands:
    norm = [c for c in cnd.lower() if c.isalpha()]
    print(cnd, norm == norm[::-1])
