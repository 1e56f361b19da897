// Types of micropython-worker.mjs (README, "JavaScript API", "In a Web Worker").
import type { RunLimits, Status } from "./micropython.js";

export interface WorkerOptions {
  /** Text as written, in chunks of a line or less. */
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  /** input() and sys.stdin wait for this: a line (without "\n"), or null for end of input (EOFError). */
  onInput?: ((prompt: string) => string | null | Promise<string | null>) | null;
  /** The worker crashed (error.name === "WorkerCrashed"); restart() brings a fresh runtime. */
  onCrash?: (error: Error) => void;
  heapsize?: number;
  url?: string;
  /** Default true: a spare runtime loads in the background so that restart() is immediate. */
  spare?: boolean;
  /** Run on the main thread even where a worker could be used. */
  mainThread?: boolean;
}

export interface MicroPythonWorker {
  /** "main-thread" without cross-origin isolation (then `reason` says why, for the page to show). */
  readonly mode: "worker" | "main-thread";
  readonly reason: string | null;
  readonly running: boolean;
  readonly crashed: boolean;
  onInput: WorkerOptions["onInput"];
  runPython(code: string, limits?: RunLimits): Promise<any>;
  runPythonAsync(code: string, limits?: RunLimits): Promise<any>;
  runScript(code: string, options?: { sourceName?: string; argv?: string[] }): Promise<Status>;
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
  readFile(path: string, options?: { encoding?: "utf8" | "binary" }): Promise<string | Uint8Array>;
  reset(): Promise<void>;
  /** To Python's `interpreters.receive()`; Uint8Arrays owning their buffer move without a copy. */
  post(value: any): void;
  /** The next value Python sent with `interpreters.post(value)`. */
  receive(): Promise<any>;
  /** Stop: KeyboardInterrupt in the running call (also in input()); false when idle. */
  interrupt(): boolean;
  terminate(): void;
  restart(): Promise<void>;
  /** true once a spare runtime has loaded (restart() is then immediate); false when there is none. */
  spareReady(): Promise<boolean>;
}

export function loadMicroPythonWorker(options?: WorkerOptions): Promise<MicroPythonWorker>;
