"""Garbage collection while a jspi run is suspended, in a scratch build that collects at every branch of
top-level code (MPW_GC_STRESS, MPW_VM_REENTRY_PERIOD=1; see tests/graph/test_gc_stress.py).

A suspended run's wasm locals live in the engine's suspended stack, where no scan sees them
(emscripten/jspi.c). While it is suspended, JS timer callbacks run Python that allocates far more than
the heap and asks for collections; none may run until the suspended run is back at a top-level
re-entry (where the stress build then collects at every branch). Objects only the suspended frames
hold (a key function's locals and the list sorted() is building, in native code's wasm locals) must
come back intact. (What the callbacks allocate meanwhile only grows the heap: README, "Picking a variant per
engine".) Builds a scratch variant extending `jspi` (about 20 s): runs when --variant selects `jspi`.
"""

import subprocess
import textwrap

import pytest

from interpreter import run_program, PY_DIR, expected_output

pytestmark = [pytest.mark.wasm, pytest.mark.builds("jspi")]

GC_STRESS_VARIANT = """
description = "test: jspi with garbage collection at every branch of top-level code"
target = "wasm"
extends = "jspi"
disable_features = ["lto"]
[defines]
MPW_GC_STRESS = 1
MPW_VM_REENTRY_PERIOD = 1
"""

SUSPENDED_WHILE_CALLBACKS_ALLOCATE = """
import gc, js, jspi, time
calls = [0]
def churn():
    calls[0] += 1
    # (about 5 KB a call: the heap grows by what callbacks allocate until the run can collect again,
    # so this stays far below its 256 MiB limit even on a slow, loaded machine)
    junk = [bytearray(128) for _ in range(16)]
    junk.append({str(i): (i,) for i in range(50)})
    gc.collect()
timer = js.setInterval(churn, 1)

def key(i):
    held = {str(j): [j, str(j) * 3] for j in range(200)}
    chain = None
    for j in range(100):
        chain = (j, chain)
    time.sleep(0.02)
    jspi.await_sync(js.eval('new Promise((r) => setTimeout(r, 5))'))
    ok = all(held[str(j)] == [j, str(j) * 3] for j in range(200))
    n = 0
    while chain is not None:
        n += 1
        chain = chain[1]
    return (0 if ok and n == 100 else 1000) - i

rows = [[str(i)] * 4 for i in range(40)]
result = sorted(range(12), key=key)
js.clearInterval(timer)
print(result)
print(rows == [[str(i)] * 4 for i in range(40)], calls[0] > 20)
"""


@pytest.fixture(scope="module")
def stressed_jspi(make_scratch_tree):
    tree = make_scratch_tree("jspi-gcstress")
    tree.path("variants/jspigcstress.toml").write_text(GC_STRESS_VARIANT)
    result = tree.scons("variant=jspigcstress", check=False)
    assert result.returncode == 0, f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return tree.path("build/jspigcstress/micropython")


# (each run interleaves the callbacks differently: three runs per heap size; a resumed frame once read
# the re-entry state a callback's frame had left behind: vm_reentry.c)
@pytest.mark.parametrize("heapsize", ["64k", "1m"])
@pytest.mark.parametrize("attempt", [1, 2, 3])
def test_suspended_frames_keep_their_objects_while_callbacks_allocate(stressed_jspi, node, heapsize, attempt):
    result = subprocess.run([node, str(stressed_jspi), "-X", f"heapsize={heapsize}", "-c",
                             textwrap.dedent(SUSPENDED_WHILE_CALLBACKS_ALLOCATE)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout == "[11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]\nTrue True\n"


@pytest.mark.parametrize("name", ["closures_nonlocal.py", "generators_send_throw.py", "exceptions_chaining.py",
                                  "async_await_coroutines.py"])
def test_programs_keep_their_output(stressed_jspi, node, name):
    program_path = PY_DIR / name
    result = run_program([node, str(stressed_jspi)], program_path)
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    assert result.stdout == expected_output(program_path)
