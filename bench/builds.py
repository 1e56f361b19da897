"""Build figures, each variant in a scratch copy of the tree under build/bench/:
clean, no-op and incremental builds with their step counts; upstream's own make
of mpy-cross against our graph's build of it; and the compiler-bound limit."""

import collections
import json
import re
import shlex
import shutil
import subprocess
import sys

from bench.errors import BenchError
from bench.paths import REPO, STEP_RE, ScratchTree
from bench.results import target
from bench.timing import children_cpu_seconds, failure_summary, run_timed

USAGE_WRAPPER = REPO / "bench" / "scons_usage.py"

JOBS = 2
# The port source the incremental-build figures edit (at its end, so any version of it works).
PROBE_FILE = "ports/wasm/core/modtime.c"
# What upstream's make needs from the MicroPython tree to build mpy-cross.
UPSTREAM_PARTS = ["py", "shared", "tools", "mpy-cross", "extmod"]
BUILD_TIMEOUT = 3600


class ProbeEdits:
    """Edits at the end of one port source: a code change, a comment-only change, a new QSTR.

    The probe block keeps its line layout across edits, so a comment edit moves no
    line and changes no debug information.
    """

    def __init__(self, path):
        self.path = path
        self.original = path.read_text()
        self.code_version = 0
        self.comment_version = 0
        self.qstr_version = 0

    def _write(self):
        lines = [f"// benchmark probe, comment version {self.comment_version}",
                 "int mpw_bench_probe(void);",
                 f"int mpw_bench_probe(void) {{ return {self.code_version}; }}"]
        if self.qstr_version:
            lines += ["int mpw_bench_qstr_probe(void);",
                      f"int mpw_bench_qstr_probe(void) {{ return MP_QSTR_mpw_bench_probe_{self.qstr_version}; }}"]
        self.path.write_text(self.original.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n")

    def edit_code(self):
        self.code_version += 1
        self._write()

    def edit_comment(self):
        self.comment_version += 1
        self._write()

    def add_qstr(self):
        self.qstr_version += 1
        self._write()


def step_lines(stdout):
    """The `LABEL path` step lines of a quiet SCons run."""
    found = []
    for line in stdout.splitlines():
        match = STEP_RE.match(line.strip())
        if match:
            found.append(f"{match.group(1)} {match.group(2)}")
    return found


def scons_timed(tree, *arguments, usage=None):
    """Time one SCons run in ``tree``; return (seconds, step lines).

    With ``usage`` (a path), SCons runs under bench/scons_usage.py, which writes
    there the CPU time of SCons itself and that of the commands it ran.
    """
    launcher = [str(USAGE_WRAPPER), str(usage)] if usage else ["-m", "SCons"]
    command = [sys.executable, *launcher, "-Q", f"-j{JOBS}", *arguments]
    seconds, completed = run_timed(command, cwd=tree.root, timeout=BUILD_TIMEOUT)
    if completed.returncode != 0:
        raise BenchError(f"`scons {' '.join(arguments)}` failed in the scratch tree {tree.root} "
                         f"(exit {completed.returncode}):\n{failure_summary(completed)}")
    return seconds, step_lines(completed.stdout)


def step_summary(lines):
    """Count per label, e.g. {"CC": 1, "QSTR": 1, "LINK": 1}."""
    return dict(sorted(collections.Counter(line.split(" ", 1)[0] for line in lines).items()))


class Series:
    """Samples of one build figure and the steps each sample ran."""

    def __init__(self):
        self.seconds = []
        self.steps = []

    def add(self, seconds, lines):
        self.seconds.append(seconds)
        self.steps.append(lines)

    def details(self):
        last = self.steps[-1]
        return {"step_counts": [len(lines) for lines in self.steps], "steps": step_summary(last),
                "step_lines": last[:12]}


def fresh_tree(folder):
    if folder.exists():
        shutil.rmtree(folder)
    return ScratchTree.create(folder)


def host_tool_compile_commands(tree):
    """The compile commands of the host tools (mpy-cross), which compile_commands.json leaves out.

    Their objects are removed and a dry run lists the commands that would remake them;
    the caller rebuilds them afterwards.
    """
    for object_file in tree.path("build/mpy-cross").rglob("*.o"):
        object_file.unlink()
    command = [sys.executable, "-m", "SCons", "-Q", "-n", "V=1", "build/mpy-cross/mpy-cross"]
    completed = subprocess.run(command, cwd=tree.root, capture_output=True, text=True, timeout=BUILD_TIMEOUT)
    if completed.returncode != 0:
        raise BenchError(f"`scons -n V=1 build/mpy-cross/mpy-cross` failed:\n{failure_summary(completed)}")
    commands = []
    for line in completed.stdout.splitlines():
        words = shlex.split(line) if " -c " in line else []
        if "-o" in words and words[words.index("-o") + 1].endswith(".o"):
            commands.append(words)
    if not commands:
        raise BenchError("a dry run of `scons build/mpy-cross/mpy-cross` listed no compile commands")
    return commands


def optimisation_level(commands):
    """The one -O flag of these compile commands (the same tool from the same flags on both sides)."""
    levels = {word for command in commands for word in command if re.fullmatch(r"-O[0-3sgz]?|-Ofast", word)}
    if len(levels) != 1:
        raise BenchError(f"mpy-cross's compile commands use {sorted(levels) or 'no'} optimisation levels, "
                         "expected one")
    return levels.pop()


def redirect_output(command, output):
    """The compile command with its object written to ``output`` instead."""
    command = list(command)
    if "-o" not in command:
        return command + ["-o", str(output)]
    command[command.index("-o") + 1] = str(output)
    return command


def compile_cpu_seconds(tree, variant, scratch):
    """Run every compile command of a clean build one at a time: the variant's
    (compile_commands.json) and the host tools'; return their summed CPU time.

    Objects go to ``scratch``, so the build's own outputs stay as the build left them.
    """
    database = tree.path(f"build/{variant}/compile_commands.json")
    if not database.is_file():
        raise BenchError(f"{database} is missing after a build of {variant}; cannot measure the compiler-bound limit")
    commands = [(entry.get("arguments") or shlex.split(entry["command"]), entry.get("directory", tree.root))
                for entry in json.loads(database.read_text())]
    commands += [(command, tree.root) for command in host_tool_compile_commands(tree)]
    if scratch.exists():
        shutil.rmtree(scratch)
    scratch.mkdir(parents=True)
    before = children_cpu_seconds()
    for number, (command, directory) in enumerate(commands):
        completed = subprocess.run(redirect_output(command, scratch / f"{number}.o"), cwd=directory,
                                   capture_output=True, text=True)
        if completed.returncode != 0:
            raise BenchError(f"compile command `{' '.join(command)[:200]}` failed:\n{failure_summary(completed)}")
    cpu = children_cpu_seconds() - before
    scons_timed(tree, "build/mpy-cross/mpy-cross")  # put back the host objects the dry run needed gone
    return cpu, len(commands)


def other_variant(variant):
    return "unix" if variant == "default" else "default"


def measure_variant(results, variant, work, runs, quick, log):
    tree = fresh_tree(work / "trees" / variant)
    build = f"variant={variant}"
    clean, cpu_seconds = Series(), []
    usages = []  # CPU of SCons itself and of the commands it ran, per clean build
    usage_file = work / f"scons-usage-{variant}.json"
    command_count = 0
    for run in range(runs):
        shutil.rmtree(tree.path("build"), ignore_errors=True)
        seconds, lines = scons_timed(tree, build, usage=usage_file)
        clean.add(seconds, lines)
        usages.append(json.loads(usage_file.read_text()))
        log(f"build {variant}: clean build {run + 1}/{runs}: {seconds:.2f} s, {len(lines)} steps, CPU: "
            f"SCons {usages[-1]['scons']:.2f} s, its commands {usages[-1]['commands']:.2f} s")
        cpu, command_count = compile_cpu_seconds(tree, variant, work / "objects" / variant)
        cpu_seconds.append(cpu)
        log(f"build {variant}: compile commands one at a time {run + 1}/{runs}: {cpu:.2f} s CPU")
    prefix = f"build.{variant}"
    results.add_figure(f"{prefix}.clean", clean.seconds, "s",
                       f"full clean build of `{variant}` with -j{JOBS} (wall time)", **clean.details())
    results.add_figure(f"{prefix}.compile_cpu", cpu_seconds, "s",
                       f"summed CPU time of the {command_count} compile commands of a clean build (compile_commands.json "
                       "and the host mpy-cross's), run one at a time", commands=command_count)
    results.add_figure(f"{prefix}.compile_bound_limit", [cpu / JOBS for cpu in cpu_seconds], "s",
                       f"compiler-bound limit: compile CPU time divided by {JOBS} cores")
    results.add_ratio(f"{prefix}.clean_vs_limit", f"{prefix}.clean", f"{prefix}.compile_bound_limit",
                      f"{variant}: clean build wall time / compiler-bound limit", target("<=", 1.15))
    # Where the distance to the limit comes from: the commands beyond the compiles (QSTR
    # preprocessing, mpy-cross runs, links), or the build tool and idle cores.
    results.add_figure(f"{prefix}.clean_scons_cpu", [usage["scons"] for usage in usages], "s",
                       "CPU time of SCons itself in a clean build (reading the build files, scanning, "
                       "signatures, and its Python steps: QSTR extraction, header generation)")
    results.add_figure(f"{prefix}.clean_commands_cpu", [usage["commands"] for usage in usages], "s",
                       "CPU time of every command a clean build ran (compiles, QSTR preprocessing, "
                       "mpy-cross, links), as the build ran them")
    results.add_figure(f"{prefix}.command_bound", [usage["commands"] / JOBS for usage in usages], "s",
                       f"command-bound floor: the commands' CPU time divided by {JOBS} cores "
                       "(a clean build's wall time with no build-tool cost and no idle core)")
    results.add_ratio(f"{prefix}.command_bound_vs_limit", f"{prefix}.command_bound", f"{prefix}.compile_bound_limit",
                      f"{variant}: command-bound floor / compiler-bound limit (the least clean/limit ratio "
                      "any build tool could reach with these commands)")
    results.add_ratio(f"{prefix}.clean_vs_command_bound", f"{prefix}.clean", f"{prefix}.command_bound",
                      f"{variant}: clean build wall time / command-bound floor (what the build tool and "
                      "idle cores add)")

    noop = Series()
    for run in range(runs):
        noop.add(*scons_timed(tree, build))
    log(f"build {variant}: no-op rebuild: {noop.seconds}")
    results.add_figure(f"{prefix}.noop", noop.seconds, "s", "no-op rebuild (nothing changed)",
                       target("<=", 0.3), **noop.details())  # (issue 16: a no-op stays within 0.3 s)

    probe = ProbeEdits(tree.path(PROBE_FILE))
    for name, edit, what in (
        ("code_edit", probe.edit_code, f"rebuild after a code edit of {PROBE_FILE}"),
        ("comment_edit", probe.edit_comment, f"rebuild after a comment-only edit of {PROBE_FILE}"),
        ("new_qstr", probe.add_qstr, f"rebuild after adding a new MP_QSTR_ use to {PROBE_FILE}"),
    ):
        series = Series()
        for run in range(runs):
            edit()
            series.add(*scons_timed(tree, build))
        log(f"build {variant}: {name}: {[round(s, 2) for s in series.seconds]} s, steps {series.details()['steps']}")
        results.add_figure(f"{prefix}.{name}", series.seconds, "s", what, **series.details())

    if quick:
        results.note(f"build {variant}: the variant switch figure is left out in --quick mode")
        return
    other = other_variant(variant)
    seconds, _ = scons_timed(tree, f"variant={other}")
    log(f"build {variant}: first build of {other} in the same tree (for the switch): {seconds:.2f} s")
    to_other, back = Series(), Series()
    for run in range(runs):
        to_other.add(*scons_timed(tree, f"variant={other}"))
        back.add(*scons_timed(tree, build))
    log(f"build {variant}: switch to {other}: {to_other.seconds}; back: {back.seconds}")
    results.add_figure(f"{prefix}.switch_to_{other}", to_other.seconds, "s",
                       f"build of `{other}` right after a build of `{variant}` (both built before)",
                       **to_other.details())
    results.add_figure(f"{prefix}.switch_back", back.seconds, "s",
                       f"rebuild of `{variant}` after switching to `{other}` and back", **back.details())


def copy_upstream_tree(destination):
    source = REPO / "micropython"
    if not (source / "mpy-cross" / "Makefile").is_file():
        raise BenchError(f"{source}/mpy-cross/Makefile is missing; provision the MicroPython source "
                         "(python3 site_scons/mpbuild/provision.py, or tools/setup.sh)")
    if destination.exists():
        shutil.rmtree(destination)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "build", "build-*")
    for part in UPSTREAM_PARTS:
        if (source / part).is_dir():
            shutil.copytree(source / part, destination / part, symlinks=True, ignore=ignore)


def check_runs(program):
    completed = subprocess.run([str(program), "--version"], capture_output=True, text=True)
    if completed.returncode != 0 or "MicroPython" not in completed.stdout:
        raise BenchError(f"{program} --version did not report MicroPython: {completed.stdout}{completed.stderr}")


def measure_mpy_cross(results, work, runs, log):
    """Upstream's Makefile build of mpy-cross against ours, alternating, from the same sources."""
    if shutil.which("make") is None:
        results.note("mpy-cross reference skipped: `make` is not installed (apt-get install make)")
        return
    upstream = work / "upstream" / "micropython"
    copy_upstream_tree(upstream)
    tree = fresh_tree(work / "trees" / "mpy-cross")
    level = optimisation_level(host_tool_compile_commands(tree))
    make = ["make", "-C", "mpy-cross", f"-j{JOBS}", f"COPT={level}"]
    make_seconds, ours = [], Series()
    for run in range(runs):
        shutil.rmtree(upstream / "mpy-cross" / "build", ignore_errors=True)
        seconds, completed = run_timed(make, cwd=upstream, timeout=BUILD_TIMEOUT)
        if completed.returncode != 0:
            raise BenchError(f"upstream `make -C mpy-cross` failed in {upstream}:\n{failure_summary(completed)}")
        make_seconds.append(seconds)
        shutil.rmtree(tree.path("build"), ignore_errors=True)
        ours.add(*scons_timed(tree, "build/mpy-cross/mpy-cross"))
        log(f"build mpy-cross {run + 1}/{runs}: upstream make {seconds:.2f} s, ours {ours.seconds[-1]:.2f} s")
    check_runs(upstream / "mpy-cross" / "build" / "mpy-cross")
    check_runs(tree.path("build/mpy-cross/mpy-cross"))
    results.add_figure("build.mpy_cross.upstream_make", make_seconds, "s",
                       f"upstream's Makefile: clean `{' '.join(make)}` (copy of micropython/ "
                       "under build/bench/; COPT is the optimisation level our graph builds mpy-cross with)",
                       copt=level)
    results.add_figure("build.mpy_cross.ours", ours.seconds, "s",
                       f"our graph: clean `scons -j{JOBS} build/mpy-cross/mpy-cross` in a scratch tree", **ours.details())
    results.add_ratio("build.mpy_cross.ours_vs_upstream", "build.mpy_cross.ours", "build.mpy_cross.upstream_make",
                      "our mpy-cross build time / upstream make's", target("<=", 1.0))


def measure_builds(results, build_variants, work, runs, quick, log):
    for variant in build_variants:
        try:
            measure_variant(results, variant, work, runs, quick, log)
        except BenchError as error:
            results.note(f"build figures of `{variant}` incomplete: {error}")
            log(f"build {variant}: {error}")
    if quick:
        results.note("the mpy-cross reference (upstream make against our graph) is left out in --quick mode")
        return
    try:
        measure_mpy_cross(results, work, runs, log)
    except BenchError as error:
        results.note(f"mpy-cross reference incomplete: {error}")
        log(f"build mpy-cross: {error}")
