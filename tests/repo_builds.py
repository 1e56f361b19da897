"""Builds of the repository's own variants, for the tests that run them (build/NAME/).

Each variant is built once per test process: pytest orders tests by more than the variant, so a
session fixture of one variant is set up again whenever the variant changes (286 times in
test_cli.py alone in a full run), and each no-op check took 1-4 s under the suite's load. No test
edits the repository's sources (the build tests work on scratch copies), so one build per process
is enough.
"""

import functools
import pathlib
import subprocess
import sys

import pytest

REPO = pathlib.Path(__file__).resolve().parents[1]


@functools.cache
def build_variant(name):
    """`scons variant=NAME` in the repository (a no-op when up to date); build/NAME/."""
    result = subprocess.run([sys.executable, "-m", "SCons", f"variant={name}"],
                            cwd=REPO, capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(f"scons variant={name} failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return REPO / "build" / name
