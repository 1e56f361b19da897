# time.gmtime and time.mktime (MicroPython returns 8-tuples; the first six
# fields, the weekday and the day of the year agree with CPython's).
import time


def fields(t):
    t = tuple(t)
    return t[:8]


for seconds in (0, 86399, 86400 * 365, 951782400, 1700000000, 2**31 - 1):
    print(seconds, fields(time.gmtime(seconds)))
print(fields(time.gmtime(1.75)))
now = time.time()
print(abs(time.mktime(time.localtime(now)) - int(now)) <= 1)
local = time.localtime(1000000)
print(time.mktime(tuple(local)[:8] + (-1,)) == 1000000)
