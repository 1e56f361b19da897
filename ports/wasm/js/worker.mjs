// micropython-worker.mjs: MicroPython in a dedicated Web Worker, driven from the page.
// README, "JavaScript API" ("In a Web Worker"), is the reference; this file says how.
//
// One file, two roles: imported by a page it exports loadMicroPythonWorker(); started as a
// module worker (by that function) it loads micropython.mjs and serves the page's calls.
// Page and worker share one SharedArrayBuffer, `control`:
//   Int32 [0]  interrupt signal: the page writes 2 (Stop); the VM reads and clears it
//              (emscripten/run_limits.c, through loadMicroPython's interruptBuffer)
//   Int32 [1]  input state: IDLE, WAITING (the worker sleeps in Atomics.wait), LINE (bytes
//              ready), END (no more input: EOFError), STOPPED (Stop during input())
//   Int32 [2]  number of bytes ready
//   Int32 [3]  id of the newest call the page asked to stop (a Stop for an older call, that
//              ended before the VM saw it, is cleared when the next call starts)
//   bytes from INPUT_OFFSET: the line (at most INPUT_CAPACITY bytes per delivery)
// Everything else travels by postMessage: calls, their results, stdout/stderr as written.

const INTERRUPT = 0, INPUT_STATE = 1, INPUT_LENGTH = 2, STOP_ID = 3;
const IDLE = 0, WAITING = 1, LINE = 2, END = 3, STOPPED = 4;
const SIGINT = 2;
const INPUT_OFFSET = 16;
const CONTROL_BYTES = 64 * 1024;
const INPUT_CAPACITY = CONTROL_BYTES - INPUT_OFFSET;

const IN_WORKER = typeof WorkerGlobalScope === "function" && globalThis instanceof WorkerGlobalScope;

// Why a page cannot have a worker with Stop and input(), or null when it can.
function isolationProblem() {
  if (typeof Worker !== "function") return "this engine has no Web Workers";
  if (typeof SharedArrayBuffer !== "function" || globalThis.crossOriginIsolated === false) {
    return "this page is not cross-origin isolated, so it has no SharedArrayBuffer (serve it with "
      + "Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp, "
      + "as `scons serve` does)";
  }
  return null;
}

// A Python exception (or another error) as it crosses postMessage, and back.
function errorRecord(error) {
  if (error && typeof error === "object") {
    return { name: error.name || "Error", type: error.type, message: String(error.message) };
  }
  return { name: "Error", message: String(error) };
}
function errorFromRecord(record) {
  const error = new Error(record.message);
  error.name = record.name;
  if (record.type !== undefined) error.type = record.type;
  return error;
}

/* ------------------------------------------------------------------ the page's side */

// Messages between interpreters, in order; take() waits for the next one.
class MpwMailbox {
  constructor() { this.items = []; this.waiting = []; }
  put(value) { if (this.waiting.length) this.waiting.shift()(value); else this.items.push(value); }
  take() { return this.items.length ? Promise.resolve(this.items.shift()) : new Promise((r) => this.waiting.push(r)); }
}

// Buffers postMessage may move rather than copy: those of the Uint8Arrays in `value` (in arrays and
// plain objects, a few levels deep) that span their whole buffer.
function mpwTransferables(value, found = new Set(), depth = 0) {
  if (value instanceof Uint8Array) {
    if (value.byteOffset === 0 && value.byteLength === value.buffer.byteLength && value.buffer instanceof ArrayBuffer) {
      found.add(value.buffer);
    }
  } else if (value && typeof value === "object" && depth < 4
             && (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype)) {
    for (const item of Object.values(value)) mpwTransferables(item, found, depth + 1);
  }
  return [...found];
}

class MicroPythonWorker {
  constructor(options, moduleUrl) {
    this.mode = "worker";
    this.reason = null;
    this._options = options;
    this._moduleUrl = moduleUrl;
    this._current = null;
    this._spare = null;
    this._wasm = null;
    this._calls = new Map();
    this._inbox = new MpwMailbox();
    this._nextId = 1;
    this.onInput = options.onInput || null;
    this.crashed = false;
  }

  get running() { return this._calls.size > 0; }

  // A new worker loading its runtime: { worker, words, bytes, ready (a Promise) }.
  _spawn() {
    const control = new SharedArrayBuffer(CONTROL_BYTES);
    const worker = new Worker(new URL(import.meta.url), { type: "module", name: "micropython" });
    const handle = { worker, words: new Int32Array(control, 0, 4), bytes: new Uint8Array(control, INPUT_OFFSET) };
    let settle;
    handle.ready = new Promise((resolve, reject) => { settle = { resolve, reject }; });
    handle.ready.catch(() => {});  // (a spare that fails to load is just not used)
    worker.onmessage = (event) => {
      const message = event.data;
      if (message.kind === "done" && message.id === 0) {
        if (message.ok) settle.resolve(); else settle.reject(errorFromRecord(message.error));
      } else if (handle === this._current) {
        this._receive(handle, message);
      }
    };
    const failed = (why) => {
      settle.reject(new Error(why));
      if (handle === this._current) this._crash(handle, why);
      else if (handle === this._spare) { worker.terminate(); this._spare = null; }
    };
    worker.onerror = (event) => { event.preventDefault(); failed(event.message || "the worker failed"); };
    worker.onmessageerror = () => failed("a message from the worker could not be read");
    const { heapsize, url } = this._options;
    this._compiledWasm().then((wasmModule) => {
      worker.postMessage({ kind: "init", control, moduleUrl: this._moduleUrl, heapsize, url, wasmModule });
    });
    return handle;
  }

  // micropython.wasm compiled once for every worker this object starts (a restart without a spare
  // then skips the download and compilation); null if that failed: each worker loads it itself then,
  // and reports what went wrong.
  _compiledWasm() {
    if (!this._wasm) {
      // (the folder loadMicroPython's `url` names, as it locates the file; else the module's)
      const { url } = this._options;
      const base = url ? new URL(url, globalThis.location ? location.href : undefined) : this._moduleUrl;
      this._wasm = fetch(new URL("micropython.wasm", base))
        .then((response) => (response.ok ? response.arrayBuffer() : Promise.reject(new Error(response.statusText))))
        .then((bytes) => WebAssembly.compile(bytes))
        .catch(() => null);
    }
    return this._wasm;
  }

  // Makes `handle` (a new worker, or the spare) the current one; resolves when it is ready.
  async _adopt(handle) {
    this._current = handle;
    this.crashed = false;
    this._unsent = null;  // the rest of a line longer than INPUT_CAPACITY
    await handle.ready;
    // A spare runtime, loaded while this one works, makes restart() immediate.
    if (this._options.spare !== false && !this._spare) this._spare = this._spawn();
  }

  _start() { return this._adopt(this._spawn()); }

  _receive(handle, message) {
    switch (message.kind) {
      case "stdout": case "stderr": {
        const sink = this._options[message.kind];
        if (sink) sink(message.text); else (message.kind === "stdout" ? console.log : console.error)(message.text);
        break;
      }
      case "input": this._answerInput(handle, message.prompt); break;
      case "done": {
        const call = this._calls.get(message.id);
        if (!call) break;
        this._calls.delete(message.id);
        if (message.ok) call.resolve(message.value); else call.reject(errorFromRecord(message.error));
        break;
      }
      case "crashed": this._crash(handle, message.error.message); break;
      case "message": this._inbox.put(message.value); break;
      default: break;
    }
  }

  async _answerInput(handle, prompt) {
    let text = null;
    if (this._unsent) {
      text = this._unsent;
    } else if (this.onInput) {
      try {
        const line = await this.onInput(prompt);
        if (line !== null && line !== undefined) text = new TextEncoder().encode(String(line) + "\n");
      } catch (error) {
        console.error("onInput failed; input() gets end of input:", error);
      }
    }
    // Stop, terminate() or a crash came meanwhile: the worker no longer waits for this line.
    if (Atomics.load(handle.words, INPUT_STATE) !== WAITING) return;
    if (text === null) {
      Atomics.store(handle.words, INPUT_STATE, END);
    } else {
      const part = text.subarray(0, INPUT_CAPACITY);
      this._unsent = text.length > INPUT_CAPACITY ? text.subarray(INPUT_CAPACITY) : null;
      handle.bytes.set(part);
      Atomics.store(handle.words, INPUT_LENGTH, part.length);
      Atomics.store(handle.words, INPUT_STATE, LINE);
    }
    Atomics.notify(handle.words, INPUT_STATE);
  }

  _call(method, args) {
    if (!this._current) return Promise.reject(new Error("MicroPython's worker was terminated: call restart()"));
    const id = this._nextId++;
    const { worker } = this._current;
    return new Promise((resolve, reject) => {
      this._calls.set(id, { resolve, reject });
      worker.postMessage({ kind: "call", id, method, args });
    });
  }

  runPython(code, limits) { return this._call("runPython", [String(code), limits]); }
  runPythonAsync(code, limits) { return this._call("runPythonAsync", [String(code), limits]); }
  runScript(code, options) { return this._call("runScript", [String(code), options]); }
  // Messages: structured data (what postMessage copies) to the worker's `interpreters.receive()`;
  // a Uint8Array that owns its buffer moves without a copy (it is empty here afterwards).
  post(value) {
    if (!this._current) throw new Error("MicroPython's worker was terminated: call restart()");
    this._current.worker.postMessage({ kind: "message", value }, mpwTransferables(value));
  }
  // A Promise of the next message the worker's Python sent with `interpreters.post(value)`.
  receive() { return this._inbox.take(); }
  reset() { return this._call("reset", []); }
  // Files of the worker's file system (emscripten's FS): a string or bytes.
  writeFile(path, data) { return this._call("writeFile", [String(path), data]); }
  readFile(path, options) { return this._call("readFile", [String(path), options]); }

  // Stop: KeyboardInterrupt in the running code (also in input()). True when something ran.
  interrupt() {
    const handle = this._current;
    if (!handle || !this.running) return false;
    Atomics.store(handle.words, STOP_ID, Math.max(...this._calls.keys()));
    Atomics.store(handle.words, INTERRUPT, SIGINT);
    if (Atomics.compareExchange(handle.words, INPUT_STATE, WAITING, STOPPED) === WAITING) {
      Atomics.notify(handle.words, INPUT_STATE);
    }
    return true;
  }

  // The last resort: the worker (and its spare) end at once; pending calls reject.
  // restart() brings a new one.
  terminate() {
    this._stopCurrent(new Error("MicroPython's worker was terminated"));
    if (this._spare) {
      this._spare.worker.terminate();
      this._spare = null;
    }
  }

  // true once a spare runtime has loaded (restart() is then immediate); false when there is none
  // (spare: false, terminated, or it failed to load).
  async spareReady() {
    const spare = this._spare;
    if (!spare) return false;
    try {
      await spare.ready;
    } catch (error) {
      return false;
    }
    return this._spare === spare;
  }

  // A fresh runtime: the spare's (ready at once), else a new worker's; resolves when it is ready.
  async restart() {
    this._stopCurrent(new Error("MicroPython's worker was terminated (restart)"));
    const spare = this._spare;
    this._spare = null;
    if (spare) {
      try {
        await this._adopt(spare);
        return;
      } catch (error) {
        spare.worker.terminate();  // (it failed to load: try a new one)
      }
    }
    await this._adopt(this._spawn());
  }

  _stopCurrent(error) {
    if (!this._current) return;
    this._current.worker.terminate();
    this._current = null;
    this._failAll(error);
  }

  _failAll(error) {
    const calls = [...this._calls.values()];
    this._calls.clear();
    for (const call of calls) call.reject(error);
  }

  _crash(handle, why) {
    if (handle !== this._current) return;
    const error = new Error(`MicroPython's worker crashed (${why}): call restart() for a fresh one`);
    error.name = "WorkerCrashed";
    this._stopCurrent(error);
    this.crashed = true;
    if (this._options.onCrash) this._options.onCrash(error);
  }
}

// Without cross-origin isolation: the same shape on the main thread (calls are Promises, but
// the page waits while Python runs). Stop works only in asyncify builds; input() reads keys given
// to sendInput() ahead of time, else EOFError.
class MicroPythonMainThread {
  constructor(runtime, reason, options) {
    this.mode = "main-thread";
    this.reason = reason;
    this.crashed = false;
    this.onInput = options.onInput || null;
    this._runtime = runtime;
    this._active = 0;
  }
  get running() { return this._active > 0; }
  async _run(job) {
    this._active += 1;
    try { return await job(); } finally { this._active -= 1; }
  }
  runPython(code, limits) { return this._run(() => this._runtime.runPython(String(code), limits)); }
  runPythonAsync(code, limits) { return this._run(() => this._runtime.runPythonAsync(String(code), limits)); }
  runScript(code, options) { return this._run(() => this._runtime.runScript(String(code), options)); }
  async reset() { this._runtime.reset(); }
  async writeFile(path, data) { this._runtime.FS.writeFile(path, data); }
  async readFile(path, options) { return this._runtime.FS.readFile(path, options); }
  interrupt() {
    if (!this.running) return false;
    this._runtime.interrupt();
    return true;
  }
  terminate() {}
  async spareReady() { return false; }
  async restart() { this._runtime.reset(); }
}

// The page's entry. options: stdout(text), stderr(text) (text as written, in chunks: a line or
// less), onInput(prompt) -> line | null | Promise of one (input() and sys.stdin; null: end of
// input), onCrash(error), heapsize, url (of micropython.mjs's folder, as loadMicroPython's),
// mainThread: true (skip the worker).
export async function loadMicroPythonWorker(options = {}) {
  const base = options.url ? new URL(options.url, globalThis.location ? location.href : undefined) : null;
  const moduleUrl = new URL("micropython.mjs", base && base.href.endsWith("/") ? base : import.meta.url).href;
  const problem = options.mainThread ? "the page asked for the main thread (mainThread: true)" : isolationProblem();
  if (problem) {
    const { loadMicroPython } = await import(moduleUrl);
    const runtime = await loadMicroPython({ heapsize: options.heapsize, url: options.url, chunks: true,
      stdout: options.stdout || ((text) => console.log(text)), stderr: options.stderr || ((text) => console.error(text)) });
    runtime.closeInput();  // (asyncify builds would otherwise wait for keys nobody sends: EOFError, as documented)
    return new MicroPythonMainThread(runtime, `MicroPython runs on the main thread: ${problem}`, options);
  }
  const mp = new MicroPythonWorker(options, moduleUrl);
  await mp._start();
  return mp;
}

/* ------------------------------------------------------------------ the worker's side */

function serveInWorker() {
  let runtime = null;
  let words = null, bytes = null;
  let pending = [];        // bytes of the delivered line not read yet
  let lastLine = "";       // stdout since its last newline: input()'s prompt
  let queue = Promise.resolve();
  const post = (message) => globalThis.postMessage(message);

  // sys.stdin's next byte (null: end of input). Blocks this worker until the page answers.
  let answeredEnd = false;  // the last answer was end of input (or Stop): see readCharAfterEnd
  function readByte() {
    answeredEnd = false;
    if (pending.length) return pending.shift();
    runtime._flush();
    Atomics.store(words, INPUT_STATE, WAITING);
    post({ kind: "input", prompt: lastLine });
    lastLine = "";
    Atomics.wait(words, INPUT_STATE, WAITING);
    const state = Atomics.load(words, INPUT_STATE);
    Atomics.store(words, INPUT_STATE, IDLE);
    if (state === LINE) {
      pending = Array.from(bytes.subarray(0, Atomics.load(words, INPUT_LENGTH)));
      if (pending.length) return pending.shift();
    }
    if (state === STOPPED) {
      // KeyboardInterrupt, raised by input() instead of EOFError (core/input.c).
      Atomics.store(words, INTERRUPT, 0);
      runtime._module._mp_js_interrupt();
    }
    answeredEnd = true;
    return null;
  }

  // Asyncify builds take end of input from stdin (readByte) for "nothing typed ahead" and then wait
  // for a key through Module.mpwReadChar (core/input.c): that second look must not ask the page again.
  function readCharAfterEnd() {
    if (answeredEnd) {
      answeredEnd = false;
      return Promise.resolve(-1);
    }
    const key = readByte();
    return Promise.resolve(key === null ? -1 : key);
  }

  // A Python value as plain JS data (containers converted, bytes as Uint8Array copied out of the
  // wasm heap), for postMessage; sendValue falls back to its str() when it cannot be cloned.
  function portable(value) {
    if (value && (typeof value === "object" || typeof value === "function") && value instanceof runtime.PyProxy) {
      try { value = runtime.PyProxy.toJs(value); } catch (error) { return String(value); }
    }
    return value;
  }
  function sendValue(message) {
    try {
      globalThis.postMessage(message, mpwTransferables(message.value));
    } catch (error) {
      globalThis.postMessage({ ...message, value: String(message.value) });
    }
  }

  async function init(message) {
    words = new Int32Array(message.control, 0, 4);
    bytes = new Uint8Array(message.control, INPUT_OFFSET);
    const { loadMicroPython } = await import(message.moduleUrl);
    const stream = (kind) => (text) => {
      if (kind === "stdout") {
        const newline = text.lastIndexOf("\n");
        lastLine = newline < 0 ? lastLine + text : text.slice(newline + 1);
      }
      post({ kind, text });
    };
    runtime = await loadMicroPython({ heapsize: message.heapsize, url: message.url, chunks: true,
      wasmModule: message.wasmModule || undefined,
      stdout: stream("stdout"), stderr: stream("stderr"), stdin: readByte,
      interruptBuffer: new Int32Array(message.control, 0, 1) });
    runtime._module.mpwReadChar = readCharAfterEnd;
    registerInterpreters();
    moduleUrl = message.moduleUrl;
  }

  // Python's `interpreters` module: start another interpreter (a worker of this worker) and
  // exchange messages with the page (or the interpreter) that started this one.
  let moduleUrl = null;
  const inbox = new MpwMailbox();
  function registerInterpreters() {
    runtime.registerJsModule("interpreters", {
      start: async (options) => {
        const peer = await loadMicroPythonWorker({
          url: new URL(".", moduleUrl).href, spare: false,
          ...(options ? structuredClone(portable(options)) : {}),
          stdout: (text) => post({ kind: "stdout", text }), stderr: (text) => post({ kind: "stderr", text }),
        });
        // (Python's values reach JS as proxies: post a plain copy.)
        const postRaw = peer.post.bind(peer);
        peer.post = (value) => postRaw(portable(value));
        return peer;
      },
      post: (value) => sendValue({ kind: "message", value: portable(value) }),
      receive: () => inbox.take(),
    });
  }

  const methods = {
    runPython: (code, limits) => portable(runtime.runPython(code, limits)),
    runPythonAsync: async (code, limits) => portable(await runtime.runPythonAsync(code, limits)),
    runScript: (code, options) => runtime.runScript(code, options),
    reset: () => { runtime.reset(); pending = []; registerInterpreters(); },
    writeFile: (path, data) => { runtime.FS.writeFile(path, data); },
    readFile: (path, options) => runtime.FS.readFile(path, options),
  };

  async function call(message) {
    // A Stop meant for an earlier call must not hit this one.
    if (Atomics.load(words, STOP_ID) < message.id) Atomics.store(words, INTERRUPT, 0);
    lastLine = "";
    try {
      const value = await methods[message.method](...message.args);
      runtime._flush();
      sendValue({ kind: "done", id: message.id, ok: true, value });
    } catch (error) {
      runtime._flush();
      if (error instanceof WebAssembly.RuntimeError) {
        // A trap (out of memory, a bug) leaves the runtime unusable.
        post({ kind: "crashed", error: errorRecord(error) });
        return;
      }
      post({ kind: "done", id: message.id, ok: false, error: errorRecord(error) });
    }
  }

  globalThis.onmessage = (event) => {
    const message = event.data;
    if (message.kind === "init") {
      queue = queue.then(() => init(message)).then(
        () => post({ kind: "done", id: 0, ok: true }),
        (error) => post({ kind: "done", id: 0, ok: false, error: errorRecord(error) }));
    } else if (message.kind === "message") {
      inbox.put(message.value);
    } else if (message.kind === "call") {
      queue = queue.then(() => call(message));
    }
  };
}

if (IN_WORKER) serveInWorker();
