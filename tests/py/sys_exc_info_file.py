# sys.exc_info() inside and outside handlers, and the main script's __file__.
import sys

print(sys.exc_info())
try:
    raise ValueError("boom")
except ValueError:
    kind, value, _ = sys.exc_info()
    print(kind is ValueError, value.args)
    try:
        raise KeyError("inner")
    except KeyError:
        print(sys.exc_info()[0] is KeyError)
print(sys.exc_info())
# (CPython makes it absolute; MicroPython keeps the path it was given.)
print(__file__.endswith("/sys_exc_info_file.py") or __file__ == "sys_exc_info_file.py", __name__)
