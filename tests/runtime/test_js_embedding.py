"""Module.mpjs, the embedding API inside the linked module (runPython, runPythonAsync, globals,
pyimport, registerJsModule, PyProxy), asyncio on the JS event loop, and bad input: each test runs
a node script against build/<variant>/micropython.js (loaded as the node launcher loads it).
"""

import subprocess
import textwrap

import pytest

pytestmark = pytest.mark.wasm

# Loads the build and hands the script `mp` (Module.mpjs) and `Module`.
PRELUDE = """
const path = require("path"), fs = require("fs");
const DIR = process.argv[2];
const decoder = new TextDecoder();
function sink(stream) {
  let line = [];
  return (b) => { if (b === null) return; line.push(b); if (b === 10) { stream.write(decoder.decode(new Uint8Array(line))); line = []; } };
}
require(path.join(DIR, "micropython.js"))({
  locateFile: (n) => path.join(DIR, n), noInitialRun: true,
  wasmBinary: fs.readFileSync(path.join(DIR, "micropython.wasm")),
  stdout: sink(process.stdout), stderr: sink(process.stderr),
}).then(async (Module) => {
  const call = (name, types, args) => Module.ccall(name, "number", types, args, Module.mpwAsync ? { async: true } : undefined);
  await call("mp_js_init", ["number", "number"], [4 * 1024 * 1024, -1]);
  const mp = Module.mpjs;
"""
POSTLUDE = """
}).catch((e) => { console.log("FAILED", e && e.stack || e); process.exitCode = 1; });
"""


@pytest.fixture(scope="module")
def node_run(request, variant_settings, tmp_path_factory, node):
    if variant_settings.target == "host":
        pytest.skip("Module.mpjs exists in WebAssembly builds only")
    build = request.getfixturevalue("built_variant")
    folder = tmp_path_factory.mktemp("embedding")

    def node_run(body, timeout=30):
        script = folder / "test.js"
        script.write_text(PRELUDE + textwrap.indent(textwrap.dedent(body), "  ") + POSTLUDE)
        result = subprocess.run([node, str(script), str(build)], capture_output=True, text=True, timeout=timeout)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout.splitlines()

    return node_run


def test_run_python_returns_the_last_expression(node_run):
    assert node_run("""
        console.log(mp.runPython("1 + 2"), mp.runPython("x = 5\\nx * 2"), mp.runPython("y = 3"));
        console.log(mp.runPython("  a = 'in'\\n  a + 'dented'"), mp.runPython("[1, 2]") instanceof mp.PyProxy);
        console.log(mp.runPython("if x:\\n    z = 1\\nelse:\\n    z = 2"), mp.runPython("x  # comment"));
    """) == ["3 10 undefined", "indented true", "undefined 5"]


def test_the_parser_decides_what_the_last_expression_is(node_run):
    # Each case is code whose last statement the parser sees as it is: what a look at the text
    # got wrong before (`a; b`, a string spanning lines, a comment after the code) and what is
    # no expression (a block, an assignment, `pass`). Constants are a case of their own: the
    # parser keeps them as `pass` (py/parse.c's lonely constants).
    assert node_run("""
        const cases = [
          "a = 1; b = 2\\na; b",
          "x = 7\\nx  # the answer\\n# a closing comment\\n",
          "s = 0\\n'''line one\\nline two'''",
          "if True:\\n    y = 1",
          "z = 3",
          "q = 1; q += 1",
          "def f(n):\\n    return n * 3\\nf(\\n  4)",
          "[1, 2][0]; ",
          "1 + 2",
          "q;\\t'after a tab'  # tabs count as the lexer counts them",
          "pass",
          "",
          "# only a comment",
        ];
        for (const code of cases) console.log(JSON.stringify(mp.runPython(code)));
    """) == ["2", "7", '"line one\\nline two"', "undefined", "undefined", "undefined", "12", "1", "3",
             '"after a tab"', "undefined", "undefined", "undefined"]


def test_run_python_async_keeps_the_last_expression_from_the_parser(node_run):
    assert node_run("""
        globalThis.later = (v) => new Promise((resolve) => setTimeout(() => resolve(v), 5));
        console.log(await mp.runPythonAsync("import js\\nawait js.later(6)"));
        console.log(await mp.runPythonAsync("import js\\nv = await js.later(1); v + 1  # two"));
        console.log(await mp.runPythonAsync("import js\\nif True:\\n    await js.later(1)"));
        console.log(await mp.runPythonAsync("w = 5\\nw"));
    """) == ["6", "2", "undefined", "5"]


def test_python_error_carries_the_traceback(node_run):
    assert node_run("""
        try { mp.runPython("def f():\\n    1 / 0\\nf()"); } catch (e) {
          console.log(e instanceof Error, e.name, e.type);
          console.log(JSON.stringify(e.message));
        }
        try { mp.runPython("x = ("); } catch (e) { console.log(e.type); }
        console.log(mp.runPython("'still usable'"));
    """) == [
        "true PythonError ZeroDivisionError",
        '"Traceback (most recent call last):\\n  File \\"<stdin>\\", line 3, in <module>\\n'
        '  File \\"<stdin>\\", line 2, in f\\nZeroDivisionError: divide by zero\\n"',
        "SyntaxError",
        "still usable",
    ]


def test_globals_pyimport_register_js_module(node_run):
    assert node_run("""
        mp.globals.set("fromJs", 41);
        console.log(mp.runPython("fromJs + 1"), mp.globals.get("fromJs"), mp.globals.get("nothing"));
        mp.globals.delete("fromJs");
        console.log(mp.runPython("'fromJs' in globals()"));
        console.log(mp.pyimport("math").sqrt(16));
        mp.registerJsModule("shop", { price: 3, total(n) { return n * this.price; } });
        console.log(mp.runPython("import shop\\nshop.total(4)"), mp.runPython("from shop import total\\ntotal(2)"));
        for (const bad of [null, 5, "text", undefined]) {
          try { mp.registerJsModule("bad", bad); } catch (e) { console.log(e.name); }
        }
        try { mp.pyimport("no_such_module"); } catch (e) { console.log(e.type); }
        console.log(mp.runPython("1"));
    """) == ["42 41 undefined", "false", "4", "12 6", "TypeError", "TypeError", "TypeError", "TypeError",
             "ImportError", "1"]


def test_pyproxy_is_a_live_view(node_run):
    assert node_run("""
        const d = mp.runPython("d = {'a': 1}\\nd");
        d.b = 2; delete d.a;
        console.log(mp.runPython("str(d)"), d.missing, "b" in d, Object.keys(d).join());
        const l = mp.runPython("l = [1, 2]\\nl");
        console.log([...l].join(), l === mp.globals.get("l"), mp.PyProxy.toJs(l));
        const f = mp.runPython("lambda *a, **k: (a, k)");
        console.log(mp.PyProxy.toJs(f(1, 2)));
    """) == ["{'b': 2} undefined true b", "1,2 true [ 1, 2 ]", "[ [ 1, 2 ], {} ]"]


def test_destroyed_pyproxy_throws_and_the_runtime_goes_on(node_run):
    assert node_run("""
        const l = mp.runPython("[1]");
        l.destroy();
        try { l.append(2); } catch (e) { console.log(e.message); }
        console.log(mp.runPython("len([1, 2])"));
    """) == ["the Python object behind this JavaScript value was released", "2"]


def test_exceptions_across_callbacks(node_run):
    assert node_run("""
        globalThis.jsThrows = () => { throw new RangeError("from JS"); };
        console.log(mp.runPython(`
import js
try:
    js.jsThrows()
except js.JsException as e:
    r = e.args[1:]
r`).toString());
        const pyRaises = mp.runPython("def boom():\\n    raise KeyError('k')\\nboom");
        try { pyRaises(); } catch (e) { console.log(e.type); }
        console.log(mp.runPython("'after both'"));
    """) == ["('RangeError', 'from JS')", "KeyError", "after both"]


@pytest.fixture
def asyncio_built_in(builtin_modules):
    if "_asyncio" not in builtin_modules:
        pytest.skip("the variant's configuration leaves asyncio out (minimal)")


def test_run_python_async_awaits_promises_and_asyncio(node_run, asyncio_built_in):
    assert node_run("""
        globalThis.later = (v) => new Promise((resolve) => setTimeout(() => resolve(v), 20));
        globalThis.fails = () => Promise.reject(new TypeError("nope"));
        const ticks = [];
        const timer = setInterval(() => ticks.push(1), 5);
        const value = await mp.runPythonAsync(`
import js, asyncio
async def twice(x):
    await asyncio.sleep(0.05)
    return 2 * await js.later(x)
try:
    await js.fails()
except js.JsException as e:
    print("rejected:", e.args[1], e.args[2])
results = await asyncio.gather(twice(1), twice(2))
results`);
        clearInterval(timer);
        console.log(mp.PyProxy.toJs(value), ticks.length > 3);
        // an uncaught JsException rejects with what JS threw
        try { await mp.runPythonAsync("await js.fails()"); } catch (e) { console.log(e.name, e.message); }
    """) == ["rejected: TypeError nope", "[ 2, 4 ] true", "TypeError nope"]


def test_a_promise_that_never_settles_leaves_the_task_pending(node_run, asyncio_built_in):
    assert node_run("""
        mp.runPython(`
import js, asyncio
async def waits():
    await js.Promise.new(lambda resolve, reject: None)
t = asyncio.create_task(waits())
`);
        await new Promise((resolve) => setTimeout(resolve, 50));
        console.log(mp.runPython("t.done()"), mp.runPython("1 + 1"));
    """) == ["false 2"]


def test_run_python_sleeps_and_collects(node_run):
    # runPython is synchronous: in asyncify builds time.sleep blocks instead of suspending; the
    # loop allocates ten times the 4 MiB heap, so garbage is collected while it runs.
    assert node_run("""
        console.log(mp.runPython("import time\\ntime.sleep(0.01)\\n'slept'"));
        console.log(mp.runPython("n = 0\\nfor i in range(100000):\\n    n += len([i] * 100)\\nn"));
    """) == ["slept", "10000000"]


def test_javascript_awaits_python_coroutines(node_run, asyncio_built_in):
    # Without asyncio a coroutine runs by itself (it may await thenables); once asyncio is
    # imported it runs as a task, so it may also use asyncio.
    assert node_run("""
        globalThis.later = (v) => new Promise((resolve) => setTimeout(() => resolve(v), 5));
        const plain = mp.runPython("import js\\nasync def plain(x):\\n    return 2 * await js.later(x)\\nplain");
        console.log(await plain(4));
        const sleepy = mp.runPython("import asyncio\\nasync def sleepy():\\n    await asyncio.sleep(0.01)\\n    return 'woke'\\nsleepy");
        console.log(await sleepy(), await plain(5));
    """) == ["8", "woke 10"]


def test_asyncio_run_inside_run_python_blocks_and_names_the_alternatives(node_run, asyncio_built_in):
    # runPython is synchronous in every variant (it never suspends), so asyncio.run in it keeps
    # upstream's blocking loop: awaiting a JS promise there is a RuntimeError; the runtime goes on.
    assert node_run("""
        globalThis.later = (v) => new Promise((resolve) => setTimeout(() => resolve(v), 5));
        try {
          mp.runPython("import js, asyncio\\nasync def main():\\n    return await js.later(1)\\nasyncio.run(main())");
        } catch (e) {
          console.log(e.type, /top-level await .*asyncio.create_task.*asyncify, jspi/.test(e.message));
        }
        console.log(mp.runPython("async def still():\\n    await asyncio.sleep(0)\\n    return 'blocking loop still works'\\nasyncio.run(still())"));
    """) == ["RuntimeError true", "blocking loop still works"]


def test_run_python_while_another_run_waits_in_await(node_run, asyncio_built_in, variant_settings):
    # runPython is synchronous and never suspends, so it runs while another run waits: a
    # runPythonAsync coroutine at its `await` (every variant) and, in variants that suspend
    # the wasm stack, a script suspended in time.sleep or in asyncio.run's wait for a promise.
    # Both give their own results, the waiting run resumes seeing what the other one did, and
    # the next call works.
    assert node_run("""
        globalThis.later = (v, ms) => new Promise((resolve) => setTimeout(() => resolve(v), ms));
        const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
        const waiting = mp.runPythonAsync("import js\\nx = await js.later(4, 40)\\nx + y");
        await pause(10);
        console.log(mp.runPython("y = 10\\ny * 2"));
        console.log(await waiting, mp.runPython("x + y"));
        if (Module.mpwAsync) {
          const exec = (code) => call("mp_js_exec_str", ["string", "string"], [code, "<stdin>"]);
          let run = exec("import time\\nz = 1\\ntime.sleep(0.05)\\nprint('resumed', z, w)");
          await pause(10);
          console.log(mp.runPython("w = 'set meanwhile'\\nz + 1"));
          console.log("exit status", await run);
          run = exec("import asyncio\\nasync def main():\\n    return await js.later(7, 50)\\nprint('asyncio.run', asyncio.run(main()) + v)");
          await pause(10);
          console.log(mp.runPython("v = 100\\nv"));
          try { mp.runPython("1 / 0"); } catch (e) { console.log(e.type); }
          console.log("exit status", await run);
        }
        console.log(mp.runPython("'next call works'"));
    """) == (["20", "14 14"]
             + (["2", "resumed 1 set meanwhile", "exit status 0", "100", "ZeroDivisionError", "asyncio.run 107",
                 "exit status 0"] if {"asyncify", "jspi"} & set(variant_settings.features) else [])
             + ["next call works"])
