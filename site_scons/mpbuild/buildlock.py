"""One build at a time per build folder.

Two SCons processes writing the same signature database lose each other's
records (and may corrupt it), so a build holds an exclusive lock on
``<build folder>/.lock`` for its whole life. A second build waits for the first
and says so; the lock dies with the process, so a killed build never leaves a
stale lock behind.
"""

import fcntl
import os
import sys
import time

_held = []  # keeps the locked file object (and so the lock) alive until the process exits


def hold_build_lock(build_root, wait=True, report=sys.stderr):
    """Take the lock of ``build_root``; wait for another build unless ``wait`` is false.

    Returns True when the lock is held, False when ``wait`` is false and another build holds it.
    """
    os.makedirs(build_root, exist_ok=True)
    path = os.path.join(build_root, ".lock")
    stream = open(path, "a+", encoding="utf-8")
    try:
        fcntl.flock(stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        stream.seek(0)
        holder = stream.read().strip() or "another process"
        if not wait:
            stream.close()
            return False
        report.write(f"scons: {build_root} is in use by another build ({holder}); waiting for it to finish...\n")
        report.flush()
        started = time.monotonic()
        fcntl.flock(stream, fcntl.LOCK_EX)
        report.write(f"scons: ...the other build finished after {time.monotonic() - started:.1f} s; building.\n")
        report.flush()
    stream.seek(0)
    stream.truncate()
    stream.write(f"pid {os.getpid()}")
    stream.flush()
    _held.append(stream)
    return True


def release_build_lock():
    """Let other builds start (for a long-running step such as the development server)."""
    while _held:
        stream = _held.pop()
        fcntl.flock(stream, fcntl.LOCK_UN)
        stream.close()
