# time: the errors CPython and MicroPython share.
import time

try:
    time.sleep(-1)
except ValueError as e:
    print("sleep(-1): ValueError:", e)
for seconds in (10**20, -(10**20)):
    try:
        time.gmtime(seconds)
    except OverflowError:
        print("gmtime(%s): OverflowError" % seconds)
for fields in ((1, 2, 3), (2024, 1, 1, 0, 0, 0, 0, 1, 0, 0)):
    try:
        time.mktime(fields)
    except TypeError:
        print("mktime of %d fields: TypeError" % len(fields))
print(time.gmtime(0)[:6], time.localtime(time.mktime(time.localtime(86400 * 365)))[:6] == time.localtime(86400 * 365)[:6])
