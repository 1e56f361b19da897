"""Where things are, and the repository helpers the benchmark reuses."""

import pathlib
import sys

REPO = pathlib.Path(__file__).resolve().parents[1]
PROGRAMS = REPO / "bench" / "programs"
OFFICIAL_DRIVER = REPO / "bench" / "run_official.mjs"
INTEROP_DRIVER = REPO / "bench" / "run_interop.mjs"
VARIANTS_DIR = REPO / "variants"

for _helpers in (REPO / "site_scons", REPO / "tests"):
    if str(_helpers) not in sys.path:
        sys.path.insert(0, str(_helpers))

from buildtree import STEP_RE, ScratchTree  # noqa: E402  (tests/buildtree.py: scratch copies of the tree)
from mpbuild import variants  # noqa: E402
from mpbuild.files import write_text_atomically  # noqa: E402

__all__ = ["REPO", "PROGRAMS", "OFFICIAL_DRIVER", "INTEROP_DRIVER", "VARIANTS_DIR", "STEP_RE", "ScratchTree", "variants",
           "write_text_atomically"]
