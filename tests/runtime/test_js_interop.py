"""The `js` module of the WebAssembly builds: Python <-> JavaScript interop, run in node.

Each test runs `micropython -c CODE` of the variant under test (--variant); host
variants have no `js` module, so the whole file is skipped for them.
"""

import pytest

from interpreter import short_stderr

pytestmark = pytest.mark.wasm


@pytest.fixture(scope="module")
def run(request, variant_settings):
    """run(code) -> stdout of a successful run; run(code, status=N) -> (stdout, stderr) of
    a run that exits with N (None: any failure)."""
    if variant_settings.target == "host":
        pytest.skip("the js module exists in WebAssembly builds only")
    run_python = request.getfixturevalue("run_python")  # builds the variant

    def run(code, status=0):
        result = run_python(code)
        stderr = short_stderr(result)
        if status == 0:
            assert result.returncode == 0, f"exit status {result.returncode}; stderr:\n{stderr}"
            return result.stdout
        failed = result.returncode != 0 if status is None else result.returncode == status
        assert failed, f"exit status {result.returncode}; stderr:\n{stderr}"
        return result.stdout, stderr

    return run


def test_eval_converts_primitives(run):
    out = run("""
        import js
        for code in ['42', '-7', '2.5', '"text"', 'true', 'false', 'null', 'undefined',
                     '2 ** 40', '2 ** 60', '0.1 + 0.2', '12345678901234567890n', 'NaN']:
            value = js.eval(code)
            print(code, type(value).__name__, repr(value))
    """)
    assert out.splitlines() == [
        "42 int 42",
        "-7 int -7",
        "2.5 float 2.5",
        '"text" str \'text\'',
        "true bool True",
        "false bool False",
        "null NoneType None",
        "undefined NoneType None",
        "2 ** 40 int 1099511627776",
        "2 ** 60 float 1.152921504606847e+18",  # beyond 2**53: not an exact int
        "0.1 + 0.2 float 0.3",
        "12345678901234567890n int 12345678901234567890",
        "NaN float nan",
    ]


def test_python_values_reach_javascript(run):
    out = run("""
        import js, jsffi
        show = js.eval('(x) => typeof x + " " + (x instanceof Uint8Array ? "Uint8Array " + x : JSON.stringify(x))')
        for value in [None, True, 7, -3, 2 ** 40, 2 ** 70, 1.5, 'str', jsffi.to_js([1, 'a', [2.5, None]]),
                      jsffi.to_js((1, 2)), jsffi.to_js({'k': [1, {'n': None}], 1: 'one'}), b'AB', bytearray(b'C')]:
            print(show(value))
        # containers themselves go live, as PyProxy (upstream v1.27): JS changes them
        items = [1, 2]
        print(js.eval('(x) => { x.append(3); return [Array.isArray(x), "append" in x].join() }')(items), items)
        try:
            show(10 ** 400)
        except OverflowError as e:
            print('OverflowError', e)
        print(js.eval('(x) => x === undefined')(js.undefined), js.eval('(x) => x === null')(None))
    """)
    assert out.splitlines() == [
        "object null",
        "boolean true",
        "number 7",
        "number -3",
        "number 1099511627776",
        "number 1.1805916207174113e+21",
        "number 1.5",
        'string "str"',
        'object [1,"a",[2.5,null]]',
        "object [1,2]",
        'object {"1":"one","k":[1,{"n":null}]}',
        "object Uint8Array 65,66",
        "object Uint8Array 67",
        "false,true [1, 2, 3]",
        "OverflowError int too big for a JavaScript number",
        "True True",
    ]


def test_attributes_get_set_delete(run):
    out = run("""
        import js, jsffi
        o = js.eval('({a: 1, nested: {b: "x"}})')
        print(o.a, o.nested.b)
        o.a = 2
        o.c = jsffi.to_js([1, 2])
        o.nested.b = 'y'
        print(js.JSON.stringify(o))
        del o.c
        print(js.JSON.stringify(o), hasattr(o, 'c'), hasattr(o, 'a'))
        try:
            o.missing
        except AttributeError:
            print('AttributeError')
        o.u = js.undefined
        print(o.u, hasattr(o, 'u'))  # present but undefined: js.undefined (upstream), not an AttributeError
        js.globalThis.fromPython = 'hello'
        print(js.eval('fromPython'), js.fromPython)
        from js import Math
        print(Math.PI, js.Math.floor(2.7))
        try:
            js.noSuchGlobal
        except AttributeError as e:
            print(e)
    """)
    assert out.splitlines() == [
        "1 x",
        '{"a":2,"nested":{"b":"y"},"c":[1,2]}',
        '{"a":2,"nested":{"b":"y"}} False True',
        "AttributeError",
        "<undefined> True",
        "hello hello",
        "3.141592653589793 2",
        "JavaScript has no global 'noSuchGlobal'",
    ]


def test_calls_functions_and_methods(run):
    out = run("""
        import js, jsffi
        print(js.Math.max(1, 5, 3), js.Math.max(1.5, -2), js.Math.min())
        add = js.eval('(a, b) => a + b')
        print(add(2, 3), add('py', 'thon'), add(0.5, 0.25))
        print(js.eval('(xs) => Array.isArray(xs) && xs.length')(jsffi.to_js([1, 2, 3])))
        counter = js.eval('({n: 10, bump(k) { this.n += k; return this.n; }})')
        print(counter.bump(5), counter.bump(1))  # methods get their object as `this`
        bump = counter.bump
        print(bump(4))
        arr = js.eval('[3, 1, 2]')
        arr.push(0)
        print(arr.sort().join('-'))
        print(js.new(js.Date, 0).getTime(), js.Date.new(86400000).toISOString())
        print(js.Array.new(3).length)
        # keyword arguments become one object after the positional ones (upstream v1.27)
        args = js.eval('(...a) => JSON.stringify(a)')
        print(args(1, b=2, c=None), args(k='v'))
    """)
    assert out.splitlines() == [
        "5 1.5 inf",
        "5 python 0.75",
        "3",
        "15 16",
        "20",
        "0-1-2-3",
        "0 1970-01-02T00:00:00.000Z",
        "3",
        '[1,{"b":2,"c":null}] [{"k":"v"}]',
    ]


def test_subscription_length_iteration(run):
    out = run("""
        import js
        arr = js.eval('[10, 20, 30]')
        print(arr[0], arr[-1], len(arr), list(arr), 20 in arr, 25 in arr)
        arr[1] = 21
        del arr[0]
        print(list(arr), bool(arr), bool(js.eval('[]')))
        try:
            arr[5]
        except IndexError:
            print('IndexError')
        obj = js.eval('({k: "v"})')
        print(obj['k'], 'k' in obj, 'z' in obj)
        try:
            obj['z']
        except KeyError as e:
            print('KeyError', e)
        m = js.Map.new()
        m['key'] = 1
        print(m['key'], len(m), 'key' in m, [list(entry) for entry in m])
        print([c for c in js.eval('new Set(["a", "b"])')])
        try:
            iter(js.eval('({})'))
        except TypeError as e:
            print('TypeError', e)
    """)
    assert out.splitlines() == [
        "10 30 3 [10, 20, 30] True False",
        "[21, 30] True False",
        "IndexError",
        "v True False",
        "KeyError z",
        "1 1 True [['key', 1]]",
        "['a', 'b']",
        "TypeError JavaScript object is not iterable",
    ]


def test_proxy_repr_str_equality(run):
    out = run("""
        import js
        # upstream's <JsProxy N>: N stays the JS object's number while it lives
        print(repr(js.Math).startswith('<JsProxy '), repr(js.Math) == repr(js.Math), repr(js.Math) == repr(js.JSON))
        print(repr(js.undefined), repr(js.globalThis), str(js.Math) == repr(js.Math))
        print(js.Math is js.Math, js.Math.max == js.Math.max)
        print(js.Math == js.Math, js.Math == js.JSON, hash(js.Math) == hash(js.Math))
        print(type(js.Math).__name__, isinstance(js.Math, js.JsProxy))
    """)
    assert out.splitlines() == [
        "True True False",
        "<undefined> <JsProxy 1> True",
        "True True",
        "True False True",
        "JsProxy True",
    ]


def test_javascript_exception_becomes_jsexception(run):
    out = run("""
        import js
        try:
            js.eval('null.x')
        except js.JsException as e:
            # upstream v1.27's args: (the thrown value, its name, its message)
            print(type(e).__name__, isinstance(e, Exception), type(e.args[0]).__name__)
            print(e.args[1], e.args[2])
            print(e.error.name, e.error is e.args[0])
        try:
            js.eval('(o) => o.f()')(js.eval('({})'))
        except js.JsException as e:
            print(e.args[1:])
        try:
            js.eval('throw "a plain string"')
        except js.JsException as e:
            print(e.args)
        try:
            js.eval('syntax error here')
        except js.JsException as e:
            print(e.args[1])
        try:
            js.eval('({})')()
        except js.JsException as e:
            print(e.args[1:])
    """)
    assert out.splitlines() == [
        "JsException True JsProxy",
        "TypeError Cannot read properties of null (reading 'x')",
        "TypeError True",
        "('TypeError', 'o.f is not a function')",
        "('a plain string', 'string', 'a plain string')",
        "SyntaxError",
        "('TypeError', 'Object is not a function')",
    ]


def test_uncaught_jsexception_traceback(run):
    out, err = run("""
        import js
        js.eval('undefinedFunction()')
    """, status=1)
    assert "JsException: (<JsProxy " in err
    assert "'ReferenceError', 'undefinedFunction is not defined')" in err


def test_python_callback_called_from_javascript(run):
    out = run("""
        import js, jsffi
        print(js.eval('(f) => f(20) + 1')(lambda x: x * 2))
        def describe(*args):
            return ' '.join(type(a).__name__ for a in args)
        print(js.eval('(f) => f(1, 2.5, "s", null, undefined, [1], {a: 1}, () => 0, 2n)')(describe))
        print(js.eval('(f) => JSON.stringify(f())')(lambda: jsffi.to_js({'list': [1, (2, 3)], 'none': None})))
        print(js.eval('(f) => f().x')(lambda: {'x': 'a dict key is a property'}))
        print(js.eval('[3, 1, 2]').map(lambda x, i, arr: x * 10 + i).join(','))
        print(js.eval('(f) => typeof f')(print))
        # deep recursion across the boundary
        bounce = js.eval('(f, n) => f(n)')
        def down(n):
            return 0 if n == 0 else 1 + bounce(down, n - 1)
        print(down(30))
    """)
    assert out.splitlines() == [
        "41",
        "int float str NoneType NoneType JsProxy JsProxy JsProxy int",
        '{"none":null,"list":[1,[2,3]]}',
        "a dict key is a property",
        "30,11,22",
        "function",
        "30",
    ]


def test_python_exception_in_callback_is_thrown_in_javascript(run):
    out = run("""
        import js
        check = js.eval('''(f) => {
            try { f(); return "no error"; }
            catch (e) { return [e instanceof Error, e.name, e.message.trim().split(String.fromCharCode(10)).pop(), e.type,
                                e.message.startsWith("Traceback"), e.pythonTraceback === e.message].join("|"); }
        }''')
        print(check(lambda: 1 / 0))
        def bad():
            raise ValueError('bad value')
        print(check(bad))
        class Custom(Exception):
            pass
        def custom():
            raise Custom()
        print(check(custom))
    """)
    assert out.splitlines() == [
        # message: the traceback, as upstream's runPython errors
        "true|PythonError|ZeroDivisionError: divide by zero|ZeroDivisionError|true|true",
        "true|PythonError|ValueError: bad value|ValueError|true|true",
        "true|PythonError|Custom:|Custom|true|true",
    ]


def test_python_exception_comes_back_to_python_unchanged(run):
    out = run("""
        import js
        def bad():
            raise ValueError('bad value')
        try:
            js.eval('(f) => f()')(bad)
        except ValueError as e:
            print('ValueError', e)
        # a JS function in between that catches and rethrows changes nothing
        try:
            js.eval('(f) => { try { f(); } catch (e) { throw e; } }')(bad)
        except ValueError as e:
            print('ValueError', e)
    """)
    assert out.splitlines() == ["ValueError bad value", "ValueError bad value"]


def test_set_timeout_callback_runs_after_the_script(run):
    out = run("""
        import js
        def later(word):
            print('timer fired with', word)
        js.setTimeout(later, 0, 'hi')
        js.setTimeout(lambda: print('second timer'), 5)
        print('script end')
    """)
    assert out.splitlines() == ["script end", "timer fired with hi", "second timer"]


def test_uncaught_exception_in_timer_callback(run):
    # The PythonError reaches node's event loop. (node would print it after a
    # line of the minified runtime, and can cut the output short when stderr is
    # a pipe: look at it with a listener of our own.)
    out, err = run("""
        import js
        js.eval('''process.prependListener("uncaughtException", function (e) {
            process.stdout.write("uncaught " + e.name + ": " + e.message + "\\\\n" + e.stack + "\\\\n");
            process.exit(3);
        })''')
        def boom():
            raise RuntimeError('from a timer')
        js.setTimeout(boom, 0)
        print('script end')
    """, status=3)
    lines = out.splitlines()
    assert lines[:2] == ["script end", "uncaught PythonError: Traceback (most recent call last):"]
    assert "RuntimeError: from a timer" in lines  # the Python traceback is the message
    assert any(line.endswith(", in boom") for line in lines)


def test_uncaught_exception_in_timer_callback_fails_the_run(run):
    out, err = run("""
        import js
        js.setTimeout(lambda: 1 / 0, 0)
        print('script end')
    """, status=None)  # (7 in node: emscripten's handler rethrows uncaught errors)
    assert out == "script end\n"


def test_event_listeners_keep_their_identity(run):
    out = run("""
        import js
        target = js.EventTarget.new()
        seen = []
        def on_ping(event):
            seen.append(event.type)
        target.addEventListener('ping', on_ping)
        target.dispatchEvent(js.Event.new('ping'))
        target.removeEventListener('ping', on_ping)  # the same JS function as added
        target.dispatchEvent(js.Event.new('ping'))
        print(seen, js.eval('(a, b) => a === b')(on_ping, on_ping))
        print(js.eval('(f) => f')(on_ping) is on_ping)  # back in Python: the same object
    """)
    assert out.splitlines() == ["['ping'] True", "True"]


def test_release_of_python_objects(run):
    out = run("""
        import js
        base = js.live_pyrefs()
        keep = js.eval('(f) => { globalThis.kept = f; }')
        def callback():
            return 'called'
        keep(callback)
        print(js.live_pyrefs() - base, js.eval('kept()'))
        print(js.release(callback), js.release(callback), js.live_pyrefs() - base)
        print(js.eval('(() => { try { kept(); } catch (e) { return e.message; } })()'))
        keep(lambda: 1)
        print(js.live_pyrefs() - base)
        js.eval('kept.destroy()')
        print(js.live_pyrefs() - base)
        print(js.release(12), js.release('text'))
    """)
    assert out.splitlines() == [
        "1 called",
        "True False 0",
        "the Python object behind this JavaScript value was released",
        "1",
        "0",
        "False False",
    ]


def test_wrappers_collected_by_javascript_release_their_python_objects(run):
    # node's gc() (made available from inside) collects the wrappers that JS
    # dropped; a FinalizationRegistry then lets Python forget their objects.
    out = run("""
        import js
        base = js.live_pyrefs()
        for i in range(50):
            js.eval('(f) => f')(lambda: i)
        print('before', js.live_pyrefs() - base)
        js.eval('''(function () {
            var require = process.mainModule.require;
            require('v8').setFlagsFromString('--expose_gc');
            globalThis.forceGC = require('vm').runInNewContext('gc');
        })()''')
        def check():
            print('after', js.live_pyrefs() - base <= 1)  # (check's own wrapper lives)
        js.eval('(f) => setTimeout(() => { forceGC(); setTimeout(f, 20); }, 0)')(check)
    """)
    assert out.splitlines() == ["before 50", "after True"]


def test_many_proxies_do_not_leak_handles(run):
    # The loop allocates less than a quarter heap, so no collection runs during it
    # (emscripten/gccollect.c); one runs after the script. Callbacks from JS collect only
    # when a collection was asked for (gc.collect() in one runs once it returns to JS):
    # the handles its own calls made are gone by the next timer.
    out = run("""
        import gc, js
        base = js.live_handles()
        for i in range(3000):
            o = js.eval('({a: [1, 2]})')
            total = o.a[0] + js.Math.max(i, 1)
        during = js.live_handles() - base
        del o
        def check():
            print('during', during >= 3000, 'after', js.live_handles() - base)
            js.release(check)
        def collect_then_check():
            js.setTimeout(check, 0)
            gc.collect()
        js.setTimeout(collect_then_check, 0)
    """)
    assert out == "during True after 0\n"


def test_explicit_release_of_proxies(run):
    out = run("""
        import js
        base = js.live_handles()
        for i in range(100):
            o = js.eval('({})')
            js.release(o)
        print(js.live_handles() - base, js.release(o), repr(o))
        try:
            o.x
        except RuntimeError as e:
            print(e)
        print(js.release(js.globalThis), js.globalThis.Math.PI > 3)
    """)
    assert out.splitlines() == [
        "0 False <JsProxy (released)>",
        "JsProxy was released",
        "False True",
    ]


def test_unicode_both_ways(run):
    out = run("""
        import js
        text = 'héllo ✓ 😀 \\x00 end'
        info = js.eval('(s) => [s.length, s.codePointAt(1), s.codePointAt(8), s.charCodeAt(11), s]')(text)
        print(info[0], info[1], info[2], info[3], info[4] == text)
        back = js.eval(r'"\\u00e9\\u2713\\ud83d\\ude00"')  # JS escapes, a surrogate pair
        print(len(back), [hex(ord(c)) for c in back])
        print(js.eval('(s) => s.split("").reverse().join("")')('abc→') == '→cba')
        print(len(js.eval('"x".repeat(100000)')))
    """)
    assert out.splitlines() == [
        "16 233 128512 0 True",
        "3 ['0xe9', '0x2713', '0x1f600']",
        "True",
        "100000",
    ]


def test_to_py_copies_structures(run):
    out = run("""
        import js
        data = js.to_py(js.eval('({list: [1, "two", [3.5, null]], obj: {k: true}, n: 0})'))
        print(sorted(data.items()))
        print(js.to_py(js.eval('new Uint8Array([0, 1, 255])')), js.to_py(js.eval('new Float64Array([0.5])')))
        print(js.to_py(js.eval('[1, , 3]')), js.to_py(5), repr(js.to_py(js.eval('new Date(0)')))[:8])
    """)
    assert out.splitlines() == [
        "[('list', [1, 'two', [3.5, None]]), ('n', 0), ('obj', {'k': True})]",
        "b'\\x00\\x01\\xff' [0.5]",
        "[1, None, 3] 5 <JsProxy",
    ]


def test_python_objects_seen_from_javascript(run):
    out = run("""
        import js
        class Point:
            def __init__(self, x):
                self.x = x
            def __str__(self):
                return 'Point(%d)' % self.x
        p = Point(3)
        print(js.eval('(p) => [String(p), p.x, typeof p, "x" in p, "y" in p].join()')(p))
        print(js.eval('(p) => p')(p) is p)
    """)
    assert out.splitlines() == ["Point(3),3,object,true,false", "True"]
