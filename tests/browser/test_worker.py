"""micropython-worker.mjs in Chromium: MicroPython in a dedicated Web Worker driven from the page (run code, output
streamed as written, Stop through the SharedArrayBuffer, input() answered by the page, terminate + restart, four
workers at once), and the main-thread fallback of a page that is not cross-origin isolated. README "JavaScript API"."""

import shutil

import pytest

from browser_support import serve_folder
from timed_checks import fastest_within

FILES = ["micropython-worker.mjs", "micropython.mjs", "micropython.wasm", "micropython.data"]
# The page keeps what the worker wrote and asked, for the tests to read.
PAGE = """<!doctype html><meta charset="utf-8"><title>worker</title>
<script type="module">
import { loadMicroPythonWorker } from "./micropython-worker.mjs";
window.log = [];
window.answers = [];
window.prompts = [];
window.start = async (options = {}) => loadMicroPythonWorker({
  stdout: (text) => log.push(["out", text]), stderr: (text) => log.push(["err", text]),
  onInput: (prompt) => { prompts.push(prompt); return answers.length ? answers.shift() : new Promise(() => {}); },
  ...options,
});
window.settle = (promise) => promise.then((value) => ["ok", value], (e) => ["error", e.name, e.type ?? null, e.message]);
window.pageReady = true;
</script>"""


@pytest.fixture(scope="module")
def sites(web_build, tmp_path_factory):
    folder = tmp_path_factory.mktemp("worker-site")
    for name in FILES:
        shutil.copy2(web_build / name, folder / name)
    (folder / "index.html").write_text(PAGE)
    isolated, plain = serve_folder(folder), serve_folder(folder, isolate=False)
    yield isolated.url, plain.url
    for served in (isolated, plain):
        served.server.shutdown()
        served.server.server_close()


@pytest.fixture
def worker_page(page, sites):
    page.goto(sites[0] + "index.html")
    page.wait_for_function("window.pageReady === true")
    page.evaluate("async () => { window.mp = await start(); }")
    return page


def test_runs_code_in_a_worker_and_streams_output(worker_page, builtin_modules):
    # (minimal has no asyncio: there runPythonAsync runs code without awaits)
    awaiting = "import asyncio\nawait asyncio.sleep(0.01)\n" if "_asyncio" in builtin_modules else ""
    result = worker_page.evaluate("""async (awaiting) => [
        crossOriginIsolated, mp.mode, mp.reason,
        await mp.runPython("import sys\\nprint('hello from', sys.platform)\\n[1, 2, {'a': (3, 4)}]"),
        await settle(mp.runPython("1/0")),
        await mp.runPythonAsync(awaiting + "'async ' + 'done'"),
        await mp.runScript("import sys\\nprint('args', sys.argv)\\nsys.exit(3)", { argv: ["x.py", "1"] }),
        typeof window.loadMicroPython,
    ]""", awaiting)
    assert result[:4] == [True, "worker", None, [1, 2, {"a": [3, 4]}]]
    assert result[4][:3] == ["error", "PythonError", "ZeroDivisionError"]
    assert result[5:] == ["async done", 0x103, "undefined"]  # (the module ran in the worker, not the page)
    log = worker_page.evaluate("log")
    assert ["out", "hello from webassembly\n"] in log and ["out", "args ['x.py', '1']\n"] in log
    # Output arrives as it is written, before the run ends.
    early = worker_page.evaluate("""async () => {
        log.length = 0;
        const run = mp.runPython("import time\\nprint('first')\\nt = time.ticks_ms()\\nwhile time.ticks_diff(time.ticks_ms(), t) < 300: pass");
        let ended = false;
        run.then(() => { ended = true; });
        while (!log.length && !ended) await new Promise((r) => setTimeout(r, 5));
        const seen = [log.length, ended, performance.now()];
        await run;
        return [seen[0], seen[1], performance.now() - seen[2]];
    }""")
    # The line came while the run still had its 300 ms loop to go (however slow the machine: the loop
    # is timed by the clock), not with the run's result.
    assert early[:2] == [1, False] and early[2] > 150, early


def test_stop_ends_an_endless_loop_within_100_ms_and_the_runtime_stays(worker_page):
    times = []
    for _round in range(3):
        # Stop is timed from a loop known to run (its first line printed), not from a guess: a first run's
        # compile can take ~85 ms in the -O0 debug build (functions compiled on first use).
        result = worker_page.evaluate("""async () => {
            log.length = 0;
            const run = settle(mp.runPython("x = 41\\nprint('looping')\\nwhile True: pass"));
            while (!log.length) await new Promise((r) => setTimeout(r, 5));
            await new Promise((r) => setTimeout(r, 20));
            const started = performance.now();
            const stopped = mp.interrupt();
            const outcome = await run;
            return [stopped, outcome.slice(0, 3), performance.now() - started];
        }""")
        assert result[:2] == [True, ["error", "PythonError", "KeyboardInterrupt"]]
        print("Stop -> KeyboardInterrupt reached the page, ms:", round(result[2], 1))
        times.append(result[2])
    # Every Stop ends the loop; the fastest of three within 100 ms (two busy cores can delay any one Stop,
    # while a Stop checked too rarely is late every time).
    assert fastest_within(times, 100), times
    # Stop while idle, and twice: nothing happens; the next run is not hit.
    assert worker_page.evaluate("""async () => [mp.interrupt(), mp.interrupt(), await mp.runPython("x + 1"),
        await mp.runPython("y = 0\\nfor i in range(100000): y += 1\\ny")]""") == [False, False, 42, 100000]
    # Quotas work in the worker too.
    assert worker_page.evaluate("""async () => (await settle(mp.runPython("while True: pass", { timeoutMs: 50 }))).slice(0, 3)""") == \
        ["error", "PythonError", "QuotaExceeded"]


def test_input_waits_for_the_page(worker_page):
    result = worker_page.evaluate("""async () => {
        answers.push("Ada", "42", "line one", "line two");
        const value = await mp.runPython("name = input('name? ')\\nage = int(input('age? '))\\n(name, age + 1)");
        const lines = await mp.runPython("import sys\\n[sys.stdin.readline() for k in range(2)]");
        return [value, lines, prompts];
    }""")
    assert result == [["Ada", 43], ["line one\n", "line two\n"], ["name? ", "age? ", "", ""]]


def test_input_stop_and_end_of_input(worker_page):
    result = worker_page.evaluate("""async () => {
        // The handler never answers: Stop raises KeyboardInterrupt in input() (three times: the fastest
        // counts, as in the Stop test above).
        const stops = [], times = [];
        for (let k = 1; k <= 3; k++) {
          const run = settle(mp.runPython("input('waiting> ')"));
          while (prompts.length < k) await new Promise((r) => setTimeout(r, 5));
          const started = performance.now();
          mp.interrupt();
          stops.push((await run).slice(0, 3));
          times.push(performance.now() - started);
        }
        // A handler that returns null: end of input, EOFError.
        mp.onInput = () => null;
        const eof = await settle(mp.runPython("input()"));
        // No handler at all: EOFError at once.
        mp.onInput = null;
        const none = await settle(mp.runPython("input('x')"));
        mp.onInput = async (prompt) => prompt.toUpperCase();
        const echoed = await mp.runPython("input('shout: ')");
        return [prompts, stops, Math.min(...times) < 100, eof.slice(0, 3), none.slice(0, 3), echoed, times];
    }""")
    assert result[:6] == [["waiting> "] * 3, [["error", "PythonError", "KeyboardInterrupt"]] * 3, True,
                          ["error", "PythonError", "EOFError"], ["error", "PythonError", "EOFError"], "SHOUT: "], result


def test_terminate_and_restart_give_a_fresh_runtime_quickly(worker_page):
    result = worker_page.evaluate("""async () => {
        await mp.runPython("kept = 1");
        const run = settle(mp.runPython("while True: pass"));
        mp.terminate();
        const ended = await run;
        const afterTerminate = await settle(mp.runPython("1"));
        const timed = async (w) => { const started = performance.now(); await w.restart(); return performance.now() - started; };
        // With the spare runtime (loaded in the background after each start), and without one.
        const warm = [], cold = [], spareBefore = [];
        await mp.restart();
        for (let i = 0; i < 3; i++) { spareBefore.push(await mp.spareReady()); warm.push(await timed(mp)); }
        const single = await start({ spare: false });
        for (let i = 0; i < 3; i++) cold.push(await timed(single));
        const fresh = [await mp.runPython("'kept' in globals()"), await single.runPython("'kept' in globals()")];
        const noSpare = [await single.spareReady()];
        single.terminate();
        mp.terminate();
        noSpare.push(await mp.spareReady());
        await mp.restart();
        return [ended.slice(0, 2), afterTerminate.slice(0, 2), fresh, spareBefore, noSpare, warm, cold];
    }""")
    assert result[:5] == [["error", "Error"], ["error", "Error"], [False, False], [True] * 3, [False, False]]
    warm, cold = result[5:]
    print("restart ms (terminate + runtime ready): with the spare", [round(t) for t in warm],
          "without", [round(t) for t in cold])
    # Issue 19's "a fresh runtime ready in under 200 ms" is the spare's restart once spareReady() says
    # it has loaded: 0-6 ms idle; every one within the bound, the fastest within 50 ms. (Timed
    # before the spare had loaded, under the suite's load, one took 317 ms in debug.) Without
    # a spare (cold) a new worker instantiates the shared compiled module: ~35-70 ms idle, over 200 ms
    # under the suite's load once, so it is reported above, not asserted (timings belong to the bench).
    assert fastest_within(warm, 50, every_within_ms=200), result[5:]
    assert len(cold) == 3


def test_four_workers_run_at_once_without_interfering(worker_page):
    result = worker_page.evaluate("""async () => {
        const workers = await Promise.all([0, 1, 2, 3].map(() => start()));
        await Promise.all(workers.map((w, i) => w.runPython(`me = ${i}`)));
        const started = performance.now();
        const loops = workers.map((w) => w.runPython("import time\\nt = time.ticks_ms()\\nn = 0\\n"
          + "while time.ticks_diff(time.ticks_ms(), t) < 400: n += 1\\nme"));
        const values = await Promise.all(loops);
        const wall = performance.now() - started;
        // Stop one; the others go on.
        const runs = workers.map((w) => settle(w.runPython("while True: pass", { timeoutMs: 300 })));
        workers[2].interrupt();
        const outcomes = (await Promise.all(runs)).map((r) => r[2]);
        for (const w of workers) w.terminate();
        return [values, wall, outcomes];
    }""")
    assert result[0] == [0, 1, 2, 3]
    # Four 400 ms loops at once, in parallel (the machine has at least 2 cores): well under 4 x 400 ms.
    assert result[1] < 1400, result[1]
    assert result[2] == ["QuotaExceeded", "QuotaExceeded", "KeyboardInterrupt", "QuotaExceeded"]


def test_a_crashed_worker_is_reported_and_restarts(worker_page):
    result = worker_page.evaluate("""async () => {
        const crashes = [];
        const w = await start({ onCrash: (e) => crashes.push(e.name) });
        // A JS error inside Python is an error of that call: the worker lives on.
        const thrown = await settle(w.runPython("import js\\njs.eval('null.boom')"));
        const alive = await w.runPython("'alive'");
        // A wasm trap (here a simulated one) leaves the runtime unusable: the worker is gone.
        const trapped = await settle(w.runPython("import js\\njs.eval('throw new WebAssembly.RuntimeError(\\"trap\\")')"));
        const after = await settle(w.runPython("1"));
        const flag = w.crashed;
        await w.restart();
        const restarted = await w.runPython("'fresh'");
        w.terminate();
        return [thrown[1], alive, trapped.slice(0, 2), crashes, after[1], flag, w.crashed, restarted];
    }""")
    assert result == ["TypeError", "alive", ["error", "WorkerCrashed"], ["WorkerCrashed"], "Error", True, False, "fresh"]


def test_page_without_isolation_falls_back_to_the_main_thread(page, sites):
    page.goto(sites[1] + "index.html")
    page.wait_for_function("window.pageReady === true")
    result = page.evaluate("""async () => {
        const mp = await start();
        return [crossOriginIsolated, typeof SharedArrayBuffer, mp.mode, mp.reason, await mp.runPython("6 * 7"),
                mp.interrupt(), (await settle(mp.runPython("input()"))).slice(0, 3)];
    }""")
    assert result[:3] == [False, "undefined", "main-thread"]
    assert "not cross-origin isolated" in result[3] and "Cross-Origin-Opener-Policy" in result[3]
    assert result[4:] == [42, False, ["error", "PythonError", "EOFError"]]



def test_python_starts_another_interpreter_and_exchanges_messages(worker_page):
    result = worker_page.evaluate("""async () => {
        // The page <-> worker: structured data and bytes (the bytes' buffer moves, not copied).
        const bytes = new Uint8Array([1, 2, 3]);
        mp.post({ n: 20, data: bytes });
        const moved = bytes.byteLength;
        const echoed = await mp.runPythonAsync([
          "import interpreters",
          "m = await interpreters.receive()",
          "interpreters.post({'twice': m.n * 2, 'raw': b'\\\\x00\\\\xff' + bytes(m.data)})",
          "m.n + 1",
        ].join("\\n"));
        const fromWorker = await mp.receive();
        // Python in the worker starts another interpreter (a worker of its own) and talks to it.
        const nested = await mp.runPythonAsync([
          "import interpreters",
          "peer = await interpreters.start()",
          "peer.post({'numbers': [1, 2, 3], 'blob': b'abc'})",
          "got = await peer.runPythonAsync('import interpreters\\\\nm = await interpreters.receive()\\\\n"
            + "interpreters.post(bytes(m.blob) * 2)\\\\nsum(m.numbers)')",
          "back = await peer.receive()",
          "peer.terminate()",
          "[got, bytes(back)]",
        ].join("\\n"));
        return [moved, echoed, fromWorker.twice, Array.from(fromWorker.raw), nested];
    }""")
    assert result[:4] == [0, 21, 40, [0, 255, 1, 2, 3]]
    assert result[4] == [6, [97, 98, 99, 97, 98, 99]]
