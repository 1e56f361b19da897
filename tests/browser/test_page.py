"""The web page in headless Chromium: script tags, the page-address script, the REPL.

Runs the WebAssembly variant under test (`--variant`), or `default` when the
variant under test is a host build. Checks are made on what the page shows:
the terminal's text, the status line and the notice.
"""

import re
import textwrap

import pytest

from browser_support import (
    is_async_build, open_page, python_tag, query, terminal_text, type_line, visible_terminal_text, wait_for_terminal,
)


@pytest.fixture(scope="module")
def scripts_page(site):
    """Inline and src= tags, both type spellings, one failing in the middle."""
    site.add("lib/second.py", 'order.append("src 2")\nprint("src 2 ran")\n')
    tags = [
        python_tag(textwrap.indent('import sys\norder = ["inline 1"]\nprint("inline 1 ran")', "        ")),
        python_tag(src="lib/second.py", type_="text/micropython"),
        python_tag('order.append("inline 3")\nraise ValueError("tag three failed")'),
        python_tag('order.append("inline 4")\nprint("order:", order)'),
        python_tag(src="lib/missing.py"),
        python_tag('print("last tag ran")'),
    ]
    return site.add_page("scripts.html", body_html="\n".join(tags))


def test_script_tags_run_in_document_order(page, scripts_page):
    assert open_page(page, scripts_page) == "ready"
    text = wait_for_terminal(page, "last tag ran")
    positions = [text.index(marker) for marker in
                 ("inline 1 ran", "src 2 ran", "ValueError: tag three failed", "order:", "last tag ran")]
    assert positions == sorted(positions), text
    # One namespace for all tags; a failing tag stops only itself.
    assert "order: ['inline 1', 'src 2', 'inline 3', 'inline 4']" in text
    assert "could not fetch" in text and "missing.py" in text and "HTTP 404" in text
    assert page.javascript_errors == []


def test_script_tag_output_is_on_the_page(page, scripts_page):
    open_page(page, scripts_page)
    wait_for_terminal(page, "last tag ran")
    assert "last tag ran" in visible_terminal_text(page, "last tag ran")


@pytest.fixture(scope="module")
def awaiting_page(site):
    """Tags that await at top level (inline and src=), a failing one, and tags after them."""
    site.add("lib/awaits.py", textwrap.dedent("""\
        import js
        w = await js.Promise.resolve("from src")
        print("src awaited:", w)
    """))
    timer = "<script>window.startTimer = () => setTimeout(() => { window.timerRan = true; }, 10);</script>"
    tags = [
        python_tag(textwrap.dedent("""\
            import asyncio, js
            js.startTimer()
            await asyncio.sleep(0.05)
            print("timer ran during the sleep:", js.timerRan)
            v = await js.Promise.resolve(5)
            print("awaited:", v)
        """)),
        python_tag(src="lib/awaits.py"),
        python_tag('import js\nawait js.Promise.resolve(0)\nraise ValueError("after an await")'),
        python_tag('print("later tag sees:", v, w)'),
    ]
    return site.add_page("awaits.html", head_html=timer, body_html="\n".join(tags))


def test_script_tags_await_at_top_level_in_document_order(page, awaiting_page, builtin_modules):
    if "_asyncio" not in builtin_modules:
        pytest.skip("the tags await asyncio.sleep; the variant leaves asyncio out (minimal)")
    assert open_page(page, awaiting_page) == "ready"
    text = wait_for_terminal(page, "later tag sees:")
    markers = ("timer ran during the sleep: True", "awaited: 5", "src awaited: from src",
               "ValueError: after an await", "later tag sees: 5 from src")
    assert all(marker in text for marker in markers), text
    positions = [text.index(marker) for marker in markers]
    assert positions == sorted(positions), text
    # The traceback names the tag, as for tags that do not await.
    assert 'File "<script>", line 3, in <module>' in text
    assert page.evaluate("window.micropythonPage.mp.globals.get('__mpw_awaiting__')") is None
    assert page.javascript_errors == []


def test_page_address_script_runs_with_its_argv(page, site):
    site.add("demo/args.py", textwrap.dedent("""\
        import sys
        print("argv:", sys.argv)
        print("path0:", sys.path[0])
        raise SystemExit(3)
    """))
    assert open_page(page, site.url + "index.html" + query("demo/args.py", "one", "two words")) == "ready"
    text = wait_for_terminal(page, "exited with status 3")
    assert "argv: ['demo/args.py', 'one', 'two', 'words']" in text
    assert "path0: /www/demo" in text
    assert page.is_hidden("#notice")


def test_plus_separates_arguments_too(page, site):
    site.add("plus.py", 'import sys\nprint("argv:", sys.argv)\n')
    open_page(page, site.url + "index.html?plus.py+a+b")
    assert "argv: ['plus.py', 'a', 'b']" in wait_for_terminal(page, "argv:")


def test_cross_origin_script_is_refused_visibly(page, site, other_site):
    evil = other_site.add("evil.py", 'print("EVIL RAN")\n')
    assert open_page(page, site.url + "index.html?" + evil) == "ready"
    notice = page.locator("#notice")
    assert notice.is_visible()
    assert "Refused" in notice.inner_text() and "cross-origin" in notice.inner_text()
    assert "micropython-allow-cross-origin" in notice.inner_text()
    assert "EVIL RAN" not in terminal_text(page)
    type_line(page, "print(6*7)")  # the REPL still runs
    wait_for_terminal(page, "\n42")


def test_cross_origin_script_runs_when_the_page_opts_in(page, site, other_site):
    site.add_page("trusting.html")
    trusting = site.folder / "trusting.html"
    opt_out = '<meta name="micropython-allow-cross-origin" content="false">'
    assert opt_out in trusting.read_text()
    trusting.write_text(trusting.read_text().replace(opt_out, opt_out.replace("false", "true")))
    remote = other_site.add("remote.py", 'import sys\nprint("REMOTE RAN", sys.argv[1:])\n')
    open_page(page, site.url + "trusting.html" + query(remote, "x"))
    assert "REMOTE RAN ['x']" in wait_for_terminal(page, "REMOTE RAN")
    assert page.is_hidden("#notice")


@pytest.mark.parametrize("address", [
    "javascript:alert(1)",
    "JavaScript:alert(document.domain)",
    "data:text/plain,print('from data')",
    "javascript:<img src=x onerror=alert(1)>",
])
def test_javascript_and_data_addresses_are_refused_as_text(page, site, address):
    open_page(page, site.url + "index.html" + query(address))
    notice = page.locator("#notice")
    assert notice.is_visible() and "Refused" in notice.inner_text()
    # The address is shown as text, never parsed as HTML.
    assert page.evaluate("document.getElementById('notice').children.length") == 0
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert "from data" not in terminal_text(page)
    assert page.javascript_errors == []


def test_missing_page_address_script_is_reported(page, site):
    open_page(page, site.url + "index.html?nowhere.py")
    assert "HTTP 404" in page.locator("#notice").inner_text()


def test_repl_runs_what_is_typed(page, site):
    assert open_page(page, site.url) == "ready"
    banner = wait_for_terminal(page, ">>> ")
    # The banner of the command line's REPL (tests/runtime/test_cli.py), no empty line before it.
    assert re.search(r"(^|\n)MicroPython v1\.23\.0 on [-\d]+; webassembly \[Clang [\d.]+\] version\n"
                     r"Use Ctrl-D to exit, Ctrl-E for paste mode\n>>> ", banner), banner
    assert "\n\nMicroPython" not in banner
    type_line(page, "print(6*7)")
    text = wait_for_terminal(page, "\n42")
    assert ">>> print(6*7)\n42\n>>> " in text
    assert "42" in visible_terminal_text(page, "42")


def test_traceback_then_the_repl_keeps_working(page, site):
    open_page(page, site.url)
    wait_for_terminal(page, ">>> ")
    type_line(page, "def f(): raise ValueError('boom')")
    type_line(page, "")
    type_line(page, "f()")
    text = wait_for_terminal(page, "ValueError: boom")
    assert "Traceback (most recent call last):" in text and 'in f' in text
    type_line(page, "print('still' + ' alive')")
    wait_for_terminal(page, "\nstill alive")
    assert page.javascript_errors == []


def test_repl_line_editing_and_history(page, site):
    """Editing keys and history come from MicroPython's own readline."""
    open_page(page, site.url)
    wait_for_terminal(page, ">>> ")
    type_line(page, "x = 20")
    page.keyboard.type("print(x + 1)")
    page.keyboard.press("ArrowLeft")  # before ")"
    page.keyboard.press("Backspace")  # drop "1"
    page.keyboard.type("2")
    page.keyboard.press("Enter")
    wait_for_terminal(page, "\n22\n")
    page.keyboard.press("ArrowUp")  # the previous line again
    page.keyboard.press("Enter")
    text = wait_for_terminal(page, "\n22\n>>> print(x + 2)\n22\n")
    assert text.count("print(x + 2)") == 2, text


def test_ctrl_d_restarts_the_repl(page, site):
    open_page(page, site.url)
    wait_for_terminal(page, ">>> ")
    type_line(page, "y = 5")
    page.keyboard.press("Control+D")
    wait_for_terminal(page, "starting a new one")
    type_line(page, "print(y * 2)")
    wait_for_terminal(page, "\n10")


def test_input_reads_keys_typed_in_the_terminal(page, site):
    """Asyncify builds wait for keys; other builds read end of input (EOFError)."""
    asking = site.add_page("ask.html", body_html=python_tag(textwrap.dedent("""\
        try:
            name = input("name? ")
            print("hello,", name)
        except EOFError:
            print("no input available")
    """)))
    page.goto(asking)
    page.wait_for_function("window.micropythonPage !== undefined")
    if not is_async_build(page):
        wait_for_terminal(page, "no input available")
        return
    wait_for_terminal(page, "name? ")
    type_line(page, "Ada")
    wait_for_terminal(page, "hello, Ada")


def test_ctrl_c_interrupts_a_running_program(page, site):
    open_page(page, site.url)
    if not is_async_build(page):
        pytest.skip("only asyncify builds can take Ctrl-C while Python runs")
    wait_for_terminal(page, ">>> ")
    type_line(page, "while True: pass")
    type_line(page, "")
    page.wait_for_timeout(300)
    page.keyboard.press("Control+C")
    wait_for_terminal(page, "KeyboardInterrupt")
    type_line(page, "print('after', 'interrupt')")
    wait_for_terminal(page, "\nafter interrupt")


def test_output_shows_while_a_program_sleeps(page, site):
    """Asyncify builds hand the page back during time.sleep: earlier output is already drawn."""
    open_page(page, site.url)
    if not is_async_build(page):
        pytest.skip("only asyncify builds let the page draw while Python runs")
    wait_for_terminal(page, ">>> ")
    # Markers built at run time, so that the echoed line does not contain them.
    type_line(page, "import time; print('be' + 'fore', end=''); time.sleep(3); print(' af' + 'ter')")
    text = wait_for_terminal(page, "\nbefore", timeout_ms=2500)
    assert "after" not in text
    wait_for_terminal(page, "\nbefore after")
