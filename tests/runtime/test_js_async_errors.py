"""Exceptions of asyncio code run from the JS event loop (runPythonAsync, create_task) and reset() while
tasks wait: nothing is thrown out of a JS timer or promise job (in node that ends the process); the
runtime stays usable. optional_modules/_mpjs_asyncio.py, README "JavaScript API" ("Stop, quotas, reset").

Each scenario runs in its own node process, which must exit normally."""

import json
import subprocess
import textwrap
import time

import pytest

pytestmark = pytest.mark.wasm


def run_node(node, module, folder, script, timeout=60):
    """(JSON lines of stdout, stderr, seconds the process took); node: the fixture, the variant's node."""
    path = folder / "main.mjs"
    path.write_text("const { loadMicroPython } = await import(process.argv[2]);\n"
                    "const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));\n"
                    + textwrap.dedent(script))
    started = time.monotonic()
    result = subprocess.run([node, str(path), str(module)], cwd=folder, capture_output=True, text=True,
                            timeout=timeout)
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    return [json.loads(line) for line in result.stdout.splitlines()], result.stderr, elapsed


@pytest.fixture
def mjs(micropython, builtin_modules):
    if "_asyncio" not in builtin_modules:
        pytest.skip("the variant's configuration leaves asyncio out (minimal)")
    return micropython.parent / "micropython.mjs"


def test_quota_exceeded_after_an_await_rejects_and_the_next_run_works(mjs, tmp_path, node):
    out, _, _ = run_node(node, mjs, tmp_path, """\
        const mp = await loadMicroPython();
        const log = (value) => console.log(JSON.stringify(value));
        let started = performance.now();
        try {
          await mp.runPythonAsync("import asyncio\\nawait asyncio.sleep(0.01)\\nwhile True: pass", { timeoutMs: 150 });
          log("resolved");
        } catch (e) { log([e.type, performance.now() - started]); }
        try {
          await mp.runPythonAsync("import asyncio\\nawait asyncio.sleep(0.01)\\nwhile True: pass", { maxSteps: 5000 });
        } catch (e) { log(e.type); }
        // The timeout holds across awaits: waiting for a JS promise past the deadline ends the run.
        let settled = false;
        globalThis.slow = () => new Promise((resolve) => setTimeout(() => { settled = true; resolve("late"); }, 400));
        started = performance.now();
        try {
          await mp.runPythonAsync("import js\\nawait js.slow()", { timeoutMs: 100 });
          log("resolved");
        } catch (e) { log([e.type, e.message.trim().split("\\n").pop(), performance.now() - started, settled]); }
        await sleep(400);  // (the promise settles: nothing happens)
        log(await mp.runPythonAsync("import asyncio\\nawait asyncio.sleep(0.01)\\n7", { timeoutMs: 1000 }));
    """)
    # (the bound above is loose: the process's first run also compiles on first use, and two busy cores
    # can stall it; without the deadline the loop never ends and node's time limit fails the test)
    assert out[0][0] == "QuotaExceeded" and 150 <= out[0][1] < 2000
    assert out[1] == "QuotaExceeded"
    assert out[2][:2] == ["QuotaExceeded", "QuotaExceeded: run took more than timeoutMs=100 ms"]
    # Ended by its own deadline, before the promise settled (timers keep their order however loaded the
    # machine is; a fixed upper bound in ms failed under CI's load elsewhere).
    assert 100 <= out[2][2] and out[2][3] is False
    assert out[3] == 7


def test_a_timeout_does_not_keep_node_running_once_the_run_ended(mjs, tmp_path, node):
    out, _, elapsed = run_node(node, mjs, tmp_path, """\
        const mp = await loadMicroPython();
        console.log(JSON.stringify(await mp.runPythonAsync("import asyncio\\nawait asyncio.sleep(0)\\n1", { timeoutMs: 60000 })));
    """)
    assert out == [1] and elapsed < 20


def test_interrupt_ends_a_run_waiting_at_an_await(mjs, tmp_path, node):
    out, _, _ = run_node(node, mjs, tmp_path, """\
        const mp = await loadMicroPython({ stdout: (line) => console.log(JSON.stringify(line)) });
        const log = (value) => console.log(JSON.stringify(value));
        log(["idle", mp.interrupt()]);
        const started = performance.now();
        const run = mp.runPythonAsync("import asyncio\\ntry:\\n    await asyncio.sleep(5)\\nfinally:\\n    print('finally ran')");
        await sleep(50);
        log(["waiting", mp.interrupt()]);
        try { await run; log("resolved"); } catch (e) { log([e.type, performance.now() - started < 1000]); }
        await sleep(20);
        log(await mp.runPythonAsync("import asyncio\\nawait asyncio.sleep(0.01)\\n'next'"));
    """)
    assert out == [["idle", False], ["waiting", True], ["KeyboardInterrupt", True], "finally ran", "next"]


def test_exceptions_of_the_top_level_code_reject_and_of_background_tasks_go_to_stderr(mjs, tmp_path, node):
    out, stderr, _ = run_node(node, mjs, tmp_path, """\
        const mp = await loadMicroPython({ stdout: (line) => console.log(JSON.stringify(line)) });
        const log = (value) => console.log(JSON.stringify(value));
        for (const raise of ["ValueError('v')", "KeyboardInterrupt", "SystemExit(3)"]) {
          try {
            await mp.runPythonAsync(`import asyncio\\nawait asyncio.sleep(0.01)\\nraise ${raise}`);
          } catch (e) { log(e.type); }
        }
        await mp.runPythonAsync([
          "import asyncio",
          "async def fails(exc):",
          "    await asyncio.sleep(0.01)",
          "    raise exc",
          "asyncio.create_task(fails(ValueError('in a task')))",
          "asyncio.create_task(fails(KeyboardInterrupt('also in a task')))",
          "await asyncio.sleep(0.05)",
          "print('the run went on')",
        ].join("\\n"));
        await sleep(50);
        log(mp.runPython("6 * 7"));
    """)
    assert out == ["ValueError", "KeyboardInterrupt", "SystemExit", "the run went on", 42]
    assert stderr.count("Task exception wasn't retrieved") == 2
    assert "ValueError: in a task" in stderr and "KeyboardInterrupt: also in a task" in stderr


def test_reset_while_tasks_wait_for_a_promise_and_a_sleep(mjs, tmp_path, node):
    out, stderr, _ = run_node(node, mjs, tmp_path, """\
        const mp = await loadMicroPython({ stdout: (line) => console.log(JSON.stringify(line)) });
        const log = (value) => console.log(JSON.stringify(value));
        let settle;
        globalThis.later = new Promise((resolve) => { settle = resolve; });
        const run = mp.runPythonAsync([
          "import asyncio, js",
          "async def sleeper():",
          "    await asyncio.sleep(0.05)",
          "    print('the sleeper woke up')",
          "asyncio.create_task(sleeper())",
          "def callback():",
          "    print('the timer callback ran')",
          "js.setTimeout(callback, 50)",
          "print('got', await js.later)",
        ].join("\\n"));
        await sleep(10);
        const callback = mp.globals.get("callback");
        // A coroutine given to JS otherwise (its Promise unhandled here) stays pending: no rejection.
        const unhandled = mp.runPython("async def nap():\\n    await asyncio.sleep(1)\\nnap()");
        unhandled.then(() => log("the nap ended"));
        mp.reset();
        try { await run; log("resolved"); } catch (e) { log([e.type, e.pythonMessage]); }
        settle(5);
        await sleep(100);
        // A callback of the replaced interpreter does nothing; other uses say why they fail.
        log(callback() ?? null);
        try { callback.__name__; } catch (e) { log(e.message); }
        log(await mp.runPythonAsync("import asyncio\\nawait asyncio.sleep(0.01)\\n'after'"));
    """)
    assert out == [["RuntimeError", "reset() stopped this run (its asyncio task was waiting)"], None,
                   "this Python object belongs to an interpreter that reset() replaced", "after"]
    assert stderr == ""


def test_callbacks_called_by_js_while_python_is_idle_never_suspend(mjs, tmp_path, node):
    # After each call from JS, asyncio's wake-up runs Python (its branches count towards the periodic
    # yield): once the count ran out there, asyncify suspended inside the synchronous call, which threw
    # "a Python callback cannot wait for the event loop" (a PyScript click handler, under load).
    out, _, _ = run_node(node, mjs, tmp_path, """\
        const mp = await loadMicroPython();
        mp.runPython("import asyncio\\ncount = 0\\ndef bump(step):\\n    global count\\n    count += step");
        const bump = mp.globals.get("bump");
        const started = performance.now();
        let calls = 0;
        try {
          while (calls < 20000 || performance.now() - started < 200) { bump(1); calls++; }
          console.log(JSON.stringify(["done", mp.globals.get("count") === calls]));
        } catch (e) { console.log(JSON.stringify(["threw", calls, e.message])); }
        await sleep(20);
        console.log(JSON.stringify(mp.runPython("count > 0")));
    """)
    assert out == [["done", True], True]
