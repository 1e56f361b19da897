"""Garbage collection while Python runs, in the WebAssembly builds (emscripten/gccollect.c).

A conservative stack scan cannot see references held in wasm locals, so a collection
runs only where none can hide: between two branches of a run's top-level frame, when
it has left the VM function for a re-entry (emscripten/vm_reentry.c); in stackless builds
that frame also runs every Python call made from Python. asyncify builds collect
while a run is suspended. Elsewhere the heap grows instead, up to MPW_HEAP_LIMIT.
"""

import textwrap

import pytest

pytestmark = pytest.mark.wasm

# 64 KiB of garbage a round, for 64 MiB more than the variant's heap may grow to
# (MPW_HEAP_LIMIT, the {rounds} below): without a collection while the loop runs,
# it ends in MemoryError.
GARBAGE_LOOP = """
    peak = 0
    for i in range({rounds}):
        block = bytearray(65536)
        block[-1] = i & 0xff
        if i % 64 == 0:
            peak = max(peak, gc.mem_alloc())
"""

# Objects that stay alive across the collections: reachable from globals and from a
# closure's cell (and, in the function test, from a function's arguments and locals).
SURVIVORS = """
    import gc
    kept = {i: [str(i)] * 3 for i in range(3000)}
    def make_counter():
        seen = []
        def count(x):
            seen.append(x)
            return len(seen)
        return count
    counter = make_counter()
"""


def program(*parts):
    """Python source from snippets, each dedented on its own."""
    return "\n".join(textwrap.dedent(part) for part in parts)


def garbage_rounds(settings):
    heap_limit = int(settings.defines.get("MPW_HEAP_LIMIT", 256 * 1024 * 1024))  # (mpconfigport.h's default)
    return (heap_limit + 64 * 1024 * 1024) // 65536


def collects_in_functions(settings):
    """Whether code in a function (called from Python) collects too, not only top-level code."""
    return settings.defines.get("MICROPY_STACKLESS") == "1" or "asyncify" in settings.features


def check_survivors(result):
    assert result.returncode == 0, result.stderr
    kept_ok, count_ok, heap_mib = result.stdout.split()
    assert (kept_ok, count_ok) == ("True", "True"), result.stdout
    # The heap held a few MiB at any time, not the garbage of the whole loop.
    assert int(heap_mib) <= 32, result.stdout


def test_top_level_loop_collects_its_garbage(run_python, variant_settings):
    result = run_python(program(SURVIVORS, GARBAGE_LOOP.format(rounds=garbage_rounds(variant_settings)), """
        for i in range(100):
            counter(i)
        ok = all(kept[i] == [str(i)] * 3 for i in range(3000))
        print(ok, counter(None) == 101, peak // (1024 * 1024))
    """))
    check_survivors(result)


@pytest.mark.parametrize("before_the_call", ["", "micropython.kbd_intr(3)"],
                         ids=["plain", "after_kbd_intr"])
def test_loop_in_a_function_collects_where_the_variant_can(run_python, variant_settings, before_the_call):
    # 48 MiB of garbage in a function. micropython.kbd_intr() reaches the hook the runners
    # use to mark top-level code: called from running code, it must not make the next
    # frame (here the function's) count as top-level.
    code = program(SURVIVORS, """
        import micropython
        def work(table):
            peak = 0
            for i in range(768):
                block = bytearray(65536)
                block[-1] = i & 0xff
                if i % 16 == 0:
                    peak = max(peak, gc.mem_alloc())
            local = [table[i] for i in range(0, 3000, 7)]
            ok = all(entry == [str(7 * n)] * 3 for n, entry in enumerate(local))
            return ok and all(table[i] == [str(i)] * 3 for i in range(3000)), peak
    """, before_the_call, """
        ok, peak = work(kept)
        print(ok, counter(1) == 1, peak // (1024 * 1024))
    """)
    result = run_python(code)
    if collects_in_functions(variant_settings):
        check_survivors(result)
    else:
        # Documented: only the top-level frame collects; in a function the garbage stays.
        assert result.returncode == 0, result.stderr
        ok, count_ok, peak_mib = result.stdout.split()
        assert (ok, count_ok) == ("True", "True"), result.stdout
        assert int(peak_mib) >= 40, result.stdout


def test_an_object_alone_in_a_new_heap_area_survives_collections(run_python):
    """A collection that runs right after a full heap grew by an area, whose only object then sits
    at the area's block 0 (gc.c took such an area for empty and freed it: emscripten/gccollect.c)."""
    code = program("""
        t = None
        for i in range(6000):
            t = (t, i)
            for j in range(4100):  # a re-entry (and its collection) between two allocations
                pass
        n = 5999
        while t is not None:
            assert t[1] == n, (t[1], n)
            t, n = t[0], n - 1
        print("intact", n)
    """)
    result = run_python(code, "-X", "heapsize=64k")
    assert (result.returncode, result.stdout) == (0, "intact -1\n"), result.stderr


def test_garbage_of_many_small_objects_at_top_level(run_python, variant_settings):
    # Mostly one- and two-block objects. The same loop runs with the collector
    # switched off (gc.disable: no collection is asked for), then on.
    if "-O0" in variant_settings.cflags:
        pytest.skip("-O0 with SAFE_HEAP runs this loop ~40x slower (86 s); the other tests here cover "
                    "the same collector code in this variant")
    loop = """
        for i in range(60000):
            row = (i, str(i), [i] * 8, {"k": i})
            total += row[2][7] + row[3]["k"]
            if i % 256 == 0:
                peak = max(peak, gc.mem_alloc())
    """
    result = run_python(program("import gc\ngc.disable()\ntotal = peak = 0", loop, """
        peak_off = peak
        gc.enable()
        gc.collect()
        peak = 0
    """, loop, "print(total == 4 * sum(range(60000)), peak_off // 1024, peak // 1024)"))
    assert result.returncode == 0, result.stderr
    total_ok, peak_off, peak_on = result.stdout.split()
    assert total_ok == "True", result.stdout
    assert int(peak_on) * 2 < int(peak_off), result.stdout  # (measured: about 4 MiB against 11 MiB)
