"""Rebuild on save: ``python3 site_scons/mpbuild/watch.py [variant=NAME] [other scons arguments]``.

One ``scons --interactive`` process stays alive with the build graph in memory,
so a build starts without reading the SConscripts again. The source tree is
polled (stat only, a few hundred files) every POLL_SECONDS; a burst of saves
becomes one build once the tree has been quiet for QUIET_SECONDS. Edits to
build descriptions (SConstruct, SConscripts, variants/*.toml, site_scons/, manifests) and
new or deleted files (the SConscripts' globs and module folders are evaluated
when they are read) restart the interactive process instead, since it never
reads them again.

The interactive process holds the build folder's lock (mpbuild/buildlock.py)
for its whole life: its in-memory signatures would go stale if another build
wrote the folder in between. Other builds of that folder wait while a watch
runs; a restart waits for the old process to exit before starting the next, so
the watch never waits for its own lock.

Only the standard library: SConstruct is not involved until the child starts.
"""

import dataclasses
import os
import pathlib
import queue
import shlex
import signal
import subprocess
import sys
import threading
import time

POLL_SECONDS = 0.05
QUIET_SECONDS = 0.05   # a save that touches several files lands within a few milliseconds
LONGEST_WAIT_SECONDS = 1.0  # a tree that never goes quiet (a generator writing files) still builds
PROMPT = "scons>>> "

# Under the repository root; micropython/ only where the build reads (a full
# submodule also holds lib/, ports/ and tests/, thousands of files we never use).
WATCHED = ["SConstruct", "ports", "cmod", "variants", "site_scons", "mpy-cross",
           "micropython/py", "micropython/shared", "micropython/extmod", "micropython/mpy-cross",
           "micropython/tools",
           # The libraries of micropython-lib that frozen-module manifests require() from.
           "micropython/lib/micropython-lib/micropython", "micropython/lib/micropython-lib/python-stdlib",
           "micropython/lib/micropython-lib/python-ecosys"]
IGNORED_FOLDERS = {"build", "__pycache__", "node_modules"}
# Build products that upstream's own make leaves in its folders, and editors' scratch files.
IGNORED_SUFFIXES = (".pyc", ".o", ".a", ".d", ".so", ".gcda", ".gcno", "~", ".swp", ".swo", ".swx", ".tmp")
IGNORED_NAMES = {"4913"}  # vim's probe that a folder is writable


@dataclasses.dataclass(frozen=True)
class Change:
    path: str   # relative to the repository root, with '/' (absolute when outside it)
    kind: str   # "created", "modified" or "deleted"


def is_ignored_name(name):
    """Hidden files (.git, emacs' .#locks), editors' scratch files, build products."""
    return (name.startswith(".") or name in IGNORED_NAMES or name.endswith(IGNORED_SUFFIXES)
            or (name.startswith("#") and name.endswith("#")))


def watched_paths(root, scons_args):
    """The files and folders to poll: the source tree, plus USER_C_MODULES folders named on the command line."""
    root = pathlib.Path(root)
    paths = [root / name for name in WATCHED]
    for arg in scons_args:
        if arg.startswith("USER_C_MODULES="):
            for folder in arg.split("=", 1)[1].replace(os.pathsep, ",").split(","):
                if folder.strip():
                    paths.append(root / os.path.expanduser(folder.strip()))
    return paths


def build_folder(root, scons_args):
    """The build_dir= of the command line (as SConstruct reads it), absolute."""
    folder = "build"
    for arg in scons_args:
        if arg.startswith("build_dir="):
            folder = arg.split("=", 1)[1]
    return pathlib.Path(root, folder).resolve()


def scan(root, paths, excluded=()):
    """Every watched file: relative path -> (mtime_ns, size, inode). Missing paths are skipped."""
    root = os.path.abspath(root)
    excluded = {os.path.abspath(path) for path in excluded}
    found = {}
    visited = set()  # (device, inode) of folders, against symlink loops

    def key(path):
        relative = os.path.relpath(path, root)
        return path if relative.startswith("..") else relative.replace(os.sep, "/")

    def walk(folder):
        try:
            stat = os.stat(folder)
            if (stat.st_dev, stat.st_ino) in visited:
                return
            visited.add((stat.st_dev, stat.st_ino))
            entries = list(os.scandir(folder))
        except OSError:  # deleted while we looked
            return
        for entry in entries:
            if is_ignored_name(entry.name):
                continue
            try:
                if entry.is_dir():
                    if entry.name not in IGNORED_FOLDERS and os.path.abspath(entry.path) not in excluded:
                        walk(entry.path)
                elif entry.is_file():
                    stat = entry.stat()
                    found[key(entry.path)] = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
            except OSError:
                continue

    for path in paths:
        path = os.path.abspath(path)
        if os.path.isdir(path):
            walk(path)
        elif os.path.isfile(path):
            stat = os.stat(path)
            found[key(path)] = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
    return found


def changes_between(before, after):
    """What happened between two scans, sorted by path."""
    changes = [Change(path, "created") for path in after.keys() - before.keys()]
    changes += [Change(path, "deleted") for path in before.keys() - after.keys()]
    changes += [Change(path, "modified") for path in after.keys() & before.keys() if after[path] != before[path]]
    return sorted(changes, key=lambda change: change.path)


def is_build_description(path):
    name = path.rsplit("/", 1)[-1]
    return (path == "SConstruct" or name == "SConscript" or path.startswith("site_scons/")
            or (path.startswith("variants/") and name.endswith(".toml"))
            # Frozen-module manifests are read with the SConscripts (mpbuild/manifest.py).
            or path.startswith("ports/wasm/manifests/") or name == "manifest.py")


def needs_restart(change):
    """True when the interactive process must read the build description again."""
    return change.kind != "modified" or is_build_description(change.path)


# What a path's earlier change followed by a later one amounts to (None: nothing happened).
_MERGED_KIND = {
    ("created", "modified"): "created",
    ("created", "deleted"): None,        # an editor's scratch file that came and went
    ("modified", "deleted"): "deleted",
    ("deleted", "created"): "modified",  # saved by deleting and writing anew
}


class ChangeBatcher:
    """Collects changes until the tree is quiet (debouncing a burst of saves into one build)."""

    def __init__(self, quiet=QUIET_SECONDS, longest=LONGEST_WAIT_SECONDS):
        self.quiet = quiet
        self.longest = longest
        self.pending = {}
        self.first_at = None
        self.last_at = None

    def add(self, changes, now):
        for change in changes:
            earlier = self.pending.get(change.path)
            kind = change.kind if earlier is None else _MERGED_KIND.get((earlier.kind, change.kind), change.kind)
            if kind is None:
                del self.pending[change.path]
            else:
                self.pending[change.path] = Change(change.path, kind)
        if changes:
            self.first_at = now if self.first_at is None else self.first_at
            self.last_at = now
        if not self.pending:
            self.first_at = self.last_at = None

    def due(self, now):
        """A batch is ready: quiet long enough since the last change, or waiting too long already."""
        return bool(self.pending) and (now - self.last_at >= self.quiet or now - self.first_at >= self.longest)

    def take(self):
        batch = sorted(self.pending.values(), key=lambda change: change.path)
        self.pending = {}
        self.first_at = self.last_at = None
        return batch


class OutputSplitter:
    """Splits the interactive process's output into lines and prompts (the prompt ends no line)."""

    def __init__(self):
        self.buffer = ""

    def feed(self, text):
        """Events for the text so far: ("line", text) and ("prompt", None), in order."""
        self.buffer += text
        events = []
        while self.buffer:
            if self.buffer.startswith(PROMPT):
                events.append(("prompt", None))
                self.buffer = self.buffer[len(PROMPT):]
            elif "\n" in self.buffer:
                line, self.buffer = self.buffer.split("\n", 1)
                events.append(("line", line))
            else:
                break  # an unfinished line, or the start of a prompt
        return events

    def finish(self):
        rest, self.buffer = self.buffer, ""
        return [("line", rest)] if rest else []


# SCons' own progress chatter, which says nothing a watch user needs.
_QUIET_LINES = ("scons: Reading SConscript files ...", "scons: done reading SConscript files.",
                "scons: Building targets ...", "scons: Clearing cached node information ...",
                "scons: done clearing node information.", "scons: done building targets.")


def is_failure_line(line):
    return (line.startswith("scons: *** ") or line.startswith("scons: error: ")
            or line in ("scons: building terminated because of errors.",
                        "scons: done building targets (errors occurred during build).",
                        "scons: Build interrupted."))


def is_shown(line):
    return line not in _QUIET_LINES and not (line.startswith("scons: `") and line.endswith("' is up to date."))


def describe(batch, most=5):
    names = [change.path + ("" if change.kind == "modified" else f" ({change.kind})") for change in batch]
    return ", ".join(names[:most]) + (f" and {len(names) - most} more" if len(names) > most else "")


class InteractiveScons:
    """One ``scons --interactive`` child; its output arrives as events on ``events``."""

    def __init__(self, root, scons_args, events):
        self.root = root
        self.scons_args = list(scons_args)
        self.events = events
        self.process = None

    def start(self):
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        # Its own session: the terminal's Ctrl-C reaches the watch only, which then stops the child in order.
        self.process = subprocess.Popen(
            [sys.executable, "-m", "SCons", "--interactive", *self.scons_args], cwd=self.root, env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        threading.Thread(target=self._read, args=(self.process,), daemon=True).start()

    def _read(self, process):
        splitter = OutputSplitter()
        stream = process.stdout.fileno()
        while True:
            data = os.read(stream, 65536)
            if not data:
                break
            for event in splitter.feed(data.decode("utf-8", "replace")):
                self.events.put((process, *event))
        for event in splitter.finish():
            self.events.put((process, *event))
        self.events.put((process, "exit", process.wait()))

    def running(self):
        return self.process is not None and self.process.poll() is None

    def send(self, command):
        try:
            self.process.stdin.write((command + "\n").encode())
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            pass  # it died; its exit event is on the way

    def stop(self, interrupt=False, timeout=20):
        """End the child (interrupting a running build first) and wait for it: the lock is free afterwards."""
        if self.process is None:
            return
        if self.process.poll() is None:
            if interrupt:
                self._signal(signal.SIGINT)
            try:
                self.process.stdin.close()  # end of input: interactive mode exits
            except OSError:
                pass
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self._signal(signal.SIGKILL)
                self.process.wait()
        self.process = None

    def kill(self):
        if self.process is not None:
            self._signal(signal.SIGKILL)
            self.process.wait()
            self.process = None

    def _signal(self, number):
        try:
            os.killpg(self.process.pid, number)
        except ProcessLookupError:
            pass


class Watch:
    def __init__(self, root, scons_args, out=sys.stdout, poll=POLL_SECONDS, quiet=QUIET_SECONDS):
        self.root = pathlib.Path(root)
        self.scons_args = [arg for arg in scons_args if arg.startswith("-") or "=" in arg]
        self.targets = [arg for arg in scons_args if arg not in self.scons_args]
        self.paths = watched_paths(self.root, scons_args)
        self.build_folder = build_folder(self.root, scons_args)
        self.out = out
        self.poll = poll
        self.batcher = ChangeBatcher(quiet=quiet)
        self.events = queue.Queue()
        self.scons = InteractiveScons(self.root, scons_args, self.events)
        self.state = "stopped"   # "reading" (SConscripts), "idle", "building" or "stopped"
        self.build_reason = "start-up"
        self.build_started = None
        self.build_failed = False

    def say(self, text):
        self.out.write(f"watch: {text}\n")
        self.out.flush()

    def scan(self):
        return scan(self.root, self.paths, excluded=[self.build_folder])

    def run(self):
        snapshot = self.scan()
        self.say(f"watching {len(snapshot)} files under {self.root} (Ctrl-C stops). "
                 f"While it runs, scons holds the lock of {self.build_folder}: "
                 "other builds of that folder wait until the watch stops.")
        self.start_scons("start-up")
        next_poll = time.monotonic()
        try:
            while True:
                now = time.monotonic()
                if now >= next_poll:
                    current = self.scan()
                    self.batcher.add(changes_between(snapshot, current), now)
                    snapshot = current
                    next_poll = now + self.poll
                    if self.state in ("idle", "stopped") and self.batcher.due(now):
                        self.act_on(self.batcher.take())
                try:
                    process, kind, value = self.events.get(timeout=max(0.0, next_poll - time.monotonic()))
                except queue.Empty:
                    continue
                if process is self.scons.process:
                    self.handle(kind, value)
        except KeyboardInterrupt:
            self.say("stopping")
            try:
                self.scons.stop(interrupt=self.state in ("building", "reading"))
            except KeyboardInterrupt:  # a second Ctrl-C: no more waiting
                self.scons.kill()
            self.say("stopped")
        return 0

    def start_scons(self, reason):
        self.state = "reading"
        self.build_reason = reason
        self.scons.start()

    def act_on(self, batch):
        reason = describe(batch)
        if not self.scons.running():
            self.say(f"starting scons: {reason}")
            self.scons.stop()
            self.start_scons(reason)
        elif any(needs_restart(change) for change in batch):
            self.say(f"restarting scons (the build description may have changed): {reason}")
            self.scons.stop()  # waits for it to exit, so the next one finds the lock free
            self.start_scons(reason)
        else:
            self.start_build(reason)

    def start_build(self, reason):
        self.state = "building"
        self.build_failed = False
        self.build_started = time.monotonic()
        self.say(f"build started: {reason}")
        self.scons.send("build " + " ".join(shlex.quote(target) for target in self.targets))

    def handle(self, kind, value):
        if kind == "line":
            if is_failure_line(value):
                self.build_failed = True
            if is_shown(value):
                self.out.write(value + "\n")
                self.out.flush()
        elif kind == "prompt":
            if self.state == "reading":
                self.start_build(self.build_reason)
            elif self.state == "building":
                self.finish_build()
        elif kind == "exit":
            if self.state == "building":
                self.build_failed = True
                self.finish_build()
            self.state = "stopped"
            self.say(f"scons exited (status {value}); fix the error above and save to try again")

    def finish_build(self):
        seconds = time.monotonic() - self.build_started
        self.say(f"build {'FAILED' if self.build_failed else 'ok'} in {seconds:.2f} s; waiting for changes")
        self.state = "idle"


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if any(arg in ("-h", "--help") for arg in argv):
        print(__doc__.split("\n\n")[0])
        return 0
    root = pathlib.Path(__file__).resolve().parents[2]  # site_scons/mpbuild/watch.py -> the tree's root

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    # Explicitly: a shell starts background jobs with SIGINT ignored, and Python keeps that.
    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)
    return Watch(root, argv).run()


if __name__ == "__main__":
    sys.exit(main())
