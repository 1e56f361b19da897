# time module: only behaviour common to CPython and MicroPython.
import time

t0 = time.time()
print(isinstance(t0, (int, float)), t0 > 1000000000)
time.sleep(0.01)
time.sleep(0)
t1 = time.time()
print(t1 >= t0, t1 - t0 < 60)

# a busy computation measured with time.time() only for sanity
start = time.time()
total = sum(i * i for i in range(10000))
elapsed = time.time() - start
print(total, elapsed >= 0, elapsed < 30)

# ticks_ms/ticks_diff exist on MicroPython; emulate them where missing
ticks_ms = getattr(time, "ticks_ms", lambda: int(time.time() * 1000))
ticks_diff = getattr(time, "ticks_diff", lambda a, b: a - b)
a = ticks_ms()
time.sleep(0.02)
b = ticks_ms()
d = ticks_diff(b, a)
print(isinstance(a, int), d >= 10, d < 10000)
