"""jspi builds in Chromium (JSPI on by default since Chromium 137): a script that sleeps, loops and awaits a
promise suspends, so the page's own timers keep running; interrupt() stops a loop within the yield interval."""

import pytest

from browser_support import open_page
from timed_checks import fastest_within

SUSPENDING_SCRIPT_JS = """async () => {
  let out = "", err = "", ticks = 0;
  const mp = await loadMicroPython({chunks: true, stdout: (t) => { out += t; }, stderr: (t) => { err += t; }});
  const ticker = setInterval(() => { ticks += 1; }, 10);
  window.pageValue = new Promise((resolve) => setTimeout(() => resolve("from the page"), 100));
  const status = await mp.runScript([
    "import js, jspi, time",
    "time.sleep(0.2)",
    "start = time.ticks_ms()",
    "while time.ticks_diff(time.ticks_ms(), start) < 200:",
    "    pass",
    "print(jspi.await_sync(js.pageValue))",
  ].join("\\n"));
  clearInterval(ticker);
  // Three Stops: the fastest counts (two busy cores can delay any one; a loop that yields too rarely
  // is late every time).
  const stopped = [], stopMs = [];
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    setTimeout(() => mp.interrupt(), 200);
    stopped.push(await mp.runScript("while True:\\n    pass"));
    stopMs.push(performance.now() - started - 200);
  }
  return {status, out, err, ticks, stopped, stopMs, stopErr: err};
}"""


def test_sleep_loop_and_await_suspend_and_interrupt_stops_a_loop(page, site, variant_settings):
    if "jspi" not in variant_settings.features:
        pytest.skip("jspi builds only")
    open_page(page, site.url)
    result = page.evaluate(SUSPENDING_SCRIPT_JS)
    assert page.javascript_errors == []
    assert (result["status"], result["out"]) == (0, "from the page\n"), result
    # ~40 ticks of 10 ms while Python ran for ~0.5 s: the page's timers kept firing.
    assert result["ticks"] >= 20, result
    assert result["stopped"] == [1, 1, 1] and result["stopErr"].count("KeyboardInterrupt") == 3, result
    assert fastest_within(result["stopMs"], 100), result
