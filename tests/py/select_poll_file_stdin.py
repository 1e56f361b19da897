# needs modules: select
# select.poll() on a regular file (always ready) and on stdin at its end (readable: EOF).
import select
import sys

with open(__file__, "rb") as f:
    poller = select.poll()
    poller.register(f, select.POLLIN | select.POLLOUT)
    events = poller.poll(0)
    print(len(events), bool(events[0][1] & select.POLLIN))
    poller.modify(f, select.POLLIN)
    print(len(poller.poll(0)))
    poller.unregister(f)
    print(poller.poll(0))

poller = select.poll()
poller.register(sys.stdin, select.POLLIN)
events = poller.poll(0)
print(len(events), bool(events[0][1] & select.POLLIN))
