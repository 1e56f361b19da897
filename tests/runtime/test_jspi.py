"""jspi builds (JavaScript Promise Integration, emscripten/jspi.c): time.sleep, input(), the periodic
yield to the event loop, Ctrl-C, jspi.await_sync, garbage collection while a run is suspended, what
synchronous calls do, and the message on an engine without JSPI. Runs on each jspi variant under
test (--variant), with the node the variant needs (the `node` fixture: node 26 from npm).
"""

import json
import signal
import subprocess
import textwrap
import time

import pytest

from interpreter import short_stderr

pytestmark = pytest.mark.wasm

# Node 20 (Debian's): no WebAssembly.Suspending.
OLD_NODE = "/usr/bin/node"


@pytest.fixture(scope="module")
def jspi_build(request, variant_settings):
    if "jspi" not in variant_settings.features:
        pytest.skip("jspi builds only")
    return request.getfixturevalue("built_variant")


@pytest.fixture(scope="module")
def run(jspi_build, node):
    """`node micropython -c CODE` (the launcher under the variant's node); stdout, asserting success."""
    def run(code, stdin="", timeout=60):
        result = subprocess.run([node, str(jspi_build / "micropython"), "-c", textwrap.dedent(code)], input=stdin,
                                capture_output=True, text=True, timeout=timeout)
        assert result.returncode == 0, f"exit status {result.returncode}; stderr:\n{short_stderr(result)}"
        return result.stdout
    return run


@pytest.fixture(scope="module")
def run_api(jspi_build, node, tmp_path_factory):
    """Runs an ES-module script that gets `mp` (loadMicroPython of the build's micropython.mjs); its stdout lines."""
    folder = tmp_path_factory.mktemp("jspi_api")

    def run_api(body, timeout=60):
        script = folder / "main.mjs"
        script.write_text("const { loadMicroPython } = await import(process.argv[2]);\n"
                          "const out = [];\n"
                          "const mp = await loadMicroPython({ stdout: (line) => out.push(line), "
                          "stderr: (line) => out.push('err: ' + line) });\n" + textwrap.dedent(body))
        result = subprocess.run([node, str(script), str(jspi_build / "micropython.mjs")], capture_output=True,
                                text=True, timeout=timeout)
        assert result.returncode == 0, result.stdout + short_stderr(result)
        return result.stdout.splitlines()
    return run_api


def test_sleep_suspends_and_js_timers_fire_meanwhile(run):
    assert run("""
        import js, time
        js.setTimeout(lambda: print('timer'), 30)
        start = time.ticks_ms()
        time.sleep(0.2)
        print('slept', time.ticks_diff(time.ticks_ms(), start) >= 195)
    """) == "timer\nslept True\n"


def test_input_reads_stdin_while_suspended(run):
    assert run("""
        name = input('name? ')
        print('hello', name)
        print(input())
        try:
            input()
        except EOFError:
            print('EOF')
    """, stdin="alice\nbob\n") == "name? hello alice\nbob\nEOF\n"


def test_a_js_timer_fires_while_python_loops_soon_after_it_is_due(run):
    # The periodic yield (every 20 ms of running code) lets the timer run in the middle of the loop;
    # its lateness is the yield latency (target 50 ms; the bound leaves room for a loaded machine).
    out = run("""
        import js, time
        fired = []
        due = time.ticks_add(time.ticks_ms(), 30)
        js.setTimeout(lambda: fired.append(time.ticks_diff(time.ticks_ms(), due)), 30)
        start = time.ticks_ms()
        n = 0
        while time.ticks_diff(time.ticks_ms(), start) < 400:
            n += 1
        print(len(fired), fired and fired[0] < 150)
    """)
    assert out == "1 True\n"


def test_ctrl_c_interrupts_a_loop_of_the_launcher(jspi_build, node):
    process = subprocess.Popen([node, str(jspi_build / "micropython"), "-c",
                                "print('looping')\nwhile True:\n    pass\n"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline() == "looping\n"
        time.sleep(0.2)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert "KeyboardInterrupt" in stderr
    assert process.returncode == 1


def test_interrupt_of_the_api_stops_a_loop_and_a_sleep(run_api):
    assert run_api("""
        setTimeout(() => mp.interrupt(), 100);
        console.log(await mp.runScript("while True:\\n    pass"));
        setTimeout(() => mp.interrupt(), 100);
        console.log(await mp.runScript("import time\\ntime.sleep(30)"));
        console.log(out.filter((line) => line.includes("KeyboardInterrupt")).length);
        console.log(await mp.runScript("print('still usable')"), out.at(-1));
    """) == ["1", "1", "2", "0 still usable"]


def test_await_sync_waits_for_a_js_promise_from_synchronous_code(run):
    assert run("""
        import js, jspi, time
        p = js.eval('new Promise((resolve) => setTimeout(() => resolve(42), 50))')
        start = time.ticks_ms()
        print(jspi.await_sync(p), time.ticks_diff(time.ticks_ms(), start) >= 45)
        print(jspi.await_sync(7), jspi.can_suspend())
        try:
            jspi.await_sync(js.eval('Promise.reject(new TypeError("nope"))'))
        except js.JsException as e:
            print('raised', e.args[1], e.args[2])
        def deep():
            return jspi.await_sync(js.Promise.resolve('from a function'))
        print(sorted([deep() for _ in range(2)]), sorted([3, 1, 2], key=lambda x: jspi.await_sync(-x)))
    """) == "42 True\n7 True\nraised TypeError nope\n['from a function', 'from a function'] [3, 2, 1]\n"


def test_callbacks_cannot_suspend_they_block_or_raise(run):
    # A JS callback must return before JS goes on: there sleep blocks and await_sync says why it cannot wait.
    out = run("""
        import js, jspi, time
        def callback():
            start = time.ticks_ms()
            time.sleep(0.03)
            print('callback slept', time.ticks_diff(time.ticks_ms(), start) >= 29, jspi.can_suspend())
            try:
                jspi.await_sync(1)
            except RuntimeError as e:
                print('RuntimeError', 'cannot suspend' in str(e))
        js.setTimeout(callback, 0)
        time.sleep(0.1)
        print('done')
    """)
    assert out == "callback slept True False\nRuntimeError True\ndone\n"


def test_synchronous_run_python_cannot_suspend(run_api):
    # runPython returns its value at once: sleep blocks (as in default), input() sees the keys typed ahead.
    assert run_api("""
        mp.sendInput("typed\\n");
        mp.runPython("import time, jspi\\nt = time.ticks_ms()\\ntime.sleep(0.05)\\n" +
                     "print(time.ticks_diff(time.ticks_ms(), t) >= 49, jspi.can_suspend(), input())");
        console.log(out.at(-1));
        try { mp.runPython("jspi.await_sync(1)"); } catch (error) { console.log(error.type); }
        console.log(await mp.runPythonAsync("await __import__('js').Promise.resolve(5)"));
        console.log(mp.replProcessChar(13));
    """) == ["True False typed", "RuntimeError", "5", "0"]


def test_collections_wait_while_a_run_is_suspended(run):
    # While the run sleeps inside a key function that sorted() (native code) called, JS timer callbacks
    # run Python that allocates several heaps' worth: no collection may free what only the suspended
    # frames (wasm locals, invisible to a scan) hold. The run's garbage is still collected afterwards.
    out = run("""
        import gc, js, time
        def churn():
            junk = [bytearray(4096) for _ in range(64)]
            gc.collect()
        timer = js.setInterval(churn, 1)
        def key(i):
            held = {str(j): [j, str(j) * 3] for j in range(300)}
            time.sleep(0.05)
            return all(held[str(j)] == [j, str(j) * 3] for j in range(300)) and -i
        print(sorted(range(6), key=key))
        js.clearInterval(timer)
        peak = 0
        for i in range(200000):
            x = [i] * 50
        print('collected', gc.mem_alloc() < 64 * 1024 * 1024)
    """, timeout=120)
    assert out == "[5, 4, 3, 2, 1, 0]\ncollected True\n"


def test_an_engine_without_jspi_fails_at_once_with_one_message(jspi_build, tmp_path):
    (tmp_path / "s.py").write_text("print('never')\n")
    direct = subprocess.run([OLD_NODE, str(jspi_build / "micropython.mjs"), "s.py"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    launcher = subprocess.run([OLD_NODE, str(jspi_build / "micropython"), "s.py"], cwd=tmp_path,
                              capture_output=True, text=True, timeout=60,
                              env={"PATH": "/usr/bin:/bin", "MICROPYTHON_WASM_NODE": OLD_NODE})
    for result in (direct, launcher):
        assert result.returncode == 1 and result.stdout == ""
        lines = result.stderr.splitlines()
        assert len(lines) == 1, result.stderr
        assert "node 20" in lines[0] and "node 25 or later" in lines[0] and "Chromium 137" in lines[0]
    # loadMicroPython rejects with that message (an embedder's catch sees it).
    script = tmp_path / "load.mjs"
    script.write_text("const { loadMicroPython } = await import(process.argv[2]);\n"
                      "try { await loadMicroPython(); } catch (e) { console.log(JSON.stringify([e.message, e.mpwNeedsEngine])); }\n")
    loaded = subprocess.run([OLD_NODE, str(script), str(jspi_build / "micropython.mjs")], capture_output=True,
                            text=True, timeout=60)
    message, engine = json.loads(loaded.stdout)
    assert engine == "jspi" and "WebAssembly.Suspending" in message


def test_the_launcher_runs_itself_under_node_26_when_started_by_an_older_node(jspi_build):
    result = subprocess.run([OLD_NODE, str(jspi_build / "micropython"), "-c", "import sys; print(sys.platform)"],
                            capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin:/bin"})
    assert (result.returncode, result.stdout) == (0, "webassembly\n"), short_stderr(result)
