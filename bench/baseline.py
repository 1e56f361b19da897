"""`--baseline REV`: the `default` variant built from an earlier commit, measured in the same
run as today's, so "pystone within 3% of before" is judged on interleaved runs.

The commit's files (`git archive`) go to build/bench/baseline/<commit>/, with `micropython/`
and `node_modules/` linked to the repository's (as the scratch trees of the build figures);
its `default` is built once there and reused by later runs while the folder is kept."""

import io
import shutil
import subprocess
import sys
import tarfile

from bench.errors import BenchError
from bench.paths import REPO
from bench.timing import failure_summary, run_timed

BUILD_TIMEOUT = 3600
READY_MARK = ".bench-baseline-built"


def resolve_commit(revision):
    completed = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], cwd=REPO,
                               capture_output=True, text=True)
    if completed.returncode != 0 or not completed.stdout.strip():
        raise BenchError(f"--baseline: {revision!r} is not a commit of this repository "
                         "(give a commit, branch or tag that `git rev-parse` knows, e.g. HEAD~3)")
    return completed.stdout.strip()


def extract_commit(commit, folder):
    completed = subprocess.run(["git", "archive", "--format=tar", commit], cwd=REPO, capture_output=True)
    if completed.returncode != 0:
        raise BenchError(f"--baseline: `git archive {commit}` failed: {completed.stderr.decode(errors='replace')[-300:]}")
    with tarfile.open(fileobj=io.BytesIO(completed.stdout)) as archive:
        archive.extractall(folder, filter="data")
    for shared in ("micropython", "node_modules"):
        target = folder / shared
        if (REPO / shared).is_dir():
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)  # (an empty submodule folder in the archive)
            if not target.exists():
                target.symlink_to(REPO / shared, target_is_directory=True)


def build_baseline(revision, log):
    """The node launcher of `default` built from ``revision``: (path, commit)."""
    commit = resolve_commit(revision)
    folder = REPO / "build" / "bench" / "baseline" / commit[:12]
    launcher = folder / "build" / "default" / "micropython"
    mark = folder / READY_MARK
    if mark.is_file() and mark.read_text().strip() == commit and launcher.is_file():
        log(f"baseline: reusing default of {commit[:12]} built in {folder}")
        return launcher, commit
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    log(f"baseline: building default of {revision} ({commit[:12]}) in {folder} (once)")
    extract_commit(commit, folder)
    try:
        _, completed = run_timed([sys.executable, "-m", "SCons", "-Q", "variant=default"], cwd=folder,
                                 timeout=BUILD_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise BenchError(f"--baseline: the build of {commit[:12]} did not finish within {BUILD_TIMEOUT} s") from None
    if completed.returncode != 0 or not launcher.is_file():
        raise BenchError(f"--baseline: `scons variant=default` of {commit[:12]} failed in {folder} "
                         f"(exit {completed.returncode}):\n{failure_summary(completed)}")
    (folder / READY_MARK).write_text(commit + "\n")
    return launcher, commit
