"""What only the WebAssembly builds have: the preloaded file system, the wasm/JS boundary."""

import re

import pytest

pytestmark = pytest.mark.wasm


def test_imports_from_preloaded_data(run_python):
    result = run_python("import sys, greetings\nprint(greetings.greet('wasm'))\nprint('/assets/lib' in sys.path)")
    assert (result.returncode, result.stdout) == (0, "hello, wasm, from /assets/lib\nTrue\n"), result.stderr


def test_reads_preloaded_files(run_python):
    result = run_python("print(open('/assets/README.txt').readline().strip())")
    assert result.stdout == "Files here are preloaded into the runtime's file system at /assets.\n", result.stderr


def test_writes_and_reads_back_in_the_runtime_file_system(run_python):
    code = ("with open('/assets/scratch.txt', 'w') as f:\n    f.write('kept in memory')\n"
            "print(open('/assets/scratch.txt').read())")
    result = run_python(code)
    assert (result.returncode, result.stdout) == (0, "kept in memory\n"), result.stderr


def test_setjmp_return_value_stays_in_wasm(micropython):
    # setjmp_table.c defines setTempRet0/getTempRet0 in wasm, for the compiler's
    # setjmp lowering. JavaScript keeps a copy of its own (binaryen's i64
    # legalisation may still call JS setTempRet0), so neither side may read
    # the other's: JS never reads its copy and the wasm never imports the getter.
    js = (micropython.parent / "micropython.js").read_text()
    assert not re.search(r'getTempRet0\s*\(|"getTempRet0"\s*:', js)
