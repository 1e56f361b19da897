"""What only the WebAssembly builds have: the preloaded file system."""

import subprocess

import pytest

pytestmark = pytest.mark.wasm


def run(micropython, code):
    return subprocess.run([str(micropython), "-c", code], capture_output=True, text=True, timeout=60)


def test_imports_from_preloaded_data(micropython):
    result = run(micropython, "import sys, greetings\nprint(greetings.greet('wasm'))\nprint('/assets/lib' in sys.path)")
    assert (result.returncode, result.stdout) == (0, "hello, wasm, from /assets/lib\nTrue\n"), result.stderr


def test_reads_preloaded_files(micropython):
    result = run(micropython, "print(open('/assets/README.txt').readline().strip())")
    assert result.stdout == "Files here are preloaded into the runtime's file system at /assets.\n", result.stderr


def test_writes_and_reads_back_in_the_runtime_file_system(micropython):
    code = ("with open('/assets/scratch.txt', 'w') as f:\n    f.write('kept in memory')\n"
            "print(open('/assets/scratch.txt').read())")
    result = run(micropython, code)
    assert (result.returncode, result.stdout) == (0, "kept in memory\n"), result.stderr
