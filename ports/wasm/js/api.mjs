// The JavaScript API of micropython.mjs: loadMicroPython() and the runtime object it resolves to.
// README, "JavaScript API", is the reference; this file says how.
//
// The build appends this file to emcc's output (mpbuild/js_module.py), which declares
// createMicroPythonModule (the emscripten factory) and MPW_IS_NODE; `require` exists under node.
// Members that run or convert Python (runPython, runPythonAsync, globals, pyimport,
// registerJsModule, PyProxy) belong to the interop layer, Module.mpjs (ports/wasm/emscripten/),
// which the C side sets up in mp_js_init; everything else (loading, streams, input, the REPL,
// our additions) is here.

// upstream v1.27's defaults: heapsize in bytes. pystack (words, as upstream) has none here: left
// out, a build with a Python stack keeps its own size (README, "Python <-> JavaScript").
const MPW_DEFAULTS = { heapsize: 1024 * 1024, linebuffer: true };
// mp_js_init's stack_limit -1: the variant's C stack budget for engines with a ~1 MB stack
// (browsers, and node without --stack-size, as `node test.mjs` runs).
const MPW_ENGINE_STACK_LIMIT = -1;
const MPW_SYSTEM_EXIT = 0x100;
// runScript's allowAwait (core/runtime.h): the code waits in __main__ as a coroutine.
const MPW_AWAITING = 0x200;
const MPW_AWAITING_NAME = "__mpw_awaiting__";
const MPW_CTRL_C = 3;
// mp_js_init's limit on nested limited runs (emscripten/run_limits.c).
const MPW_RUN_LIMITS_DEPTH = 32;

// What reset() runs first (optional_modules/_mpjs_asyncio.py: JS timers step the tasks).
const MPW_DROP_ASYNCIO_TASKS = "__import__('sys').modules.get('_mpjs_asyncio') and __import__('sys').modules['_mpjs_asyncio'].drop_all()\nNone";
// What interrupt() runs when no Python runs: pending runPythonAsync calls end with KeyboardInterrupt.
const MPW_INTERRUPT_ASYNCIO = "bool(__import__('sys').modules.get('_mpjs_asyncio') and __import__('sys').modules['_mpjs_asyncio'].interrupt())";

// runPython's quotas ({timeoutMs, maxSteps}) as run_limits.c takes them: > 0, or -1 for none.
function mpwQuota(limits, name, integer) {
  const value = limits[name];
  if (value === undefined || value === null || value === Infinity) return -1;
  if (typeof value !== "number" || !(value > 0) || (integer && !Number.isInteger(value))) {
    throw new RangeError(`${name} must be a ${integer ? "whole " : ""}number > 0 (leave it out, or pass Infinity, `
      + `for no limit); got ${String(value)}`);
  }
  return value;
}

// An Int32Array over a SharedArrayBuffer (Pyodide's setInterruptBuffer shape), or null.
function mpwCheckInterruptBuffer(buffer) {
  if (buffer === null || buffer === undefined) return null;
  if (!(buffer instanceof Int32Array) || typeof SharedArrayBuffer !== "function"
      || !(buffer.buffer instanceof SharedArrayBuffer)) {
    throw new TypeError("interruptBuffer must be an Int32Array over a SharedArrayBuffer "
      + "(pages need cross-origin isolation for SharedArrayBuffer)");
  }
  return buffer;
}

// Where emscripten finds micropython.wasm and micropython.data. `url` names the .wasm (as
// PyScript passes it), the .mjs, or a folder ending in "/": the files sit side by side.
// Default: this module's own address. (Always given: emcc's .data loader would otherwise
// take the bare name, relative to the page or node's working folder.)
function mpwLocator(url) {
  const text = String(url || import.meta.url);
  const hasScheme = /^[a-z][a-z0-9+.-]*:/i.test(text);
  if (MPW_IS_NODE && (!hasScheme || text.startsWith("file:"))) {
    // Node reads the files with fs: a path, never a URL.
    const path = require("path");
    const file = text.startsWith("file:") ? require("url").fileURLToPath(text) : path.resolve(text);
    const folder = text.endsWith("/") ? file : path.dirname(file);
    return (name) => path.join(folder, name);
  }
  const base = typeof location === "object" && location ? location.href : undefined;
  const absolute = new URL(text, base);
  return (name) => new URL(name, absolute).href;
}

// One stream's per-byte callback, in upstream's shapes: whole lines without their "\n"
// (linebuffer), or each byte as a Uint8Array.
function mpwByteSink(write, linebuffer) {
  if (!linebuffer) return (byte) => { if (byte != null) write(new Uint8Array([byte & 0xff])); };
  const decoder = new TextDecoder();
  let line = [];
  return (byte) => {
    if (byte == null) return;
    if (byte === 10) {
      const bytes = new Uint8Array(line);
      line = [];
      write(decoder.decode(bytes));
    } else {
      line.push(byte & 0xff);
    }
  };
}

// Our `chunks: true` option (pythons.js's page): decoded text in chunks (a line or less, or a
// prompt as soon as JS runs), both streams kept in order: a traceback never overtakes the
// half line printed before it.
function mpwChunkedOutput(sinks) {
  const streams = {
    stdout: { sink: sinks.stdout, bytes: [], decoder: new TextDecoder() },
    stderr: { sink: sinks.stderr, bytes: [], decoder: new TextDecoder() },
  };
  let flushQueued = false;
  const flush = (stream) => {
    if (!stream.bytes.length) return;
    // stream: true keeps a multi-byte character cut by a flush for the next one.
    const text = stream.decoder.decode(new Uint8Array(stream.bytes), { stream: true });
    stream.bytes = [];
    if (text && stream.sink) stream.sink(text);
  };
  const flushAll = () => { flush(streams.stdout); flush(streams.stderr); };
  const writer = (stream, other) => (byte) => {
    if (byte == null) { flush(stream); return; }
    if (other.bytes.length) flush(other);
    stream.bytes.push(byte & 0xff);
    if (byte === 10 || stream.bytes.length >= 4096) {
      flush(stream);
    } else if (!flushQueued) {
      flushQueued = true;
      Promise.resolve().then(() => { flushQueued = false; flushAll(); });
    }
  };
  return { stdout: writer(streams.stdout, streams.stderr), stderr: writer(streams.stderr, streams.stdout), flushAll };
}

// Keys for input() and the REPL (our sendInput), when the embedder gives no stdin.
class MpwKeyQueue {
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
  // Asyncify builds wait for a key: a Promise of it, -1 at end of input.
  next() {
    if (this.keys.length) return Promise.resolve(this.keys.shift());
    if (this.closed) return Promise.resolve(-1);
    return new Promise((resolve) => { this.waiting = resolve; });
  }
  // Other builds take a key typed ahead, else null (emscripten's end of input).
  nextNow() {
    return this.keys.length ? this.keys.shift() : null;
  }
  close() {
    this.closed = true;
    if (this.waiting) this.push(-1);
  }
}

// The interop layer, Module.mpjs (emscripten/mpjs_*.c and library_mpjs_*.js build it anew at every
// mp_js_init, so it is read at each call).
function mpwInterop(Module) {
  if (!Module.mpjs) throw new Error("MicroPython is not running: a restart failed or is in progress");
  return Module.mpjs;
}
// What loadMicroPython resolves to: upstream's members, then ours.
class MicroPythonRuntime {
  constructor(Module, input, flush) {
    this._module = Module;
    this.FS = Module.FS;
    this.isAsync = Boolean(Module.mpwAsync);
    this._input = input;
    this._flush = flush;
    this._queue = Promise.resolve();
    this._running = false;
    this._repl = null;
    this._replPumping = false;
    this._generation = 0;
    this._heapsize = 0;
    this._pystack = 0;
  }

  /* ---- upstream's API ---- */

  // Ours: `limits` = {timeoutMs, maxSteps} (README, "Run quotas").
  runPython(code, limits) {
    const interop = mpwInterop(this._module);
    return this._limited(limits, () => interop.runPython(code));
  }
  runPythonAsync(code, limits) {
    const interop = mpwInterop(this._module);
    try {
      return this._limited(limits, () => interop.runPythonAsync(code));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  get globals() { return mpwInterop(this._module).globals; }
  get PyProxy() { return mpwInterop(this._module).PyProxy; }
  pyimport(name) { return mpwInterop(this._module).pyimport(name); }
  registerJsModule(name, module) { return mpwInterop(this._module).registerJsModule(name, module); }

  // Upstream's banner ("... on <date>; webassembly with wasm32", 'Type "help()" ...'); our
  // startRepl prints the command line's.
  replInit() {
    this._callNow("mp_js_repl_init_upstream_banner", [], []);
  }

  // Non-zero when the REPL is done (Ctrl-D at an empty prompt, or SystemExit).
  replProcessChar(chr) {
    // jspi builds: the unwrapped, synchronous export (it cannot suspend; see mpwSyncExports in jspi_pre.js).
    const sync = this._module.mpwSyncExports;
    if (sync) return sync.mp_js_repl_process_char(chr);
    return this._module.ccall("mp_js_repl_process_char", "number", ["number"], [chr]);
  }

  replProcessCharWithAsyncify(chr) {
    return Promise.resolve(this._module.ccall("mp_js_repl_process_char", "number", ["number"], [chr],
      this.isAsync ? { async: true } : undefined));
  }

  /* ---- our additions ---- */

  // Pyodide's shape: the VM reads buffer[0] while Python runs; 2 raises KeyboardInterrupt
  // (and is reset to 0). null removes it.
  setInterruptBuffer(buffer) {
    this._module.mpwInterruptBuffer = mpwCheckInterruptBuffer(buffer);
    this._module._mp_js_set_interrupt_buffer(this._module.mpwInterruptBuffer ? 1 : 0);
  }

  // A fresh interpreter (new heap, globals, sys.modules) in the same module: FS and the
  // interrupt buffer stay; PyProxies and registerJsModule modules of before are gone.
  reset() {
    const Module = this._module;
    if (Module._mp_js_run_depth() !== 0) {
      throw new Error("reset() cannot run while Python runs (a JS callback, or a suspended run): call it when the run is over");
    }
    // asyncio's next step is a JS timer into this interpreter: with no task left, none is set
    // again, and the one set is cleared (its callback would fire into the next interpreter).
    mpwInterop(Module).runPython(MPW_DROP_ASYNCIO_TASKS);
    this._generation += 1;
    Module._mp_js_run_limits_reset();
    Module.ccall("mp_js_init", null, ["number", "number", "number"], [this._heapsize, MPW_ENGINE_STACK_LIMIT, this._pystack]);
    this._callNow("mp_js_path_set", ["string", "string"], [null, "/lib"]);
  }

  // Runs `run` with the quotas of `limits` in force; a Promise's run keeps them until it settles.
  _limited(limits, run) {
    if (limits === undefined || limits === null) return run();
    const timeoutMs = mpwQuota(limits, "timeoutMs", false);
    const maxSteps = mpwQuota(limits, "maxSteps", true);
    if (timeoutMs < 0 && maxSteps < 0) return run();
    const Module = this._module;
    if (Module._mp_js_run_limits_enter(timeoutMs, maxSteps) !== 0) {
      throw new RangeError(`limited runs nest at most ${MPW_RUN_LIMITS_DEPTH} deep`);
    }
    const generation = this._generation;
    const exit = () => { if (this._generation === generation) Module._mp_js_run_limits_exit(); };
    let result;
    try {
      result = run();
    } catch (error) {
      exit();
      throw error;
    }
    if (result && typeof result.then === "function") return Promise.resolve(result).finally(exit);
    exit();
    return result;
  }

  // Run a program as the command line does; a Promise of its status: 0 ok, 1 uncaught
  // exception (the traceback went to stderr), n | 0x100 for sys.exit(n). allowAwait: the code
  // may await at top level (a page's script tags); the Promise then settles when it is done.
  runScript(code, { sourceName = "<string>", argv, allowAwait = false } = {}) {
    return this._serialised(async () => {
      if (argv) this._setArgv(argv);
      const entry = allowAwait ? "mp_js_exec_str_allowing_await" : "mp_js_exec_str";
      const status = await this._callAsync(entry, ["string", "string"], [String(code), sourceName]);
      return status & MPW_AWAITING ? this._awaitTopLevel() : status;
    });
  }

  // Run a file of FS with sys.argv (default [path]) and sys.path[0] its folder.
  runFile(path, { argv } = {}) {
    return this._serialised(() => {
      const slash = path.lastIndexOf("/");
      const folder = slash < 0 ? "" : slash === 0 ? "/" : path.slice(0, slash);
      this._setArgv(argv || [path]);
      this._callNow("mp_js_path_set", ["string", "string"], [folder, null]);
      return this._callAsync("mp_js_exec_file", ["string"], [path]);
    });
  }

  // Whether something was interrupted.
  interrupt() {
    // Only running code: when idle it would hit the next, innocent, program. A flag, not a
    // call: the runtime is suspended mid-call; asyncify builds take it when code next yields.
    if (this._running) {
      this._module.mpwInterruptPending = true;
      return true;
    }
    // No Python runs: runPythonAsync code waiting at an await ends with KeyboardInterrupt.
    if (this._module._mp_js_run_depth() !== 0 || !this._module.mpjs) return false;
    return mpwInterop(this._module).runPython(MPW_INTERRUPT_ASYNCIO);
  }

  sendInput(text) {
    const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
    for (const byte of bytes) {
      // Ctrl-C stops running code, unless that code reads keys: then input() gets it.
      if (byte === MPW_CTRL_C && this._running && this.isAsync && !this._input.waiting) {
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

  // Whether sendInput's keys come from a person (input() edits and echoes its line) or a stream.
  setStdinTerminal(isTerminal) {
    return this._serialised(() => this._callNow("mp_js_set_stdin_terminal", ["number"], [isTerminal ? 1 : 0]));
  }

  attachTerminal(terminal) {
    this.setStdinTerminal(true);
    return terminal.onData((data) => this.sendInput(data));
  }

  // The REPL, fed by sendInput; onExit(status) when it ends.
  startRepl({ onExit } = {}) {
    this._repl = { onExit };
    const started = this._serialised(() => this._callNow("mp_js_repl_init", [], []));
    return started.then(() => this._pumpRepl());
  }

  _pumpRepl() {
    if (!this._repl || this._replPumping) return;
    this._replPumping = true;
    (async () => {
      while (this._repl && this._input.keys.length) {
        const key = this._input.keys.shift();
        const status = await this._serialised(() => this._callAsync("mp_js_repl_process_char", ["number"], [key]));
        if (status & MPW_SYSTEM_EXIT) {
          const { onExit } = this._repl;
          this._repl = null;
          if (onExit) await onExit(status & 0xff);
        }
      }
    })().catch((error) => console.error(error)).finally(() => {
      this._replPumping = false;
      if (this._repl && this._input.keys.length) this._pumpRepl();
    });
  }

  // Code that awaits at top level was compiled into a coroutine and left in __main__
  // (core/runtime.h): it runs as an asyncio task where the build has asyncio, else the
  // interop layer drives it, as runPythonAsync's code. Errors are reported as runScript's.
  async _awaitTopLevel() {
    const mpjs = mpwInterop(this._module);
    try {
      mpjs.pyimport("_mpjs_asyncio");
    } catch (error) {
      if (error.type !== "ImportError") throw error;
    }
    const coroutine = mpjs.globals.get(MPW_AWAITING_NAME);
    mpjs.globals.delete(MPW_AWAITING_NAME);
    try {
      await coroutine;
      return 0;
    } catch (error) {
      if (!(error instanceof mpjs.PythonError)) {
        // A rejected JS promise the code did not catch: its error, as JS prints it.
        this._writeStderr(`Uncaught ${String(error)}\n`);
        return 1;
      }
      if (error.type !== "SystemExit") {
        this._writeStderr(error.message);
        return 1;
      }
      // As the command line: SystemExit(n), SystemExit() / None, else its text and 1.
      const code = error.pythonMessage;
      if (!code || code === "None") return MPW_SYSTEM_EXIT;
      if (/^-?\d+$/.test(code)) return MPW_SYSTEM_EXIT | (Number(code) & 0xff);
      this._writeStderr(code + "\n");
      return MPW_SYSTEM_EXIT | 1;
    } finally {
      this._flush();
    }
  }

  _writeStderr(text) {
    const sink = this._module.stderr;
    if (!sink) return console.error(text.replace(/\n$/, ""));
    for (const byte of new TextEncoder().encode(text)) sink(byte);
  }

  _setArgv(argv) {
    this._callNow("mp_js_argv_clear", [], []);
    for (const arg of argv) this._callNow("mp_js_argv_append", ["string"], [String(arg)]);
  }

  // One run at a time: a second call while an asyncify call is suspended would corrupt its
  // saved stack. `job` returns a value or a Promise.
  _serialised(job) {
    const result = this._queue.then(job);
    this._queue = result.catch(() => {});
    return result;
  }

  // Strings go through malloc (emscripten/strings_pre.js says why).
  _withStrings(argTypes, args, call) {
    return this._module.mpwWithStrings(argTypes, args, call);
  }

  _callNow(name, argTypes, args) {
    return this._withStrings(argTypes, args, (types, values, release) => {
      try {
        return this._module.ccall(name, "number", types, values);
      } finally {
        release();
        this._flush();
      }
    });
  }

  _callAsync(name, argTypes, args) {
    return this._withStrings(argTypes, args, async (types, values, release) => {
      this._running = true;
      try {
        return await this._module.ccall(name, "number", types, values, this.isAsync ? { async: true } : undefined);
      } finally {
        this._running = false;
        // A Ctrl-C that came as the program was ending must not hit the next one.
        this._module.mpwInterruptPending = false;
        release();
        this._flush();
      }
    });
  }
}
MicroPythonRuntime.SYSTEM_EXIT = MPW_SYSTEM_EXIT;

export async function loadMicroPython(options = {}) {
  // (An option given as undefined takes its default.)
  const given = Object.fromEntries(Object.entries(options || {}).filter(([, value]) => value !== undefined));
  const { pystack, heapsize, url, stdin, stdout, stderr, linebuffer, chunks, interruptBuffer, wasmModule } = { ...MPW_DEFAULTS, ...given };
  if (!Number.isInteger(heapsize) || heapsize < 16 * 1024) {
    throw new TypeError(`loadMicroPython: heapsize must be a whole number of bytes, at least 16384 (got ${heapsize})`);
  }
  if (pystack !== undefined && !(Number.isInteger(pystack) && pystack > 0)) {
    throw new TypeError(`loadMicroPython: pystack must be a whole number of words, above 0 (got ${pystack})`);
  }
  mpwCheckInterruptBuffer(interruptBuffer);
  if (wasmModule !== undefined && !(wasmModule instanceof WebAssembly.Module)) {
    throw new TypeError("loadMicroPython: wasmModule must be a WebAssembly.Module compiled from this build's micropython.wasm");
  }
  const input = new MpwKeyQueue();
  const Module = { noInitialRun: true };
  const locate = mpwLocator(url);
  Module.locateFile = locate;
  // A compiled module given: instantiated, not fetched and compiled again (engines share its code).
  let instantiating = new Promise(() => {});
  if (wasmModule) {
    instantiating = new Promise((resolve, reject) => {
      Module.instantiateWasm = (imports, receiveInstance) => {
        WebAssembly.instantiate(wasmModule, imports).then((instance) => receiveInstance(instance, wasmModule), reject);
        return {};
      };
    });
  } else if (MPW_IS_NODE) {
    // emcc 3.1.6 would fetch() a path under node 18+: hand it the bytes instead.
    const wasmName = "micropython.wasm";
    Module.wasmBinary = require("fs").readFileSync(locate(wasmName));
  }
  let flush = () => {};
  if (chunks) {
    const output = mpwChunkedOutput({ stdout, stderr });
    Module.stdout = output.stdout;
    Module.stderr = output.stderr;
    flush = output.flushAll;
  } else {
    // Without a callback emscripten writes lines with console.log / console.error (upstream's default).
    if (stdout !== undefined) Module.stdout = mpwByteSink(stdout, linebuffer);
    if (stderr !== undefined) Module.stderr = mpwByteSink(stderr, linebuffer);
  }
  if (stdin !== undefined) {
    Module.stdin = stdin;
    // Asyncify builds ask for a key through a Promise.
    Module.mpwReadChar = () => { const key = stdin(); return Promise.resolve(key == null ? -1 : key); };
  } else {
    Module.stdin = () => input.nextNow();
    Module.mpwReadChar = () => { flush(); return input.next(); };
  }
  await Promise.race([createMicroPythonModule(Module), instantiating]);
  const runtime = new MicroPythonRuntime(Module, input, flush);
  runtime._heapsize = heapsize;
  runtime._pystack = pystack || 0;
  Module.ccall("mp_js_init", null, ["number", "number", "number"], [heapsize, MPW_ENGINE_STACK_LIMIT, runtime._pystack]);
  if (interruptBuffer) runtime.setInterruptBuffer(interruptBuffer);
  // Upstream imports from /lib (sys.path ['', '.frozen', '/lib']); ours keeps /assets/lib before it.
  runtime._callNow("mp_js_path_set", ["string", "string"], [null, "/lib"]);
  return runtime;
}

globalThis.loadMicroPython = loadMicroPython;
export { MicroPythonRuntime };

// `node micropython.mjs [-X heapsize=N] script.py`: how upstream's run-tests.py runs a .py test.
async function mpwRunCommandLine(argv) {
  const fs = require("fs");
  let heapsize;
  const files = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "-X" && i + 1 < argv.length && argv[i + 1].startsWith("heapsize=")) {
      const [, digits, unit] = argv[++i].match(/^heapsize=(\d+)([kKmM]?)$/) || [];
      heapsize = Number(digits) * ({ k: 1024, m: 1024 * 1024 }[(unit || "").toLowerCase()] || 1);
    } else {
      files.push(argv[i]);
    }
  }
  const code = files.length ? files.map((file) => fs.readFileSync(file, "utf8")).join("") : fs.readFileSync(0, "utf8");
  let mp;
  try {
    mp = await loadMicroPython({
      heapsize, linebuffer: false,
      stdout: (bytes) => process.stdout.write(bytes), stderr: (bytes) => process.stderr.write(bytes),
    });
  } catch (error) {
    if (!error.mpwNeedsEngine) throw error;
    process.stderr.write(`micropython.mjs: ${error.message}\n`);  // (the message alone: an engine too old)
    process.exitCode = 1;
    return;
  }
  const status = await mp.runScript(code, { sourceName: files[0] || "<stdin>", argv: files.length ? files : [""] });
  process.exitCode = status & MPW_SYSTEM_EXIT ? status & 0xff : status;
}

if (MPW_IS_NODE && process.argv.length > 1) {
  const fs = require("fs");
  let invoked;
  try {
    invoked = fs.realpathSync(process.argv[1]);
  } catch (error) {
    invoked = null;
  }
  if (invoked && invoked === fs.realpathSync(__filename)) await mpwRunCommandLine(process.argv.slice(2));
}
