#!/usr/bin/env -S node --stack-size=6000 --allow-natives-syntax --no-liftoff --no-wasm-lazy-compilation
// (A larger engine stack than node's ~1 MB default, within the usual 8 MB thread stack: -O0 builds use ~28 KB of it per Python call.
// The other flags are the code cache's: see code_cache.js.)
// Runs the WebAssembly MicroPython next to this file in node, with the same
// command line as the native build:
//   micropython [-c CODE | SCRIPT | -] [ARG ...]; no argument: REPL on a
//   terminal, else the program from stdin. MICROPYPATH adds import folders.
"use strict";

const fs = require("fs");
const path = require("path");

const HERE = __dirname;
// Whether stdin is a terminal, asked cheaply: process.stdin builds a stream
// object and the tty module loads node's networking (together ~15 ms at
// start-up), so pipes and files are told apart by fstat first.
function stdinIsTerminal() {
  let stat;
  try { stat = fs.fstatSync(0); } catch (error) { return false; }
  if (!stat.isCharacterDevice()) return false;
  try {
    if (stat.rdev === fs.statSync("/dev/null").rdev) return false;  // (no input: CI, daemons)
  } catch (error) { /* no /dev/null: ask the tty module */ }
  return require("tty").isatty(0);
}
const STDIN_IS_TTY = stdinIsTerminal();
const FORCED_EXIT = 0x100;
const HEAP_SIZE = 16 * 1024 * 1024;
const STACK_LIMIT = 0;  // the variant's own (MPW_STACK_LIMIT)

function makeSink(fd) {
  let pending = [];
  const flush = () => {
    if (pending.length) {
      const bytes = Buffer.from(pending);
      pending = [];
      let offset = 0;
      while (offset < bytes.length) {
        try {
          offset += fs.writeSync(fd, bytes, offset);
        } catch (error) {
          if (error.code !== "EAGAIN") throw error;
        }
      }
    }
  };
  const put = function (byte) {
    if (byte === null) return;
    pending.push(byte & 0xff);
    if (byte === 10 || pending.length >= 8192) flush();
  };
  return { put, flush };
}

const out = makeSink(1);
const err = makeSink(2);
const flushAll = function () { out.flush(); err.flush(); };

function readStdinByte() {
  const buffer = Buffer.alloc(1);
  for (;;) {
    try {
      return fs.readSync(0, buffer, 0, 1, null) === 1 ? buffer[0] : null;
    } catch (error) {
      if (error.code === "EAGAIN") continue;
      if (error.code === "EOF") return null;
      throw error;
    }
  }
}

// Keys for a program waiting in input() (asyncify builds ask through
// Module.mpwReadChar, so waiting does not block node's event loop).
const keyboard = {
  queue: [],
  readers: [],
  ended: false,
  listening: false,
  listen() {
    if (this.listening) return;
    this.listening = true;
    process.stdin.on("data", (chunk) => { for (const byte of chunk) this.deliver(byte); });
    process.stdin.on("end", () => {
      this.ended = true;
      while (this.readers.length) this.readers.shift()(-1);
    });
  },
  deliver(byte) {
    if (this.readers.length) this.readers.shift()(byte);
    else this.queue.push(byte);
  },
  readChar() {
    flushAll();
    this.listen();
    if (this.queue.length) return Promise.resolve(this.queue.shift());
    if (this.ended) return Promise.resolve(-1);
    return new Promise((resolve) => this.readers.push(resolve));
  },
};

// The host file system appears at the same paths inside the runtime, so
// script paths, sys.argv and relative imports look as they do natively.
function mountHost(Module) {
  const FS = Module.FS;
  const NODEFS = FS.filesystems.NODEFS;
  for (const entry of fs.readdirSync("/")) {
    if (["dev", "proc", "sys", "assets"].includes(entry)) continue;
    const where = "/" + entry;
    let stat;
    try { stat = fs.statSync(where); } catch (error) { continue; }
    if (!stat.isDirectory()) continue;
    try { FS.mkdir(where); } catch (error) { /* exists already, e.g. /tmp */ }
    try { FS.mount(NODEFS, { root: where }, where); } catch (error) { /* unreadable: skip */ }
  }
  FS.chdir(process.cwd());
}

// emscripten's file system takes a random source at start-up from the global
// `crypto`, whose first use in node loads WebCrypto (~13 ms). It gets one
// that loads node's crypto module when randomness is first asked for; the
// real global is back once the runtime is up.
function withLazyRandomSource(start) {
  const real = Object.getOwnPropertyDescriptor(globalThis, "crypto");
  let source = null;
  Object.defineProperty(globalThis, "crypto", {
    configurable: true,
    value: { getRandomValues: (array) => (source || (source = require("crypto"))).randomFillSync(array) },
  });
  const restore = () => {
    if (real) Object.defineProperty(globalThis, "crypto", real);
    else delete globalThis.crypto;
  };
  return start().then((value) => { restore(); return value; }, (error) => { restore(); throw error; });
}

// MICROPYTHON_WASM_CODE_CACHE_TRACE=1: say on stderr how the module was compiled.
function traceCodeCache(outcome, detail) {
  if (process.env.MICROPYTHON_WASM_CODE_CACHE_TRACE === "1") process.stderr.write(`code cache: ${outcome}: ${detail}\n`);
}

async function main(argv) {
  const createMicroPythonModule = require(path.join(HERE, "micropython.js"));
  const wasmPath = path.join(HERE, "micropython.wasm");
  const wasmModule = require(path.join(HERE, "code_cache.js")).compileWasm(
    wasmPath, fs.readFileSync(wasmPath), process.env, traceCodeCache);
  const Module = await withLazyRandomSource(() => createMicroPythonModule({
    instantiateWasm: (imports, receiveInstance) => {
      const instance = new WebAssembly.Instance(wasmModule, imports);
      receiveInstance(instance, wasmModule);
      return instance.exports;
    },
    locateFile: (name) => path.join(HERE, name),
    getPreloadedPackage: (name) => {
      const bytes = fs.readFileSync(path.join(HERE, path.basename(name)));
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    },
    noInitialRun: true,
    stdin: readStdinByte,
    stdout: out.put,
    stderr: err.put,
    // emscripten's own messages (aborts, assertions) go to stderr.
    print: (text) => { flushAll(); process.stderr.write(text + "\n"); },
    printErr: (text) => { flushAll(); process.stderr.write(text + "\n"); },
    preRun: [mountHost],
  }));
  const asyncCalls = Boolean(Module.mpwAsync);
  Module.mpwReadChar = () => keyboard.readChar();
  if (asyncCalls) {
    // Running code yields to the event loop, so Ctrl-C becomes KeyboardInterrupt.
    process.on("SIGINT", () => { Module.mpwInterruptPending = true; });
  }
  const call = (name, types, args) =>
    Module.ccall(name, "number", types, args, asyncCalls ? { async: true } : undefined);

  await call("mp_js_init", ["number", "number"], [HEAP_SIZE, STACK_LIMIT]);
  await call("mp_js_set_stdin_terminal", ["number"], [STDIN_IS_TTY ? 1 : 0]);
  const extraPath = process.env.MICROPYPATH || null;
  const setArgv = async (args) => {
    await call("mp_js_argv_clear", [], []);
    for (const arg of args) await call("mp_js_argv_append", ["string"], [arg]);
  };

  let status;
  if (argv[0] === "-c") {
    if (argv.length < 2) {
      process.stderr.write("micropython: -c needs an argument\n");
      return 2;
    }
    await setArgv(["-c", ...argv.slice(2)]);
    await call("mp_js_path_set", ["string", "string"], [null, extraPath]);
    status = await call("mp_js_exec_str", ["string", "string"], [argv[1], "<string>"]);
  } else if (argv[0] === "-h" || argv[0] === "--help") {
    process.stdout.write("usage: micropython [-c CODE | SCRIPT | -] [ARG ...]\n");
    return 0;
  } else if (argv.length && argv[0] !== "-" && argv[0].startsWith("-")) {
    process.stderr.write(`micropython: unknown option ${argv[0]}\n`);
    return 2;
  } else if (argv.length && argv[0] !== "-") {
    const script = argv[0];
    try {
      fs.accessSync(script, fs.constants.R_OK);
    } catch (error) {
      process.stderr.write(`micropython: can't open file '${script}': [Errno 2] No such file or directory\n`);
      return 2;
    }
    const folder = path.dirname(script) === "." && !script.includes("/") ? "" : path.dirname(script);
    await setArgv(argv);
    await call("mp_js_path_set", ["string", "string"], [folder, extraPath]);
    status = await call("mp_js_exec_file", ["string"], [script]);
  } else if (argv.length === 0 && STDIN_IS_TTY) {
    await setArgv([""]);
    await call("mp_js_path_set", ["string", "string"], [null, extraPath]);
    return await repl(Module, call);
  } else {
    await setArgv(argv.length ? argv : [""]);
    await call("mp_js_path_set", ["string", "string"], [null, extraPath]);
    const code = fs.readFileSync(0, "utf8");
    status = await call("mp_js_exec_str", ["string", "string"], [code, "<stdin>"]);
  }
  flushAll();
  return status & 0xff;
}

function repl(Module, call) {
  return new Promise((resolve) => {
    const stdin = process.stdin;
    stdin.setRawMode(true);
    const pendingKeys = [];
    let busy = true;  // until the REPL has started
    let done = false;
    const finish = (status) => {
      done = true;
      stdin.setRawMode(false);
      stdin.pause();
      flushAll();
      resolve(status);
    };
    const pump = async () => {
      if (busy || done) return;
      busy = true;
      while (pendingKeys.length && !done) {
        const status = await call("mp_js_repl_process_char", ["number"], [pendingKeys.shift()]);
        flushAll();
        if (status & FORCED_EXIT) finish(status & 0xff);
      }
      busy = false;
    };
    keyboard.listening = true;  // this handler owns stdin
    stdin.on("data", (chunk) => {
      for (const byte of chunk) {
        if (keyboard.readers.length) {
          keyboard.deliver(byte);  // a program is waiting in input()
        } else if (byte === 3 && busy) {
          Module.mpwInterruptPending = true;  // Ctrl-C while code runs (taken when it yields)
        } else {
          pendingKeys.push(byte);
        }
      }
      pump();
    });
    Promise.resolve(call("mp_js_repl_init", [], [])).then(() => {
      flushAll();
      busy = false;
      pump();
    });
  });
}

// Keeps node's event loop busy while main() runs: whenever the loop runs out
// of work, node waits for all of V8's background jobs, and an asyncify run
// that yields would sit idle until the optimising compile of the bytecode
// loop is done (100-150 ms) instead of running meanwhile.
const keepLoopBusy = setInterval(function () {}, 1 << 30);
main(process.argv.slice(2)).finally(() => clearInterval(keepLoopBusy)).then(
  (status) => { flushAll(); if (keyboard.listening) process.stdin.pause(); process.exitCode = status; },
  (error) => { flushAll(); process.stderr.write(`micropython: ${error && error.stack || error}\n`); process.exitCode = 1; },
);
