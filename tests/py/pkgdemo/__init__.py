# Helper package for import_package.py.
VERSION = (1, 2)
print("pkgdemo/__init__ running")


def describe():
    return "pkgdemo v%d.%d" % VERSION
