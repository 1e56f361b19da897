/*
 * pythons.js: MicroPython on a web page without a bundler or modules (a plain script).
 *
 * It loads micropython.mjs (the ES module beside it, whose API README's "JavaScript API"
 * describes) with import(), and defines two globals:
 *
 *   const mp = await loadMicroPython(options)
 *     micropython.mjs's loadMicroPython: upstream's options (url, stdin, stdout,
 *     stderr, linebuffer, heapsize, pystack) and ours (chunks); url defaults to
 *     this script's folder, and may name that folder ("build/default/") or a
 *     file in it (micropython.wasm, micropython.mjs).
 *
 *   await runMicroPythonPage({terminal, status, notice, url, heapsize})
 *     What index.html does: an xterm.js terminal in the element `terminal`
 *     (default #terminal), then runs, in this order,
 *       1. <script type="text/µpython"> (or text/micropython) tags, inline or
 *          with src=, in document order; a tag may await at top level, and the
 *          next one starts when it has finished;
 *       2. the script named by the page address, `page.html?dir/script.py a b`,
 *          with sys.argv == ["dir/script.py", "a", "b"]: only from the page's
 *          own site unless the page has
 *          <meta name="micropython-allow-cross-origin" content="true">; only
 *          http(s) addresses; a refusal is shown in the element `notice`;
 *       3. the REPL.
 *     The <body> carries data-micropython="loading|running|ready|failed".
 *
 * In a build without asyncify, input() can only read keys typed ahead of it
 * (it gets end of input otherwise): the page cannot take keys while Python runs.
 */
(function (global) {
  "use strict";

  const PAGE_HEAP_SIZE = 16 * 1024 * 1024;
  const PYTHON_SCRIPT_TYPES = ["text/\u00b5python", "text/\u03bcpython", "text/micropython"];
  const CROSS_ORIGIN_META = "micropython-allow-cross-origin";
  // Where a fetched script is written inside the runtime's file system.
  const WEB_ROOT = "/www";

  // Captured now: document.currentScript is only set while this file runs.
  const THIS_SCRIPT = global.document && global.document.currentScript;
  const DEFAULT_BASE_URL = THIS_SCRIPT && THIS_SCRIPT.src ? new URL(".", THIS_SCRIPT.src).href : "./";

  /* ---- loading: micropython.mjs, from the folder named by `url` ------------------------ */

  function folderUrl(url) {
    const absolute = new URL(url || DEFAULT_BASE_URL, global.location.href);
    // A link to a file of the build (micropython.wasm, .mjs, .js) names its folder.
    if (/\.[a-z]+$/i.test(absolute.pathname)) return new URL(".", absolute).href;
    if (!absolute.pathname.endsWith("/")) absolute.pathname += "/";
    return absolute.href;
  }

  const moduleLoads = new Map();

  async function loadMicroPython(options = {}) {
    const folder = folderUrl(options.url);
    if (!moduleLoads.has(folder)) moduleLoads.set(folder, import(folder + "micropython.mjs"));
    let module;
    try {
      module = await moduleLoads.get(folder);
    } catch (error) {
      moduleLoads.delete(folder);
      throw new Error(`could not load ${folder}micropython.mjs: ${error && error.message || error}`);
    }
    return module.loadMicroPython({ ...options, url: folder + "micropython.wasm" });
  }

  /* ---- the page runner ----------------------------------------------------------------- */

  function element(which, fallbackSelector) {
    if (which instanceof Element) return which;
    return document.querySelector(which || fallbackSelector);
  }

  // Inline scripts are usually indented to match the page.
  function dedent(text) {
    const lines = text.replace(/\r\n?/g, "\n").split("\n");
    while (lines.length && !lines[0].trim()) lines.shift();
    while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
    const indents = lines.filter((line) => line.trim()).map((line) => line.match(/^[ \t]*/)[0].length);
    const common = indents.length ? Math.min(...indents) : 0;
    return lines.map((line) => line.slice(Math.min(common, line.match(/^[ \t]*/)[0].length))).join("\n") + "\n";
  }

  function pythonScriptTags(root) {
    return Array.from(root.querySelectorAll("script[type]"))
      .filter((tag) => PYTHON_SCRIPT_TYPES.includes(tag.type.trim().toLowerCase()));
  }

  async function fetchText(url, init) {
    let response;
    try {
      response = await fetch(url, { cache: "no-store", ...init });
    } catch (error) {
      throw new Error(`could not fetch ${url}: ${error.message}`);
    }
    if (!response.ok) throw new Error(`could not fetch ${url}: HTTP ${response.status}`);
    return response.text();
  }

  class Refusal extends Error {}

  // `page.html?dir/script.py a b`: "+" and %20 both separate arguments.
  function commandFromQuery(search) {
    const query = search.replace(/^\?/, "");
    if (!query) return null;
    let text;
    try {
      text = decodeURIComponent(query.replace(/\+/g, " "));
    } catch (error) {
      throw new Refusal("The script named in the page address is not properly percent-encoded.");
    }
    const words = text.trim().split(/\s+/).filter(Boolean);
    return words.length ? { path: words[0], args: words.slice(1) } : null;
  }

  // Where the script may come from, and where it goes in the file system.
  function locateScript(path, pageUrl, allowCrossOrigin) {
    let url;
    try {
      url = new URL(path, pageUrl);
    } catch (error) {
      throw new Refusal(`Refused to run "${path}": it is not a valid address.`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new Refusal(`Refused to run "${path}": only scripts fetched over http or https are run.`);
    }
    const sameOrigin = url.origin === new URL(pageUrl).origin;
    if (!sameOrigin && !allowCrossOrigin) {
      throw new Refusal(`Refused to run ${url.href}: cross-origin scripts (from ${url.origin}) are not allowed ` +
        `on this page. Its author can allow them with <meta name="${CROSS_ORIGIN_META}" content="true">.`);
    }
    let pathname;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch (error) {
      pathname = url.pathname;
    }
    const fsPath = WEB_ROOT + (sameOrigin ? "" : "/" + url.host) + pathname;
    return { url, sameOrigin, fsPath };
  }

  function pageAllowsCrossOrigin() {
    const meta = document.querySelector(`meta[name="${CROSS_ORIGIN_META}"]`);
    return Boolean(meta) && meta.content.trim().toLowerCase() === "true";
  }

  function makeTerminal(container) {
    if (typeof global.Terminal !== "function") return null;
    const terminal = new global.Terminal({
      convertEol: true,  // MicroPython prints bare "\n"
      cursorBlink: true,
      scrollback: 5000,
      cols: Number(container.dataset.cols) || 90,
      rows: Number(container.dataset.rows) || 28,
      fontFamily: "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace",
      fontSize: 14,
      // A lighter red than xterm's default: tracebacks must stay readable on the dark background.
      theme: { background: "#1b1d23", foreground: "#e6e6e6", cursor: "#f0c674", red: "#ff6e6e" },
    });
    terminal.open(container);
    return terminal;
  }

  // A plain-text stand-in when xterm.js is missing: output stays visible, no REPL.
  function makePlainSink(container) {
    const pre = document.createElement("pre");
    pre.className = "micropython-plain-output";
    container.appendChild(pre);
    return (text) => { pre.textContent += text; };
  }

  async function runMicroPythonPage(options = {}) {
    if (document.readyState === "loading") {
      await new Promise((resolve) => document.addEventListener("DOMContentLoaded", resolve, { once: true }));
    }
    const body = document.body;
    const statusLine = element(options.status, "#status");
    const notice = element(options.notice, "#notice");
    const container = element(options.terminal, "#terminal");
    const setState = (state, message) => {
      body.dataset.micropython = state;
      if (statusLine && message) statusLine.textContent = message;
    };
    const showNotice = (message) => {
      if (!notice) return;
      notice.textContent = message;  // never HTML: the message quotes the page address
      notice.hidden = false;
    };

    setState("loading", "Loading MicroPython\u2026");
    const terminal = container ? makeTerminal(container) : null;
    const write = terminal ? (text) => terminal.write(text)
      : container ? makePlainSink(container) : (text) => console.log(text);
    // Tracebacks and the page's own error messages in red.
    const writeError = terminal ? (text) => write(`\x1b[31m${text}\x1b[0m`) : write;
    const stderrNote = (text) => writeError(`${text}\n`);

    let mp;
    try {
      mp = await loadMicroPython({ url: options.url, heapsize: options.heapsize || PAGE_HEAP_SIZE, chunks: true,
                                   stdout: write, stderr: writeError });
    } catch (error) {
      setState("failed", `Could not start MicroPython: ${error.message}`);
      showNotice(`Could not start MicroPython: ${error.message}`);
      throw error;
    }
    global.micropythonPage = { mp, terminal };
    if (terminal) mp.attachTerminal(terminal);

    // Fetched together, run one after another in document order.
    setState("running", "Running page scripts\u2026");
    const tags = pythonScriptTags(document);
    // A failed fetch is settled at once (not left rejected until its turn,
    // which the browser would report as an unhandled rejection).
    const sources = tags.map((tag) => tag.hasAttribute("src")
      ? fetchText(tag.src).then((code) => ({ code, name: tag.getAttribute("src") }), (error) => ({ error }))
      : Promise.resolve({ code: dedent(tag.textContent), name: "<script>" }));
    for (const source of sources) {
      const script = await source;
      if (script.error) {
        stderrNote(script.error.message);
        continue;
      }
      // Each tag ends, its top-level awaits included, before the next starts.
      await mp.runScript(script.code, { sourceName: script.name, argv: [script.name], allowAwait: true });
    }

    let command = null;
    try {
      command = commandFromQuery(global.location.search);
      if (command) {
        const allowCrossOrigin = options.allowCrossOrigin ?? pageAllowsCrossOrigin();
        const where = locateScript(command.path, global.location.href, allowCrossOrigin);
        setState("running", `Running ${command.path}\u2026`);
        const code = await fetchText(where.url.href, { credentials: where.sameOrigin ? "same-origin" : "omit" });
        mp.FS.mkdirTree(where.fsPath.slice(0, where.fsPath.lastIndexOf("/")) || "/");
        mp.FS.writeFile(where.fsPath, code);
        const status = await mp.runFile(where.fsPath, { argv: [command.path, ...command.args] });
        if (status & 0xff) write(`\x1b[2m[${command.path} exited with status ${status & 0xff}]\x1b[0m\n`);
      }
    } catch (error) {
      showNotice(error.message);
      stderrNote(error.message);
    }

    if (terminal) {
      const restart = async (status) => {
        write(`\x1b[2m[the REPL ended with status ${status}; starting a new one]\x1b[0m\n`);
        await mp.startRepl({ onExit: restart });
      };
      await mp.startRepl({ onExit: restart });
      terminal.focus();
      setState("ready", "Ready: type Python at the prompt below.");
    } else {
      setState("ready", "Ready (the terminal did not load, so there is no REPL).");
    }
    return mp;
  }

  global.loadMicroPython = loadMicroPython;
  global.runMicroPythonPage = runMicroPythonPage;
})(typeof window !== "undefined" ? window : globalThis);
