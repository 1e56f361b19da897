/*
 * pythons.js: run the WebAssembly MicroPython in a web page.
 *
 * A plain script (no bundler, no modules). It defines two globals:
 *
 *   const mp = await loadMicroPython({
 *     url: "build/default/",     // folder of micropython.js/.wasm/.data
 *                                //   (default: the folder this script came from)
 *     heapSize: 16 * 1024 * 1024, // MicroPython heap in bytes (this default)
 *     stdout(text) {},           // decoded program output, in chunks (lines
 *     stderr(text) {},           //   or less); tracebacks arrive on stderr
 *     term_impl(text) {},        // both streams, in order, for a terminal
 *   });                          //   (with neither, stdout goes to console.log)
 *
 *   await mp.runPython(code, {sourceName, argv}) -> status
 *   await mp.runFile(path, {argv})               -> status  (sys.argv defaults
 *                                   to [path]; sys.path[0] is the file's folder)
 *   mp.FS              emscripten's file system (assets are under /assets)
 *   mp.interrupt()     KeyboardInterrupt in running code (asyncify builds only:
 *                      a build without it keeps the page busy until it ends)
 *   mp.sendInput(text) keys for the REPL and for input() (Ctrl-C included)
 *   mp.closeInput()    end of input: input() raises EOFError from then on
 *   await mp.startRepl({onExit(status) {}})   the interactive prompt, fed by
 *                      sendInput; onExit runs when it ends (Ctrl-D, sys.exit)
 *   mp.attachTerminal(xterm)   an xterm.js Terminal's keys -> sendInput; input()
 *                      then edits and echoes its line (setStdinTerminal(true))
 *   mp.setStdinTerminal(bool)  whether sendInput's keys come from a person (line
 *                      editing and echo in input()) or are a stream (the default)
 *   mp.isAsync         true for asyncify builds (time.sleep and input() wait
 *                      without freezing the page)
 *
 *   Status: 0 ok; 1 uncaught exception (its traceback was written to
 *   stderr); n for sys.exit(n); SystemExit also sets MicroPython.SYSTEM_EXIT
 *   (0x100), so `status & 0xff` is the exit status.
 *
 *   Calls are queued: each waits for the previous one to end, so they may be
 *   made without awaiting. Only interrupt() and sendInput() act at once.
 *
 *   await runMicroPythonPage({terminal, status, notice, url, heapSize})
 *     What index.html does: an xterm.js terminal in the element `terminal`
 *     (default #terminal), then runs, in this order,
 *       1. <script type="text/µpython"> (or text/micropython) tags, inline or
 *          with src=, in document order;
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

  const SYSTEM_EXIT = 0x100;
  const DEFAULT_HEAP_SIZE = 16 * 1024 * 1024;
  // -1: the variant's C stack budget for Python recursion in browsers (MPW_BROWSER_STACK_LIMIT),
  // sized so that runaway recursion is a RuntimeError before the engine's ~1 MB stack runs out.
  const STACK_LIMIT = -1;
  const CTRL_C = 3;
  const PYTHON_SCRIPT_TYPES = ["text/\u00b5python", "text/\u03bcpython", "text/micropython"];
  const CROSS_ORIGIN_META = "micropython-allow-cross-origin";
  // Where a fetched script is written inside the runtime's file system.
  const WEB_ROOT = "/www";

  // Captured now: document.currentScript is only set while this file runs.
  const THIS_SCRIPT = global.document && global.document.currentScript;
  const DEFAULT_BASE_URL = THIS_SCRIPT && THIS_SCRIPT.src ? new URL(".", THIS_SCRIPT.src).href : "./";

  /* ---- loading ----------------------------------------------------------------------- */

  const scriptLoads = new Map();

  function loadClassicScript(src) {
    if (!scriptLoads.has(src)) {
      scriptLoads.set(src, new Promise((resolve, reject) => {
        const tag = document.createElement("script");
        tag.src = src;
        tag.onload = () => resolve();
        tag.onerror = () => reject(new Error(`could not load ${src}`));
        document.head.appendChild(tag);
      }));
    }
    return scriptLoads.get(src);
  }

  function folderUrl(url) {
    const absolute = new URL(url || DEFAULT_BASE_URL, global.location.href);
    // A link to micropython.js itself names its folder.
    if (absolute.pathname.endsWith(".js")) return new URL(".", absolute).href;
    if (!absolute.pathname.endsWith("/")) absolute.pathname += "/";
    return absolute.href;
  }

  /* ---- output: per-byte callbacks -> decoded text, in order ----------------------------- */

  function makeOutput(sinks) {
    const fallback = !sinks.stdout && !sinks.term_impl ? (text) => console.log(text) : null;
    const streams = {
      stdout: { sink: sinks.stdout || fallback, bytes: [], decoder: new TextDecoder() },
      stderr: { sink: sinks.stderr || (fallback && ((text) => console.error(text))), bytes: [], decoder: new TextDecoder() },
    };
    let flushQueued = false;

    function flush(stream) {
      if (!stream.bytes.length) return;
      // stream: true keeps a multi-byte character cut by a flush for the next one.
      const text = stream.decoder.decode(new Uint8Array(stream.bytes), { stream: true });
      stream.bytes = [];
      if (!text) return;
      if (stream.sink) stream.sink(text);
      if (sinks.term_impl) sinks.term_impl(text);
    }

    function flushAll() {
      flush(streams.stdout);
      flush(streams.stderr);
    }

    function writer(name, otherName) {
      const stream = streams[name];
      const other = streams[otherName];
      return (byte) => {
        if (byte === null || byte === undefined) {
          flush(stream);
          return;
        }
        // A traceback must not overtake the half line printed before it.
        if (other.bytes.length) flush(other);
        stream.bytes.push(byte & 0xff);
        if (byte === 10 || stream.bytes.length >= 4096) {
          flush(stream);
        } else if (!flushQueued) {
          // A prompt without a newline shows as soon as Python lets JS run.
          flushQueued = true;
          Promise.resolve().then(() => { flushQueued = false; flushAll(); });
        }
      };
    }

    return { stdout: writer("stdout", "stderr"), stderr: writer("stderr", "stdout"), flushAll };
  }

  /* ---- input: keys for input() and the REPL -------------------------------------------- */

  class KeyQueue {
    constructor() {
      this.keys = [];
      this.waiting = null;
      this.closed = false;
    }

    push(byte) {
      if (this.waiting) {
        const resolve = this.waiting;
        this.waiting = null;
        resolve(byte);
      } else {
        this.keys.push(byte);
      }
    }

    // For asyncify builds: a Promise of the next key, -1 at end of input.
    next() {
      if (this.keys.length) return Promise.resolve(this.keys.shift());
      if (this.closed) return Promise.resolve(-1);
      return new Promise((resolve) => { this.waiting = resolve; });
    }

    // For other builds: a key typed ahead, else null, which emscripten takes as end of input.
    nextNow() {
      return this.keys.length ? this.keys.shift() : null;
    }

    close() {
      this.closed = true;
      if (this.waiting) this.push(-1);
    }
  }

  /* ---- the runtime --------------------------------------------------------------------- */

  class MicroPython {
    constructor(Module, output, input) {
      this.Module = Module;
      this.FS = Module.FS;
      this.isAsync = Boolean(Module.mpwAsync);
      this._output = output;
      this._input = input;
      this._queue = Promise.resolve();
      this._running = false;
      this._repl = null;
      this._replPumping = false;
    }

    // One C call at a time: a second call while an asyncify call is suspended
    // would corrupt its saved stack. Strings go through malloc rather than
    // ccall's "string" type, which copies them onto the C stack and would eat
    // into MicroPython's stack budget for a long program.
    _call(name, argTypes, args) {
      const run = async () => {
        const Module = this.Module;
        const allocated = [];
        const values = args.map((value, i) => {
          if (argTypes[i] !== "string") return value;
          if (value === null || value === undefined) return 0;
          const size = Module.lengthBytesUTF8(value) + 1;
          const pointer = Module._malloc(size);
          Module.stringToUTF8(value, pointer, size);
          allocated.push(pointer);
          return pointer;
        });
        const types = argTypes.map(() => "number");
        this._running = true;
        try {
          return await Module.ccall(name, "number", types, values, this.isAsync ? { async: true } : undefined);
        } finally {
          this._running = false;
          // A Ctrl-C that came as the program was ending must not hit the next one.
          Module.mpwInterruptPending = false;
          for (const pointer of allocated) Module._free(pointer);
          this._output.flushAll();
        }
      };
      const result = this._queue.then(run);
      this._queue = result.catch(() => {});
      return result;
    }

    async _setArgv(argv) {
      await this._call("mp_js_argv_clear", [], []);
      for (const arg of argv) await this._call("mp_js_argv_append", ["string"], [String(arg)]);
    }

    async runPython(code, { sourceName = "<string>", argv } = {}) {
      if (argv) await this._setArgv(argv);
      return this._call("mp_js_exec_str", ["string", "string"], [String(code), sourceName]);
    }

    async runFile(path, { argv } = {}) {
      const slash = path.lastIndexOf("/");
      const folder = slash < 0 ? "" : slash === 0 ? "/" : path.slice(0, slash);
      await this._setArgv(argv || [path]);
      await this._call("mp_js_path_set", ["string", "string"], [folder, null]);
      return this._call("mp_js_exec_file", ["string"], [path]);
    }

    interrupt() {
      // Only for *running* code: when idle it would hit the next, innocent,
      // program instead. A flag rather than a call into the runtime, which is
      // suspended mid-call; asyncify builds take it when the code next yields.
      if (this._running) this.Module.mpwInterruptPending = true;
    }

    sendInput(text) {
      const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
      for (const byte of bytes) {
        // Ctrl-C stops running code, unless that code is reading keys: then
        // it is a key like the others and input() raises KeyboardInterrupt.
        if (byte === CTRL_C && this._running && this.isAsync && !this._input.waiting) {
          this.interrupt();
          continue;
        }
        this._input.push(byte);
      }
      this._pumpRepl();
    }

    closeInput() {
      this._input.close();
    }

    // Keys come from a person at a terminal: input() then edits and echoes
    // the line like the REPL does, instead of reading a raw stream.
    setStdinTerminal(isTerminal) {
      if (typeof this.Module._mp_js_set_stdin_terminal !== "function") return Promise.resolve(0);
      return this._call("mp_js_set_stdin_terminal", ["number"], [isTerminal ? 1 : 0]);
    }

    attachTerminal(terminal) {
      this.setStdinTerminal(true);
      return terminal.onData((data) => this.sendInput(data));
    }

    async startRepl({ onExit } = {}) {
      this._repl = { onExit };
      await this._call("mp_js_repl_init", [], []);
      this._pumpRepl();
    }

    // Feed typed keys to the REPL one by one, each after the previous call
    // ended; keys typed while a line runs wait here unless input() takes them.
    _pumpRepl() {
      if (!this._repl || this._replPumping) return;
      this._replPumping = true;
      (async () => {
        while (this._repl && this._input.keys.length) {
          const status = await this._call("mp_js_repl_process_char", ["number"], [this._input.keys.shift()]);
          if (status & SYSTEM_EXIT) {
            const { onExit } = this._repl;
            this._repl = null;
            if (onExit) await onExit(status & 0xff);
          }
        }
      })().catch((error) => {
        console.error(error);
      }).finally(() => {
        this._replPumping = false;
        if (this._repl && this._input.keys.length) this._pumpRepl();
      });
    }
  }
  MicroPython.SYSTEM_EXIT = SYSTEM_EXIT;

  async function loadMicroPython(options = {}) {
    const base = folderUrl(options.url);
    const output = makeOutput(options);
    const input = new KeyQueue();
    if (typeof global.createMicroPythonModule !== "function") {
      await loadClassicScript(base + "micropython.js");
    }
    let Module;
    try {
      Module = await global.createMicroPythonModule({
        locateFile: (name) => base + name,
        noInitialRun: true,
        stdin: () => input.nextNow(),
        stdout: output.stdout,
        stderr: output.stderr,
        // emscripten's own messages (an abort, say).
        print: (text) => console.log(text),
        printErr: (text) => console.warn(text),
        // Called by asyncify builds when Python reads a key.
        mpwReadChar: () => {
          output.flushAll();
          return input.next();
        },
      });
    } catch (error) {
      throw new Error(`could not start MicroPython from ${base}: ${error && error.message || error}`);
    }
    const mp = new MicroPython(Module, output, input);
    await mp._call("mp_js_init", ["number", "number"], [options.heapSize || DEFAULT_HEAP_SIZE, STACK_LIMIT]);
    return mp;
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
      mp = await loadMicroPython({ url: options.url, heapSize: options.heapSize, stdout: write, stderr: writeError });
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
      await mp.runPython(script.code, { sourceName: script.name, argv: [script.name] });
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

  global.MicroPython = MicroPython;
  global.loadMicroPython = loadMicroPython;
  global.runMicroPythonPage = runMicroPythonPage;
})(typeof window !== "undefined" ? window : globalThis);
