"""results.md: the figures of results.json as markdown tables."""

BUILD_COLUMNS = [("clean", "clean"), ("noop", "no-op"), ("code_edit", "code edit"),
                 ("comment_edit", "comment-only edit"), ("new_qstr", "new qstr"), ("switch_back", "switch and back")]
RUNTIME_COLUMNS = [("coldstart_first_line", "cold start, first line"), ("coldstart_exit", "whole `print(1+1)`"),
                   ("pystone", "pystone"), ("fib", "fib"), ("alloc", "alloc loop")]
SIZE_KINDS = ["wasm", "js", "data", "total"]
INTEROP_COLUMNS = [("roundtrip", "JS → Python → JS call"), ("list_to_js", "1,000-element list → JS Array"),
                   ("array_to_py", "1,000-element JS Array → Python list")]


def format_value(value, unit):
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "us":
        return f"{value:,.2f} µs"
    if unit == "pystones/s":
        return f"{value:,.0f}/s"
    if unit == "bytes":
        return f"{value / 1024:,.1f} KiB"
    return f"{value:g} {unit}"


def one_line(text, limit=600):
    """A note as one list item: its lines joined, long ones shortened."""
    joined = " / ".join(line.strip() for line in text.splitlines() if line.strip())
    return joined if len(joined) <= limit else joined[:limit] + " ..."


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def build_cell(figure):
    if figure is None:
        return "–"
    steps = figure.get("steps")
    if steps is None:
        return format_value(figure["value"], figure["unit"])
    total = figure["step_counts"][-1]
    if total == 0:
        described = "0 steps"
    elif len(steps) <= 3:
        described = ", ".join(f"{label} {count}" for label, count in steps.items())
    else:
        described = f"{total} steps"
    return f"{format_value(figure['value'], figure['unit'])} ({described})"


def target_text(entry, unit=None):
    goal = entry.get("target")
    if goal is None:
        return "", ""
    bound = format_value(goal["value"], unit) if unit else f"{goal['value']:g}x"
    return f"{goal['op']} {bound}", ("yes" if entry["meets_target"] else "**no**")


def render(data):
    figures = data["figures"]
    machine = data["machine"]
    settings = data["settings"]
    out = ["# Benchmark results", ""]
    out.append(f"- Date: {data['date']}")
    out.append(f"- Machine: {machine['cpu']}, {machine['cores']} cores, {machine['os']}")
    out.append("- Tools: " + ", ".join(f"{name} {version}" for name, version in machine["tools"].items()))
    out.append(f"- Command: `{data['command']}`" + (" (**--quick: tiny workloads, 1 run, a subset**)"
                                                    if settings["quick"] else ""))
    if settings.get("baseline"):
        out.append(f"- Baseline (`--baseline`): `default` built from {settings['baseline']['revision']} "
                   f"({settings['baseline']['commit'][:12]}), the `baseline` rows")
    out.append(f"- Each figure is the median of {settings['runs']} run(s) "
               f"({settings['cold_start_samples']} for cold starts); every ratio is taken within this run.")
    out.append("")

    build_variants = [v for v in settings["build_variants"] if f"build.{v}.clean" in figures]
    if build_variants:
        out += ["## Build", "",
                f"Wall time with -j{settings['jobs']} in a scratch copy of the tree; in brackets the steps that ran.", ""]
        rows = [[variant] + [build_cell(figures.get(f"build.{variant}.{key}")) for key, _ in BUILD_COLUMNS]
                for variant in build_variants]
        out += [table(["variant"] + [title for _, title in BUILD_COLUMNS], rows), ""]
        rows = []
        for variant in build_variants:
            for key, title in (("compile_cpu", "summed compile CPU time"),
                               ("compile_bound_limit", "compiler-bound limit (CPU / cores)"),
                               ("clean_commands_cpu", "CPU of all commands of a clean build"),
                               ("command_bound", "command-bound floor (their CPU / cores)"),
                               ("clean_scons_cpu", "CPU of SCons itself in a clean build")):
                if f"build.{variant}.{key}" in figures:
                    rows.append([f"{variant}: {title}", build_cell(figures[f"build.{variant}.{key}"])])
        upstream_make = figures.get("build.mpy_cross.upstream_make") or {}
        copt = f" COPT={upstream_make['copt']}" if upstream_make.get("copt") else ""
        for key, title in (("upstream_make", f"mpy-cross: upstream `make -C mpy-cross -j2{copt}`"),
                           ("ours", "mpy-cross: our `scons build/mpy-cross/mpy-cross -j2`")):
            if f"build.mpy_cross.{key}" in figures:
                rows.append([title, build_cell(figures[f"build.mpy_cross.{key}"])])
        if rows:
            out += [table(["reference", "time"], rows), ""]

    if "coverage.ours" in figures and "coverage.upstream_make" in figures:
        upstream = figures["coverage.upstream_make"]
        stages = ", ".join(f"{name} {value:.1f} s" for name, value in upstream.get("stages", {}).items())
        out += ["## Coverage", "", "Clean runs, -j2: the whole coverage command against upstream's own.", "",
                table(["command", "time"], [
                    ["ours: `scons variant=coverage coverage`", build_cell(figures["coverage.ours"])],
                    [f"upstream: `make VARIANT=coverage` + `test` + gcovr ({stages})", build_cell(upstream)]]), ""]

    interpreters = [name for name in settings["interpreters"]
                    if any(f"runtime.{name}.{key}" in figures for key, _ in RUNTIME_COLUMNS)]
    if interpreters:
        workloads = settings["workloads"]
        out += ["## Runtime", "",
                f"Whole processes; pystone({workloads['pystone']}) in loops per second, fib({workloads['fib']}) "
                f"and the allocation loop ({workloads['alloc']} rounds) timed inside the program.", ""]
        rows = []
        for name in interpreters:
            rows.append([name] + [format_value(figures[f"runtime.{name}.{key}"]["value"],
                                               figures[f"runtime.{name}.{key}"]["unit"])
                                  if f"runtime.{name}.{key}" in figures else "–" for key, _ in RUNTIME_COLUMNS])
        if "runtime.node.bare" in figures:
            rows.append(["`node -e 0`", "–", format_value(figures["runtime.node.bare"]["value"], "ms"), "–", "–", "–"])
        out += [table(["interpreter"] + [title for _, title in RUNTIME_COLUMNS], rows), ""]

    interop_builds = [name for name in settings.get("interop_builds", [])
                      if all(f"interop.{name}.{key}" in figures for key, _ in INTEROP_COLUMNS)]
    if interop_builds:
        workload = settings["interop_workload"]
        out += ["## Interop", "",
                "Through upstream's `loadMicroPython` API, in node (`bench/run_interop.mjs`), per operation: "
                f"{workload['round_trips']} round trips and {workload['conversions']} conversions per process, "
                "each after a warm-up.", ""]
        rows = [[name] + [format_value(figures[f"interop.{name}.{key}"]["value"], "us") for key, _ in INTEROP_COLUMNS]
                for name in interop_builds]
        out += [table(["build"] + [title for _, title in INTEROP_COLUMNS], rows), ""]

    sized = [name for name in settings["size_builds"] if f"size.{name}.wasm.raw" in figures]
    if sized:
        out += ["## Size", "", "Raw / gzip -9.", ""]
        rows = []
        for name in sized:
            cells = []
            for kind in SIZE_KINDS:
                raw, packed = figures.get(f"size.{name}.{kind}.raw"), figures.get(f"size.{name}.{kind}.gzip")
                cells.append(f"{format_value(raw['value'], 'bytes')} / {format_value(packed['value'], 'bytes')}"
                             if raw and packed else "–")
            rows.append([name] + cells)
        out += [table(["build", ".wasm", ".js (.mjs)", ".data", "total"], rows), ""]

    comparisons = []
    for key, entry in data["ratios"].items():
        comparisons.append([entry["what"], f"{entry['value']:.2f}x", *target_text(entry)])
    for key, entry in data["differences"].items():
        comparisons.append([entry["what"], f"{entry['value']:+.1f} {entry['unit']}", *target_text(entry, entry["unit"])])
    for key, entry in figures.items():
        if "target" in entry:
            comparisons.append([f"{key}: {entry['what']}", format_value(entry["value"], entry["unit"]),
                                *target_text(entry, entry["unit"])])
    if comparisons:
        out += ["## Comparisons and targets", "", table(["comparison", "value", "target", "met"], comparisons), ""]

    if data["notes"]:
        out += ["## Notes", ""] + [f"- {one_line(note)}" for note in data["notes"]] + [""]
    return "\n".join(out)
