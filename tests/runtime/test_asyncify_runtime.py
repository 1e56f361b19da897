"""Asyncify builds in node: what suspending must not break.

Garbage is collected while a run is suspended (not by unwinding at an
allocation), code that cannot suspend (a callback JavaScript called
synchronously) waits by blocking, and exceptions cross suspended frames.
Runs `micropython -c CODE` of each asyncify variant under test (--variant).
"""

import pytest

from interpreter import short_stderr

pytestmark = pytest.mark.wasm


@pytest.fixture(scope="module")
def run(request, variant_settings):
    if "asyncify" not in variant_settings.features:
        pytest.skip("asyncify builds only")
    run_python = request.getfixturevalue("run_python")  # builds the variant

    def run(code, options=()):
        result = run_python(code, *options)
        stderr = short_stderr(result)
        assert result.returncode == 0, f"exit status {result.returncode}; stderr:\n{stderr}"
        return result.stdout

    return run


def test_garbage_is_collected_while_the_run_goes_on(run):
    # ~600 MB of garbage in one run: more than the heap may ever grow to
    # (256 MiB), so this only passes if collections happen mid-run.
    out = run("""
        import gc
        peak = 0
        for i in range(3000000):
            x = [i] * 50
            if i % 100000 == 0:
                peak = max(peak, gc.mem_alloc())
        print('done', peak < 64 * 1024 * 1024)
    """)
    assert out == "done True\n"


def test_live_objects_survive_collections_in_suspensions(run):
    # References held only in suspended frames (wasm locals spilled by asyncify,
    # the C stack) keep their objects alive through collections.
    out = run("""
        import gc
        def build(n):
            keep = [str(i) * 3 for i in range(n)]
            for j in range(300000):
                garbage = [j] * 40
            return keep
        kept = [build(1000) for _ in range(3)]
        print(all(k == [str(i) * 3 for i in range(1000)] for k in kept))
    """)
    assert out == "True\n"


def test_an_object_alone_in_a_new_heap_area_survives_collections(run):
    # A full heap grows by an area at once; the collection it asked for runs at
    # the next suspension, when the new area may hold just the one-block object
    # whose allocation made it grow. py/gc.c's sweep took such an area for empty
    # (last used block 0) and gave it back: the object was lost with everything
    # only it referred to (the next area reused the memory, so the chain's newer
    # end looped on itself, or met a TypeError). One-block tuples and a 64 KiB
    # initial heap make the heap grow many times within 0.8 MB.
    out = run("""
        def main(n):
            t = None
            for i in range(n):
                t = (t, i)
            expected = n - 1
            while t is not None:
                if t[1] != expected:
                    return 'chain broken at %d: found %d' % (expected, t[1])
                t = t[0]
                expected -= 1
            return 'intact'
        print(main(50000))
    """, options=["-X", "heapsize=64k"])
    assert out == "intact\n"
    # The reported shape: a chain of lists (list, then its one-block items
    # array), unlinked from its newer end. An items array alone in a new area
    # was lost, and a list laid over it: its `lst[0]` was the type `list`.
    out = run("""
        def main():
            lst = []
            for i in range(100000):
                lst = [lst]
            n = 0
            while lst:
                lst[0], lst = None, lst[0]
                n += 1
            print('unlinked', n)
        main()
    """, options=["-X", "heapsize=64k"])
    assert out == "unlinked 100000\n"


def test_sleep_in_a_callback_blocks_instead_of_suspending(run):
    # JavaScript called the callback synchronously and needs its result now.
    out = run("""
        import js, time
        t0 = time.ticks_ms()
        r = js.eval('(function (f) { return "back " + f(); })')(lambda: time.sleep(0.05) or 7)
        print(r, time.ticks_diff(time.ticks_ms(), t0) >= 50)
    """)
    assert out == "back 7 True\n"


def test_input_in_a_callback_sees_end_of_input(run):
    out = run("""
        import js
        def ask():
            try:
                return input()
            except EOFError:
                return 'EOF'
        print(js.eval('(function (f) { return f(); })')(ask))
    """)
    assert out == "EOF\n"


def test_exceptions_cross_suspended_frames(run):
    out = run("""
        import time
        def deep(n):
            if n == 0:
                time.sleep(0.001)
                raise ValueError('boom')
            try:
                return deep(n - 1)
            finally:
                time.sleep(0)
        caught = []
        for i in range(20):
            try:
                deep(10)
            except ValueError as e:
                caught.append(str(e))
        print(len(caught), set(caught))
    """)
    assert out == "20 {'boom'}\n"
