"""Running fuzz inputs on an interpreter and judging how each run ended.

A run is acceptable when it ends by itself with an exit status of 0..125 (a
normal end, a Python exception with its traceback, or sys.exit) and nothing on
stderr shows a crash: no signal, no WebAssembly trap or emscripten abort, no
JavaScript stack. Inputs run in batches inside one interpreter (harness.py);
when a batch does not end cleanly (or an input runs past the time limit), the
input it was running is run alone to confirm, and the batch goes on after it. A time-out is a hang only when
CPython runs the same input quickly: a program that is merely slow is skipped.
"""

import collections
import dataclasses
import hashlib
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HARNESS = pathlib.Path(__file__).with_name("harness.py")
CRASH_PATTERNS = [
    "RuntimeError: unreachable", "Aborted(", "RuntimeError: memory access out of bounds",
    "RuntimeError: table index is out of bounds", "RuntimeError: null function", "RuntimeError: index out of bounds",
    "RuntimeError: divide by zero", "RuntimeError: integer overflow", "RuntimeError: call stack exhausted",
    "RangeError: Maximum call stack size exceeded", "WebAssembly.Exception", "FATAL ERROR", "Segmentation fault",
    "core dumped", "Assertion failed", "AddressSanitizer", "stack smashing detected", "double free",
    "malloc(): ", "free(): ",
]
JS_STACK_LINE = re.compile(r"^\s+at \S.*[:)]\s*$", re.MULTILINE)


@dataclasses.dataclass
class Outcome:
    verdict: str        # "ok", "exception", "slow" (CPython is slow too) or a finding: "crash", "trap", "hang"
    returncode: object
    stderr: str

    @property
    def is_finding(self):
        return self.verdict in ("crash", "trap", "hang")


def crash_signs(stderr):
    """What in stderr shows a crash rather than a Python exception, or None."""
    for pattern in CRASH_PATTERNS:
        if pattern in stderr:
            return pattern
    match = JS_STACK_LINE.search(stderr)
    return f"JavaScript stack: {match.group(0).strip()}" if match else None


def judge(returncode, stderr):
    sign = crash_signs(stderr)
    if sign:
        return Outcome("trap", returncode, stderr)
    if returncode < 0 or returncode > 125:
        return Outcome("crash", returncode, stderr)
    return Outcome("ok" if returncode == 0 else "exception", returncode, stderr)


class Fuzzer:
    def __init__(self, interpreter, *, timeout, batch_size, findings_folder, label):
        self.interpreter = str(interpreter)
        self.timeout = timeout
        self.batch_size = batch_size
        self.findings_folder = pathlib.Path(findings_folder)
        self.label = label
        self.counts = collections.Counter()
        self.findings = []
        self.processes = 0

    def run_one(self, source, folder):
        """Run one input as a script file, alone; a time-out is checked against CPython."""
        path = pathlib.Path(folder) / "input.py"
        path.write_bytes(source)
        self.processes += 1
        try:
            result = subprocess.run([self.interpreter, str(path)], cwd=folder, capture_output=True,
                                    timeout=self.timeout)
        except subprocess.TimeoutExpired as expired:
            stderr = (expired.stderr or b"").decode("utf-8", "replace")
            return Outcome("slow" if self.cpython_is_slow_too(path) else "hang", None, stderr)
        return judge(result.returncode, result.stderr.decode("utf-8", "replace"))

    def cpython_is_slow_too(self, path):
        started = time.monotonic()
        try:
            subprocess.run([sys.executable, str(path)], cwd=path.parent, capture_output=True, timeout=self.timeout)
        except subprocess.TimeoutExpired:
            return True
        return time.monotonic() - started > self.timeout / 4

    def run_batch(self, batch, folder):
        """Run (kind, source) inputs in one interpreter; returns how many of them ran before it stopped,
        and how it ended (None when it ended cleanly after all of them). One input may take up to the
        time limit: the batch is stopped when no new input has started for that long."""
        folder = pathlib.Path(folder)
        for index, (_kind, source) in enumerate(batch):
            (folder / f"{index}.py").write_bytes(source)
        self.processes += 1
        process = subprocess.Popen([self.interpreter, str(HARNESS), str(folder), str(len(batch))], cwd=folder,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        started, stdout, stderr = [], [], []
        last_progress = [time.monotonic()]

        def read_stdout():
            for line in process.stdout:
                stdout.append(line)
                match = re.match(rb"#FUZZ-START (\d+)$", line.strip())
                if match:
                    started.append(int(match.group(1)))
                    last_progress[0] = time.monotonic()

        readers = [threading.Thread(target=read_stdout, daemon=True),
                   threading.Thread(target=lambda: stderr.append(process.stderr.read()), daemon=True)]
        for reader in readers:
            reader.start()
        hung = False
        while process.poll() is None:
            if time.monotonic() - last_progress[0] > self.timeout:
                process.kill()
                hung = True
            time.sleep(0.05)
        process.wait()
        for reader in readers:
            reader.join(timeout=30)
        if hung:
            outcome = Outcome("hang", None, "")
        else:
            outcome = judge(process.returncode, b"".join(stderr).decode("utf-8", "replace"))
        if outcome.verdict in ("ok", "exception") and f"#FUZZ-DONE {len(batch)}".encode() in b"".join(stdout):
            return len(batch), None
        return (started[-1] if started else 0), outcome

    def run(self, inputs):
        """Run every (kind, source) input; record counts and findings."""
        with tempfile.TemporaryDirectory(prefix="mpw-fuzz-") as scratch:
            position = 0
            while position < len(inputs):
                batch = inputs[position:position + self.batch_size]
                batch_folder = pathlib.Path(scratch) / f"batch{position}"
                batch_folder.mkdir()
                finished, stopped = self.run_batch(batch, batch_folder)
                for kind, _ in batch[:finished]:
                    self.counts[kind] += 1
                position += finished
                if stopped is not None:
                    kind, source = inputs[position]
                    alone_folder = pathlib.Path(scratch) / f"alone{position}"
                    alone_folder.mkdir()
                    outcome = self.run_one(source, alone_folder)
                    self.counts[kind] += 1
                    self.counts[f"outcome {outcome.verdict}"] += 1
                    if outcome.is_finding:
                        self.record(kind, source, outcome)
                    elif stopped.verdict in ("crash", "trap"):
                        # Alone the input is fine: what crashed was the batch up to it (shared state).
                        combined = b"\n".join(s for _, s in batch[:finished + 1])
                        self.record("batch", combined, stopped)
                    position += 1
                shutil.rmtree(batch_folder, ignore_errors=True)
        return self.findings

    def record(self, kind, source, outcome):
        self.findings_folder.mkdir(parents=True, exist_ok=True)
        name = f"{self.label}-{kind}-{hashlib.sha256(source).hexdigest()[:12]}"
        (self.findings_folder / f"{name}.py").write_bytes(source)
        (self.findings_folder / f"{name}.txt").write_text(
            f"interpreter: {self.interpreter}\nverdict: {outcome.verdict}\nexit status: {outcome.returncode}\n"
            f"stderr (end):\n{outcome.stderr[-3000:]}\n")
        self.findings.append((name, outcome))
