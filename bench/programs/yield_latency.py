# Yield latency: JS timers fall due while Python loops; how late does each callback run?
# Prints "yield latency ms: MEDIAN MAX" (callbacks that ran during the loop) or "no yields".
import js, time

late = []
def timer(due):
    def fire():
        late.append(js.performance.now() - due)
    return fire

start = js.performance.now()
for i in range(40):
    delay = 5 + 11 * i
    js.setTimeout(timer(start + delay), delay)
stop = time.ticks_add(time.ticks_ms(), 500)
while time.ticks_diff(stop, time.ticks_ms()) > 0:
    pass
ran = sorted(late)
if ran:
    print("yield latency ms: %.1f %.1f %d" % (ran[len(ran) // 2], ran[-1], len(ran)))
else:
    print("no yields")
