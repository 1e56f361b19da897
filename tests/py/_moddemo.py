# Helper module imported by import_package.py and sys_module.py (not a test program).
NAME = "_moddemo"
counter = 0


def greet(who):
    return "hello from _moddemo, %s" % who


def bump():
    global counter
    counter += 1
    return counter


class Widget:
    def __init__(self, size):
        self.size = size

    def area(self):
        return self.size * self.size


_private = "underscore"
print("_moddemo imported")
