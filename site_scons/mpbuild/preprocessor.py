"""The preprocessor behind a C compiler driver, to run it directly.

`gcc -E` is a driver that starts cc1; the driver alone costs 2-3 ms of the
~17 ms it takes to preprocess one MicroPython source, and the QSTR pass
preprocesses every source. The driver prints the command it would run
(`CC -### -E ...`); the build runs that command itself, once it has checked
that it prints exactly what the driver prints.
"""

import os
import re
import shlex
import subprocess
import tempfile

# Options whose value names the probe's own input or output: dropped with their value.
_OPTIONS_NAMING_THE_PROBE = frozenset({"-o", "-dumpdir", "-dumpbase", "-dumpbase-ext", "-main-file-name"})
_ENVIRONMENT_LINE = re.compile(r"^[A-Z_][A-Z0-9_]*=")

PROBE_SOURCE = """\
#include <limits.h>
#include <stddef.h>
#define PROBE_JOIN(a, b) a ## b
int PROBE_JOIN(probe_, values)[] = { __STDC_VERSION__, __LINE__, INT_MAX, (int)sizeof(size_t) };
const char *probe_optimised = PROBE_JOIN(__OPTI, MIZE__) + 0 ? "yes" : "no";
"""


class NoDirectCommand(ValueError):
    pass


def direct_command(listing, probe):
    """The preprocessor command in a driver's `-### -E ... PROBE` listing (its stderr),
    without the probe's input and output: run it with a source (or `-` for stdin)
    appended, and it writes the preprocessed text to stdout."""
    for line in listing.splitlines():
        line = line.strip()
        if not line or _ENVIRONMENT_LINE.match(line):
            continue
        try:
            words = shlex.split(line)
        except ValueError:
            continue
        if probe not in words:
            continue
        command, skip_value = [], False
        for word in words:
            if skip_value:
                skip_value = False
            elif word in _OPTIONS_NAMING_THE_PROBE:
                skip_value = True
            elif word != probe:
                command.append(word)
        if "-E" not in command:
            raise NoDirectCommand(f"the command that reads {probe} does not preprocess: {line}")
        return command
    raise NoDirectCommand(f"no command in the driver's listing reads {probe}")


def _run(argv, cwd, environ):
    try:
        return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, env=environ, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None


def probe(driver, cwd, environ):
    """The preprocessor command behind ``driver`` (``[CC, flag, ..., "-E"]``) when, run
    directly in ``cwd``, it prints exactly what the driver prints for a probe source;
    otherwise ``driver`` itself (a driver that hides its commands, or a wrapper)."""
    with tempfile.TemporaryDirectory() as folder:
        source = os.path.join(folder, "probe.c")
        with open(source, "w") as stream:
            stream.write(PROBE_SOURCE)
        listing = _run([*driver, "-###", "-o", os.path.join(folder, "probe.i"), source], cwd, environ)
        expected = _run([*driver, source], cwd, environ)
        if listing is None or expected is None or listing.returncode or expected.returncode:
            return list(driver)
        try:
            direct = direct_command(listing.stderr, source)
        except NoDirectCommand:
            return list(driver)
        actual = _run([*direct, source], cwd, environ)
        if actual is None or actual.returncode or actual.stdout != expected.stdout:
            return list(driver)
        return direct
