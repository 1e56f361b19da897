"""Helpers for the SCons build of MicroPython on WebAssembly (plain Python, no SCons imports)."""
