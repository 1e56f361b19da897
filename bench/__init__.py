"""The benchmark command: `python3 -m bench` from the repository root.

Measures build times (clean, no-op and incremental, against upstream's make and
the compiler-bound limit), runtime speed of every WebAssembly variant against the
official MicroPython WebAssembly build, CPython and the native unix variant, and
download sizes; writes build/bench/results.json and build/bench/results.md.
See docs/benchmarks.md.
"""
