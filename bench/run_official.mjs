// Runs a Python file on the official MicroPython WebAssembly build in node and
// prints its output as a native interpreter would, so the benchmark can time
// it like our own launchers:
//   node run_official.mjs PATH/TO/micropython.mjs SCRIPT.py [ARG ...]
// The heap matches our launchers' (16 MiB); sys.argv is [SCRIPT.py, ARG ...].
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const HEAP_SIZE = 16 * 1024 * 1024;

const [moduleFile, script, ...args] = process.argv.slice(2);
if (!moduleFile || !script) {
  process.stderr.write("usage: node run_official.mjs PATH/TO/micropython.mjs SCRIPT.py [ARG ...]\n");
  process.exit(2);
}

const { loadMicroPython } = await import(pathToFileURL(path.resolve(moduleFile)).href);
// Line-buffered callbacks get each line without its newline; writes to a pipe
// are synchronous in node, so a line is out before the next one is computed.
const mp = await loadMicroPython({
  heapsize: HEAP_SIZE,
  stdout: (line) => process.stdout.write(line + "\n"),
  stderr: (line) => process.stderr.write(line + "\n"),
});
const setArgv = [script, ...args].map((arg) => `sys.argv.append(${JSON.stringify(arg)})`).join("\n");
try {
  mp.runPython("import sys\n" + setArgv);
  mp.runPython(readFileSync(script, "utf8"));
} catch (error) {
  process.stderr.write(`${error && error.message ? error.message : error}\n`);
  process.exitCode = 1;
}
