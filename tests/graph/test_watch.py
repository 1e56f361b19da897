"""The watch command on a scratch tree: a save starts a build within a fraction of a second,
the rebuilt interpreter has the edit, a variant edit restarts scons, and Ctrl-C ends it cleanly.

The tests share one watch process and run in file order; the last one stops it.
"""

import fcntl
import queue
import signal
import statistics
import subprocess
import sys
import threading
import time

import pytest

from buildtree import QUICK_UNIX_VARIANT
from interpreter import run_python

PORT_FILE = "ports/wasm/core/modtime.c"
OTHER_FILE = "ports/wasm/core/mphalport.c"
MESSAGE = "sleep length must be non-negative"
# Saving to "build started" should take under 0.25 s; the margin is for a loaded 2-core machine.
LATENCY_LIMIT_SECONDS = 1.0


class WatchProcess:
    """The watch command running in a scratch tree; every output line is time-stamped on arrival."""

    def __init__(self, tree, *args):
        self.tree = tree
        self.process = subprocess.Popen(
            [sys.executable, str(tree.path("site_scons/mpbuild/watch.py")), *args], cwd=tree.root,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
        self.lines = queue.Queue()
        self.transcript = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.put((time.monotonic(), line.rstrip("\n")))
        self.lines.put((time.monotonic(), None))

    def wait_for(self, prefix, timeout):
        """Lines up to and including the first that starts with ``prefix``: [(arrival time, line)]."""
        seen = []
        deadline = time.monotonic() + timeout
        while True:
            try:
                arrival, line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no {prefix!r} line within {timeout} s; output so far:\n"
                                     + "\n".join(self.transcript[-60:])) from None
            if line is None:
                raise AssertionError(f"the watch ended before {prefix!r}; output:\n" + "\n".join(self.transcript[-60:]))
            self.transcript.append(line)
            seen.append((arrival, line))
            if line.startswith(prefix):
                return seen

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="module")
def tree(make_scratch_tree):
    return make_scratch_tree("watch", quick_unix=True)


@pytest.fixture(scope="module")
def watch(tree):
    watch = WatchProcess(tree, "variant=unix", "build_dir=out")
    yield watch
    watch.stop()


def lock_is_free(tree):
    with open(tree.path("out/.lock"), "a+") as stream:
        try:
            fcntl.flock(stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(stream, fcntl.LOCK_UN)
        return True


def build_lines(lines):
    return [line for _, line in lines]


def test_start_up_builds_and_holds_the_build_folder(watch, tree):
    opening = build_lines(watch.wait_for("watch: watching", timeout=30))[-1]
    assert "other builds of that folder wait" in opening and str(tree.path("out")) in opening
    watch.wait_for("watch: build started: start-up", timeout=120)
    finished = build_lines(watch.wait_for("watch: build ", timeout=400))
    assert finished[-1].startswith("watch: build ok in "), "\n".join(finished)
    assert "LINK out/unix/micropython" in finished
    assert not lock_is_free(tree)  # the interactive scons keeps it between builds


def test_a_save_starts_a_build_within_the_latency_limit(watch, tree):
    latencies = []
    edits = [
        [(PORT_FILE, MESSAGE, "sleep length must be >= 0")],
        [(PORT_FILE, "sleep length must be >= 0", "sleep length must not be < 0")],
        # An editor saving two files at once: one build for both.
        [(PORT_FILE, "sleep length must not be < 0", "sleep: length must not be < 0"),
         (OTHER_FILE, "#include", "/* saved together */\n#include")],
    ]
    for edit in edits:
        for relative, old, new in edit:
            tree.edit(relative, old, new)
        saved = time.monotonic()
        started_at, started = watch.wait_for("watch: build started", timeout=10)[-1]
        latencies.append(started_at - saved)
        for relative, _, _ in edit:
            assert relative in started
        output = build_lines(watch.wait_for("watch: build ", timeout=180))
        assert output[-1].startswith("watch: build ok in "), "\n".join(output)
        assert {line.split(" ", 1)[1] for line in output if line.startswith("CC ")} == {r for r, _, _ in edit}
        assert "LINK out/unix/micropython" in output
    print(f"\nsave-to-build-start latency: {', '.join(f'{s * 1000:.0f} ms' for s in latencies)} "
          f"(median {statistics.median(latencies) * 1000:.0f} ms)")
    assert max(latencies) < LATENCY_LIMIT_SECONDS, latencies

    result = run_python(tree.path("out/unix/micropython"), "import time\ntime.sleep(-1)")
    assert "ValueError: sleep: length must not be < 0" in result.stderr


def test_a_failing_build_is_reported_and_the_next_save_recovers(watch, tree):
    tree.edit(PORT_FILE, "sleep: length must not be < 0", "sleep: length must not be < 0\" syntax error")
    watch.wait_for("watch: build started", timeout=10)
    output = build_lines(watch.wait_for("watch: build ", timeout=180))
    assert output[-1].startswith("watch: build FAILED in "), "\n".join(output)
    assert any(line.startswith("scons: *** ") for line in output)
    tree.edit(PORT_FILE, "sleep: length must not be < 0\" syntax error", MESSAGE)
    watch.wait_for("watch: build started", timeout=10)
    output = build_lines(watch.wait_for("watch: build ", timeout=180))
    assert output[-1].startswith("watch: build ok in "), "\n".join(output)


def test_a_variant_edit_restarts_scons_and_rebuilds_with_it(watch, tree):
    # A new link flag: only a process that read the variant again relinks (and compiles nothing).
    tree.path("variants/unix.toml").write_text(QUICK_UNIX_VARIANT + 'ldflags = ["-Wl,-O1"]\n')
    restart = build_lines(watch.wait_for("watch: restarting scons", timeout=10))[-1]
    assert "variants/unix.toml" in restart
    watch.wait_for("watch: build started: variants/unix.toml", timeout=120)
    output = build_lines(watch.wait_for("watch: build ", timeout=180))
    assert output[-1].startswith("watch: build ok in "), "\n".join(output)
    assert "LINK out/unix/micropython" in output
    assert not [line for line in output if line.startswith("CC ")]
    assert not lock_is_free(tree)
    result = run_python(tree.path("out/unix/micropython"), "print(6 * 7)")
    assert result.stdout == "42\n"


def test_sigint_stops_the_watch_and_its_scons(watch, tree):
    watch.process.send_signal(signal.SIGINT)
    assert watch.process.wait(30) == 0
    rest = build_lines(watch.wait_for("watch: stopped", timeout=5))
    assert not any("Traceback" in line for line in watch.transcript), "\n".join(rest)
    assert lock_is_free(tree)  # the interactive scons exited too
