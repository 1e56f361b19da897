"""Scratch copies of the repository for build-graph tests.

A scratch tree holds copies of our build description and port sources (so a
test can edit them) and a link to the MicroPython source. ``scons()`` runs a
build there and reports which steps ran, from the one-line step labels.
"""

import dataclasses
import pathlib
import re
import shutil
import subprocess
import sys

REPO = pathlib.Path(__file__).resolve().parents[1]
COPIED = ["SConstruct", "site_scons", "ports", "mpy-cross", "variants", "cmod"]
STEP_RE = re.compile(r"^(?:\[\s*\d+%?\]\s*)?(CC|CXX|QSTR|COLLECT|GEN|LINK|AR|RANLIB|PACKAGE|MPY|FREEZE|INSTALL|COVERAGE|PYM|JSMODULE|PACK) (\S+)$")
QUICK_UNIX_VARIANT = 'description = "unix variant, quick flags for build tests"\ntarget = "host"\ncflags = ["-O0"]\n'
SECOND_VARIANT = 'description = "a second variant"\nextends = "unix"\ncflags = ["-DMPW_HEAP_SIZE=4194304"]\n'
# Files that record build bookkeeping rather than build results.
NOT_OUTPUTS = re.compile(r"(^|/)\.sconsign|(^|/)\.node_count$|\.tmp\d+$")


@dataclasses.dataclass
class BuildRun:
    returncode: int
    stdout: str
    stderr: str

    @property
    def steps(self):
        """The set of (label, path) steps that ran."""
        found = set()
        for line in self.stdout.splitlines():
            match = STEP_RE.match(line.strip())
            if match:
                found.add((match.group(1), match.group(2)))
        return found

    def labels(self, label):
        return {path for kind, path in self.steps if kind == label}


class ScratchTree:
    def __init__(self, root):
        self.root = pathlib.Path(root)

    @classmethod
    def create(cls, dest):
        dest = pathlib.Path(dest)
        dest.mkdir(parents=True, exist_ok=True)
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
        for name in COPIED:
            source = REPO / name
            if source.is_dir():
                shutil.copytree(source, dest / name, ignore=ignore)
            else:
                shutil.copy2(source, dest / name)
        (dest / "micropython").symlink_to(REPO / "micropython", target_is_directory=True)
        if (REPO / "node_modules").is_dir():  # npm packages the web page ships (xterm.js)
            (dest / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
        return cls(dest)

    def use_quick_variants(self):
        """unix at -O0 (quick clean builds) and `other`, a second variant extending it."""
        self.path("variants/unix.toml").write_text(QUICK_UNIX_VARIANT)
        self.path("variants/other.toml").write_text(SECOND_VARIANT)
        return self

    def path(self, relative):
        return self.root / relative

    def edit(self, relative, old, new):
        """Replace the first ``old`` in a file of the tree with ``new`` (which must be there)."""
        path = self.path(relative)
        text = path.read_text()
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1))

    def scons(self, *args, env=None, check=True):
        result = subprocess.run(
            [sys.executable, "-m", "SCons", "-Q", *args],
            cwd=self.root, capture_output=True, text=True, env=env,
        )
        run = BuildRun(result.returncode, result.stdout, result.stderr)
        if check and run.returncode != 0:
            raise AssertionError(f"scons {' '.join(args)} failed ({run.returncode}):\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}")
        return run

    def snapshot(self, variant):
        """Every output file of a variant (and the host tools), path -> bytes."""
        files = {}
        for folder in (f"build/{variant}", "build/mpy-cross"):
            base = self.root / folder
            for path in sorted(base.rglob("*")):
                relative = path.relative_to(self.root).as_posix()
                if path.is_file() and not NOT_OUTPUTS.search(relative):
                    files[relative] = path.read_bytes()
        return files

    def assert_matches_clean_build(self, variant, *args):
        """The current (incremental) outputs equal those of a clean build, byte for byte."""
        incremental = self.snapshot(variant)
        shutil.rmtree(self.root / "build" / variant)
        shutil.rmtree(self.root / "build" / "mpy-cross")
        self.scons(f"variant={variant}", *args)
        clean = self.snapshot(variant)
        missing = sorted(set(clean) - set(incremental))
        extra = sorted(set(incremental) - set(clean))
        differing = sorted(p for p in set(clean) & set(incremental) if clean[p] != incremental[p])
        assert not (missing or extra or differing), (
            f"incremental build differs from a clean build:\n missing: {missing[:20]}\n"
            f" stale extra files: {extra[:20]}\n differing: {differing[:20]}"
        )
