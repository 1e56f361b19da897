// Types of micropython.mjs's API (README, "JavaScript API", says what each does).

export interface LoadOptions {
  /** Address of micropython.wasm (or of the .mjs, or a folder ending in "/"); default: the module's folder. */
  url?: string;
  /** Returns the next input byte, or null at end of input. */
  stdin?: () => number | null;
  /** Lines without "\n" (linebuffer true), else each byte as a Uint8Array; `chunks: true` gives text chunks. */
  stdout?: (data: string | Uint8Array) => void;
  stderr?: (data: string | Uint8Array) => void;
  /** Default true. */
  linebuffer?: boolean;
  /** GC heap in bytes (default 1 MiB; the heap grows beyond it as needed). */
  heapsize?: number;
  /** Python stack in words where the build has one; left out, the build's own size (README). */
  pystack?: number;
  /** Ours: stdout/stderr receive decoded text chunks, both streams kept in order. */
  chunks?: boolean;
  /** Ours: another thread writes 2 into [0] to raise KeyboardInterrupt (Pyodide's shape). */
  interruptBuffer?: Int32Array;
  /** Ours: this build's micropython.wasm, compiled (WebAssembly.compile): instantiated instead of fetched. */
  wasmModule?: WebAssembly.Module;
}

/** Ours: quotas of one run; past one the code raises runlimits.QuotaExceeded (a KeyboardInterrupt). */
export interface RunLimits {
  /** Milliseconds of wall-clock time, > 0; omitted, null or Infinity: no limit. */
  timeoutMs?: number | null;
  /** Bytecode branch steps, a whole number > 0; omitted, null or Infinity: no limit. */
  maxSteps?: number | null;
}

/** What runPython throws for a Python exception (error.name === "PythonError"). */
export interface PythonError extends Error {
  name: "PythonError";
  /** The Python exception's class name. */
  type: string;
}

export interface Globals {
  get(name: string): any;
  set(name: string, value: any): void;
  delete(name: string): void;
}

/** A status: 0 ok, 1 uncaught exception (traceback on stderr), n | 0x100 for sys.exit(n). */
export type Status = number;

export interface MicroPython {
  /** The emscripten Module (FS, PATH, PATH_FS, ccall, ...). */
  _module: any;
  FS: any;
  PyProxy: any;
  globals: Globals;
  /** Value of the last expression if the code ends in one; throws PythonError. */
  runPython(code: string, limits?: RunLimits): any;
  /** Top-level await allowed. */
  runPythonAsync(code: string, limits?: RunLimits): Promise<any>;
  pyimport(name: string): any;
  registerJsModule(name: string, module: object): void;
  replInit(): void;
  replProcessChar(chr: number): number;
  replProcessCharWithAsyncify(chr: number): Promise<number>;

  // Ours.
  isAsync: boolean;
  runScript(code: string, options?: { sourceName?: string; argv?: string[]; allowAwait?: boolean }): Promise<Status>;
  runFile(path: string, options?: { argv?: string[] }): Promise<Status>;
  interrupt(): void;
  sendInput(text: string | Uint8Array): void;
  closeInput(): void;
  setStdinTerminal(isTerminal: boolean): Promise<number>;
  attachTerminal(terminal: { onData(listener: (data: string) => void): any }): any;
  startRepl(options?: { onExit?: (status: number) => void | Promise<void> }): Promise<void>;
  setInterruptBuffer(buffer: Int32Array | null): void;
  /** A fresh interpreter in the same module (FS kept); throws while Python runs. */
  reset(): void;
}

export function loadMicroPython(options?: LoadOptions): Promise<MicroPython>;
