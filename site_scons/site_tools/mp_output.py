"""Quiet, one-line-per-step output (``V=1`` shows full commands) and a progress figure.

On a terminal each step line is prefixed with the share of the graph already
checked, estimated from the node count of the previous run.
"""

import atexit
import os
import sys

from SCons.Script import Progress

from mpbuild.steps import verbose

_STEP_LABELS = {
    "CCCOMSTR": "CC $SOURCE",
    "SHCCCOMSTR": "CC $SOURCE",
    "CXXCOMSTR": "CXX $SOURCE",
    "ASCOMSTR": "AS $SOURCE",
    "ASPPCOMSTR": "AS $SOURCE",
    "LINKCOMSTR": "LINK $TARGET",
    "ARCOMSTR": "AR $TARGET",
    "RANLIBCOMSTR": "RANLIB $TARGET",
    "INSTALLSTR": "INSTALL $TARGET",
}

_progress_installed = False


class _GraphProgress:
    def __init__(self, count_file):
        self.count_file = count_file
        self.seen = 0
        try:
            with open(count_file) as stream:
                self.expected = max(1, int(stream.read().strip()))
        except (OSError, ValueError):
            self.expected = 0
        atexit.register(self._remember_count)

    def __call__(self, node):
        self.seen += 1
        if self.expected:
            percent = min(99, 100 * self.seen // self.expected)
            sys.stdout.write(f"\r[{percent:3d}%] ")
        else:
            sys.stdout.write(f"\r[{self.seen:4d}] ")
        sys.stdout.flush()

    def _remember_count(self):
        if self.seen:
            sys.stdout.write("\r")
            try:
                os.makedirs(os.path.dirname(self.count_file), exist_ok=True)
                with open(self.count_file, "w") as stream:
                    stream.write(str(self.seen))
            except OSError:
                pass


def generate(env):
    global _progress_installed
    if not verbose(env):
        env.Replace(**_STEP_LABELS)
    if not _progress_installed and sys.stdout.isatty():
        _progress_installed = True
        Progress(_GraphProgress(env.File("$BUILD_ROOT/.node_count").abspath), interval=1)


def exists(env):
    return True
