# Classes: single and multiple inheritance, super(), MRO-based dispatch.


class Animal:
    kind = "animal"

    def __init__(self, name):
        self.name = name

    def speak(self):
        return "..."

    def describe(self):
        return "%s the %s says %s" % (self.name, self.kind, self.speak())


class Dog(Animal):
    kind = "dog"

    def speak(self):
        return "woof"


class Puppy(Dog):
    def __init__(self, name, age):
        super().__init__(name)
        self.age = age

    def speak(self):
        return super().speak() + "!" * self.age


for a in (Animal("generic"), Dog("rex"), Puppy("bit", 3)):
    print(a.describe())

p = Puppy("tiny", 1)
print(isinstance(p, Dog), isinstance(p, Animal), isinstance(p, str))
print(issubclass(Puppy, Animal), issubclass(Animal, Puppy), issubclass(Dog, (str, Animal)))
print(type(p).__name__, type(p) is Puppy, p.__class__.__name__)
print(Puppy.kind, p.kind, Animal.kind)

# Multiple inheritance with mixins (no diamond: MicroPython has no C3 MRO).
class JsonMixin:
    def dump(self):
        return "{" + ", ".join("%s: %s" % (k, getattr(self, k)) for k in self.fields) + "}"

    def tag(self):
        return "json"


class ReprMixin:
    def __repr__(self):
        return "<%s %s>" % (type(self).__name__, self.dump())

    def tag(self):
        return "repr"

    def only_repr(self):
        return "only in ReprMixin"


class Point(JsonMixin, ReprMixin):
    fields = ("x", "y")

    def __init__(self, x, y):
        self.x, self.y = x, y


pt = Point(1, 2)
print(pt.dump(), repr(pt), pt.tag(), pt.only_repr())
print(isinstance(pt, JsonMixin), isinstance(pt, ReprMixin), Point.__bases__ == (JsonMixin, ReprMixin))


# Explicit two-argument super and calling base methods directly.
class A:
    def f(self):
        return "A.f"


class B(A):
    def f(self):
        return "B.f>" + super(B, self).f() + ">" + A.f(self)


print(B().f())


# Class attributes vs instance attributes.
class Counter:
    instances = 0

    def __init__(self):
        Counter.instances += 1
        self.id = Counter.instances


c1, c2, c3 = Counter(), Counter(), Counter()
print(Counter.instances, c1.id, c3.id)
c1.instances = "shadow"
print(c1.instances, c2.instances, Counter.instances)


# Overriding and extending with extra state.
class Shape:
    def area(self):
        raise NotImplementedError

    def __repr__(self):
        return "%s(area=%s)" % (type(self).__name__, self.area())


class Rect(Shape):
    def __init__(self, w, h):
        self.w, self.h = w, h

    def area(self):
        return self.w * self.h


class Square(Rect):
    def __init__(self, s):
        super().__init__(s, s)


shapes = [Rect(2, 3), Square(4), Rect(1, 1)]
print(shapes)
print(sorted(shapes, key=lambda s: s.area()))
try:
    Shape().area()
except NotImplementedError:
    print("abstract area")


# Subclassing builtins.
class MyList(list):
    def total(self):
        return sum(self)


ml = MyList([1, 2, 3])
ml.append(4)
print(ml.total(), len(ml), isinstance(ml, list))


class Upper(str):
    def shout(self):
        return self.upper() + "!"


print(Upper("hey").shout())


class MyException(Exception):
    pass


try:
    raise MyException("x", 1)
except Exception as e:
    print(type(e).__name__, e.args, isinstance(e, MyException))

# methods are looked up dynamically
Animal.speak = lambda self: "redefined"
print(Animal("a").describe(), Dog("d").describe())
