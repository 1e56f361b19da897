"""Limits in the page: a runtime survives running out of memory, runaway recursion and a runaway loop.

Each test starts its own runtime with pythons.js's loadMicroPython on the
built page (headless Chromium) and runs several scripts in it, one after
another, as an embedding page would. The command line's versions of the
first two are in tests/runtime/test_cli.py.
"""

import pytest

from browser_support import open_page

RUN_SCRIPTS_JS = """async ({scripts, interruptAfterMs}) => {
  let out = "", err = "";
  const mp = await loadMicroPython({chunks: true, stdout: (t) => { out += t; }, stderr: (t) => { err += t; },
                                    heapsize: 4 * 1024 * 1024});
  const results = [];
  for (const code of scripts) {
    out = ""; err = "";
    const running = mp.runScript(code);
    let timer = null;
    if (interruptAfterMs !== null && results.length === 0) timer = setTimeout(() => mp.interrupt(), interruptAfterMs);
    const status = await running;
    if (timer) clearTimeout(timer);
    results.push({status, out, err});
  }
  return {results, isAsync: mp.isAsync};
}"""


def run_scripts(page, site, scripts, interrupt_after_ms=None):
    open_page(page, site.url)
    outcome = page.evaluate(RUN_SCRIPTS_JS, {"scripts": scripts, "interruptAfterMs": interrupt_after_ms})
    assert page.javascript_errors == []
    return outcome["results"], outcome["isAsync"]


def test_memory_error_then_the_next_script_runs(page, site):
    grow = ("def grow():\n    kept = []\n    while True:\n        kept.append(bytearray(1 << 16))\n"
            "grow()\n")
    results, _ = run_scripts(page, site, [grow, "print(sum(range(10)))", "big = bytearray(1 << 20)\nprint(len(big))",
                                          grow, "print('still', 'here')"])
    first, second, third, again, last = results
    assert first["status"] == 1 and "MemoryError" in first["err"], first
    assert (second["status"], second["out"]) == (0, "45\n"), second
    # The memory the failed script held is free again.
    assert (third["status"], third["out"]) == (0, "1048576\n"), third
    assert again["status"] == 1 and "MemoryError" in again["err"], again
    assert (last["status"], last["out"]) == (0, "still here\n"), last


def test_runaway_recursion_raises_runtime_error_and_the_runtime_goes_on(page, site):
    recurse = "def down(n):\n    return down(n + 1) + 1\ndown(0)\n"
    caught = ("def down(n):\n    return down(n + 1) + 1\ntry:\n    down(0)\nexcept RuntimeError as e:\n"
              "    print('caught', type(e).__name__)\n")
    results, _ = run_scripts(page, site, [recurse, "print(6 * 7)", caught, recurse, "print('alive')"])
    first, second, third, fourth, last = results
    # MicroPython's own message: the C-stack check's, or the Python stack's in stackless builds.
    too_deep = ("RuntimeError: maximum recursion depth exceeded", "RuntimeError: pystack exhausted")
    assert first["status"] == 1 and any(message in first["err"] for message in too_deep), first
    assert (second["status"], second["out"]) == (0, "42\n"), second
    assert (third["status"], third["out"]) == (0, "caught RuntimeError\n"), third
    assert fourth["status"] == 1 and "RuntimeError" in fourth["err"], fourth
    assert (last["status"], last["out"]) == (0, "alive\n"), last


def test_a_runaway_loop_is_stopped_without_reloading_the_page(page, site):
    open_page(page, site.url)
    if not page.evaluate("Boolean(window.micropythonPage && window.micropythonPage.mp.isAsync)"):
        # Without asyncify a running program holds the page's only thread until it ends, and
        # pythons.js offers no way to terminate and restart a runtime (e.g. one in a Worker).
        pytest.skip("only asyncify builds can stop running Python (mp.interrupt / Ctrl-C)")
    results, _ = run_scripts(page, site, ["n = 0\nwhile True:\n    n += 1\n", "print('next', n > 0)"],
                             interrupt_after_ms=500)
    stopped, following = results
    assert stopped["status"] == 1 and "KeyboardInterrupt" in stopped["err"], stopped
    assert (following["status"], following["out"]) == (0, "next True\n"), following
