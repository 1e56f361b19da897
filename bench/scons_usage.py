"""Run SCons in this process and, when it exits, write its CPU usage as JSON:
{"scons": SCons's own user+system seconds, "commands": those of every command it ran}.

Usage: python3 bench/scons_usage.py USAGE.json [scons arguments...]

From outside, a process's CPU time and its children's add up; from inside they
are apart, which is what tells the build tool's own cost from the commands'.
"""

import atexit
import json
import os
import resource
import sys


def cpu_seconds(who):
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def write_usage(path):
    usage = {"scons": cpu_seconds(resource.RUSAGE_SELF), "commands": cpu_seconds(resource.RUSAGE_CHILDREN)}
    with open(path, "w") as stream:
        json.dump(usage, stream)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    atexit.register(write_usage, os.path.abspath(sys.argv[1]))
    # This folder's modules (errors.py, paths.py...) must not shadow anything SCons or the build imports.
    sys.path = [entry for entry in sys.path if os.path.abspath(entry or ".") != os.path.dirname(os.path.abspath(__file__))]
    sys.argv = ["scons"] + sys.argv[2:]
    import SCons.Script
    SCons.Script.main()


if __name__ == "__main__":
    main()
