# Default arguments, keyword arguments, keyword-only and *args/**kwargs.


def greet(name, greeting="Hello", punct="!"):
    return "%s, %s%s" % (greeting, name, punct)


print(greet("Ann"))
print(greet("Bob", "Hi"))
print(greet("Cy", punct="?"))
print(greet(punct=".", name="Di", greeting="Yo"))


def mutable_default(item, bucket=[]):
    bucket.append(item)
    return bucket


print(mutable_default(1), mutable_default(2), mutable_default(3, []))


def safe_default(item, bucket=None):
    if bucket is None:
        bucket = []
    bucket.append(item)
    return bucket


print(safe_default(1), safe_default(2))

counter = 10


def default_evaluated_once(x=counter):
    return x


counter = 20
print(default_evaluated_once())


def kwonly(a, *, b, c=3):
    return a, b, c


print(kwonly(1, b=2), kwonly(1, c=0, b=9))
try:
    kwonly(1, 2)
except TypeError:
    print("TypeError positional for kw-only")
try:
    kwonly(1)
except TypeError:
    print("TypeError missing kw-only")


def collect(*args, **kwargs):
    return len(args), args, sorted(kwargs)


print(collect())
print(collect(1, 2, x=1, y=2))


def forward(*args, **kwargs):
    return greet(*args, **kwargs)


print(forward("Ed", greeting="Hey"))

try:
    greet()
except TypeError:
    print("TypeError missing arg")
try:
    greet("a", "b", "c", "d")
except TypeError:
    print("TypeError too many args")
try:
    greet("a", nope=1)
except TypeError:
    print("TypeError unexpected kw")
try:
    greet("a", name="b")
except TypeError:
    print("TypeError multiple values")


def all_kinds(a, b=2, *args, c, d=4, **kw):
    return [a, b, args, c, d, sorted(kw.items())]


print(all_kinds(1, c=3))
print(all_kinds(1, 5, 6, 7, c=8, e=9, f=10))


class Config:
    def __init__(self, **options):
        self.options = options

    def get(self, key, default=None):
        return self.options.get(key, default)


cfg = Config(debug=True, level=3)
print(cfg.get("debug"), cfg.get("level"), cfg.get("missing"), cfg.get("missing", "dflt"))

# defaults referring to earlier definitions and expressions
WIDTH = 4


def pad(s, width=WIDTH * 2, fill="."):
    return s + fill * (width - len(s))


print(pad("ab"), pad("ab", 3), pad("ab", fill="-"))

# lambda defaults and keywords
mk = lambda x, y=10, *rest, **kw: (x, y, rest, sorted(kw))
print(mk(1), mk(1, 2, 3, z=4))
print(greet.__name__, mk.__name__)
