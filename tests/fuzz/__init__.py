"""Fuzzing the interpreter: input generators (programs.py), the runner (runner.py) and the batch harness
(harness.py, run by MicroPython itself). tests/fuzz/test_fuzz.py drives them; regressions/ keeps inputs that
once crashed an interpreter."""
