"""asyncio.run() (upstream's blocking loop) in the WebAssembly builds, run by the node launcher
(`micropython -c CODE`): where the variant can suspend Python (asyncify; jspi), JavaScript runs
while the loop waits, so timers tick and a task may await a JS promise; elsewhere the loop blocks
as upstream's does and awaiting a JS promise in it is a RuntimeError naming the alternatives.
"""

import pytest

from interpreter import short_stderr

pytestmark = pytest.mark.wasm

# Features whose variants suspend the wasm stack (they implement mpjs_wait_settled).
SUSPENDING_FEATURES = {"asyncify", "jspi"}


@pytest.fixture(scope="module")
def run(request, variant_settings):
    if variant_settings.target == "host":
        pytest.skip("the js module exists in WebAssembly builds only")
    builtin_modules = request.getfixturevalue("builtin_modules")
    if "_asyncio" not in builtin_modules:
        pytest.skip("the variant's configuration leaves asyncio out (minimal)")
    run_python = request.getfixturevalue("run_python")

    def run(code):
        result = run_python(code, timeout=60)
        assert result.returncode == 0, f"exit status {result.returncode}; stderr:\n{short_stderr(result)}"
        return result.stdout.splitlines()

    return run


@pytest.fixture(scope="module")
def suspends(variant_settings):
    return bool(SUSPENDING_FEATURES & set(variant_settings.features))


# A JS interval counts while Python runs asyncio.run; `later(v, ms)` is a promise of v.
SETUP = """
    import js, asyncio
    js.eval("globalThis.ticks = 0; globalThis.timer = setInterval(() => { globalThis.ticks++; }, 5);"
            "globalThis.later = (v, ms) => new Promise((resolve) => setTimeout(() => resolve(v), ms));"
            "globalThis.fails = (ms) => new Promise((_, reject) => setTimeout(() => reject(new RangeError('no')), ms));")
"""


def test_timers_run_while_asyncio_run_sleeps_only_where_python_suspends(run, suspends):
    out = run(SETUP + """
    async def main():
        await asyncio.sleep(0.2)
        return js.ticks
    try:
        ticks = asyncio.run(main())
    finally:
        js.clearInterval(js.timer)
    print(ticks > 10, ticks == 0)
    """)
    assert out == (["True False"] if suspends else ["False True"])


def test_tasks_in_asyncio_run_await_javascript_promises(run, suspends):
    out = run(SETUP + """
    async def twice(v, ms):
        return 2 * await js.later(v, ms)
    async def nap():
        await asyncio.sleep(0.02)
    async def main():
        try:
            await js.fails(10)
        except js.JsException as e:
            print("rejected:", e.args[1], e.args[2])
        # two tasks waiting for promises at once, one task sleeping meanwhile
        results = await asyncio.gather(twice(1, 30), twice(2, 10), nap())
        return results[:2], js.ticks > 3
    try:
        print(asyncio.run(main()))
    except RuntimeError as e:
        print("RuntimeError:", e)
    finally:
        js.clearInterval(js.timer)
    async def still():
        await asyncio.sleep(0)
        return "the loop still works"
    print(asyncio.run(still()))
    """)
    if suspends:
        assert out == ["rejected: RangeError no", "([2, 4], True)", "the loop still works"]
    else:
        assert out[0].startswith("RuntimeError: asyncio.run() blocks JavaScript here")
        for alternative in ("top-level await", "runPythonAsync", "asyncio.create_task", "asyncify, jspi"):
            assert alternative in out[0]
        # (the main task still waits for its promise: once the script ends, JS runs it on)
        assert out[1:] == ["the loop still works", "rejected: RangeError no"]
