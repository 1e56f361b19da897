"""How the build reports a user's mistake: one clear line, no traceback."""

import sys


def fail(message, exit_code=2):
    """Print ``error: message`` to stderr and stop the build."""
    sys.stderr.write(f"scons: error: {message}\n")
    sys.stderr.flush()
    raise SystemExit(exit_code)
