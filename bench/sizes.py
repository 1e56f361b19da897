"""Download sizes: the .wasm, .js and .data of each WebAssembly variant and of the
official build, raw and compressed with gzip -9."""

import gzip
import shutil
import subprocess

from bench.results import target

OUR_FILES = {"wasm": "micropython.wasm", "js": "micropython.js", "data": "micropython.data"}
OFFICIAL_FILES = {"wasm": "micropython.wasm", "js": "micropython.mjs"}
# Budgets of .wasm + .js + .data, each gzip -9, in bytes: issue 16's (default <= 300 KB, with
# the whole MicroPython and PyScript's frozen modules; minimal <= 170 KB), read as decimal
# kilobytes, the stricter reading.
GZIP_BUDGETS = {"default": 300_000, "minimal": 170_000}


def gzip9_size(path):
    """Bytes after `gzip -9 -n` (the gzip tool when present, else zlib at level 9)."""
    if shutil.which("gzip"):
        completed = subprocess.run(["gzip", "-9", "-n", "-c", str(path)], capture_output=True, check=True)
        return len(completed.stdout)
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def measure_files(results, name, folder, files, label):
    raw_total = gzip_total = 0
    complete = True
    for kind, filename in files.items():
        path = folder / filename
        if not path.is_file():
            results.note(f"size: {path} is missing; {name} {kind} and the totals left out")
            complete = False
            continue
        raw, packed = path.stat().st_size, gzip9_size(path)
        raw_total += raw
        gzip_total += packed
        results.add_figure(f"size.{name}.{kind}.raw", [raw], "bytes", f"{filename} of {label}")
        results.add_figure(f"size.{name}.{kind}.gzip", [packed], "bytes", f"{filename} of {label}, gzip -9")
    if complete:
        results.add_figure(f"size.{name}.total.raw", [raw_total], "bytes",
                           f"{' + '.join(files.values())} of {label}")
        results.add_figure(f"size.{name}.total.gzip", [gzip_total], "bytes",
                           f"{' + '.join(files.values())} of {label}, each gzip -9",
                           target("<=", GZIP_BUDGETS[name]) if name in GZIP_BUDGETS else None)


def measure_sizes(results, built_wasm, official_folder):
    """``built_wasm``: variant name -> its launcher (the build folder holds the files)."""
    for variant, launcher in built_wasm.items():
        measure_files(results, variant, launcher.parent, OUR_FILES, f"the `{variant}` variant")
    if official_folder is not None:
        measure_files(results, "official", official_folder, OFFICIAL_FILES, "the official build")
    for variant in built_wasm:
        if variant != "default":
            results.add_ratio(f"size.{variant}_vs_default", f"size.{variant}.total.gzip", "size.default.total.gzip",
                              f"download size (gzip): {variant} / default",
                              target("<=", 1.6) if variant == "asyncify" else None)
        results.add_ratio(f"size.{variant}_vs_official", f"size.{variant}.total.gzip", "size.official.total.gzip",
                          f"download size (gzip): {variant} / official build")
