// Times Python <-> JavaScript interop through upstream's embedding API (loadMicroPython), which
// our micropython.mjs and the official npm build both have, so one script measures both:
//   node run_interop.mjs PATH/TO/micropython.mjs ROUND_TRIPS CONVERSIONS
// Prints microseconds per operation, each after an untimed warm-up of the same operation:
//   roundtrip us: JS calls a Python function (a PyProxy) that calls a JS function and returns
//   list_to_js us: a 1,000-element Python list converted to a JS Array (PyProxy.toJs)
//   array_to_py us: a 1,000-element JS Array made into a Python list (list() of its JsProxy)
// and "check:" lines with the results, which the benchmark compares with the expected ones.
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";

const HEAP_SIZE = 16 * 1024 * 1024;  // as run_official.mjs and our launchers
const SIZE = 1000;

const [moduleFile, roundTripsText, conversionsText] = process.argv.slice(2);
const roundTrips = Number(roundTripsText), conversions = Number(conversionsText);
if (!moduleFile || !(roundTrips > 0) || !(conversions > 0)) {
  process.stderr.write("usage: node run_interop.mjs PATH/TO/micropython.mjs ROUND_TRIPS CONVERSIONS\n");
  process.exit(2);
}

const { loadMicroPython } = await import(pathToFileURL(path.resolve(moduleFile)).href);
const mp = await loadMicroPython({
  heapsize: HEAP_SIZE,
  stdout: (line) => process.stdout.write(line + "\n"),
  stderr: (line) => process.stderr.write(line + "\n"),
});

mp.globals.set("js_add_one", (x) => x + 1);
mp.runPython([
  "def py_round_trip(x):",
  "    return js_add_one(x)",
  `big = list(range(${SIZE}))`,
  // (kept in Python: returning the list would add the making of a PyProxy to what is timed)
  "def py_list_of(array):",
  "    global converted",
  "    converted = list(array)",
  "    return len(converted)",
  "def py_converted_sum():",
  "    return sum(converted)",
].join("\n"));
const pyRoundTrip = mp.globals.get("py_round_trip");
const pyListOf = mp.globals.get("py_list_of");
const pyConvertedSum = mp.globals.get("py_converted_sum");
const bigProxy = mp.globals.get("big");
const jsArray = Array.from({ length: SIZE }, (_, i) => i);

// Microseconds per call of `operation`, after a warm-up of a tenth as many calls.
function timePerCall(count, operation) {
  let last;
  for (let i = 0; i < Math.max(1, Math.floor(count / 10)); i++) last = operation(i);
  const started = performance.now();
  for (let i = 0; i < count; i++) last = operation(i);
  return [(performance.now() - started) * 1000 / count, last];
}

const [roundTripUs, lastRoundTrip] = timePerCall(roundTrips, (i) => pyRoundTrip(i));
const [listToJsUs, converted] = timePerCall(conversions, () => mp.PyProxy.toJs(bigProxy));
const [arrayToPyUs, length] = timePerCall(conversions, () => pyListOf(jsArray));

const jsSum = converted.reduce((a, b) => a + b, 0);
const report = [
  `check: ${lastRoundTrip} ${Array.isArray(converted)} ${jsSum} ${length} ${pyConvertedSum()}`,
  `roundtrip us: ${roundTripUs.toFixed(4)}`,
  `list_to_js us: ${listToJsUs.toFixed(4)}`,
  `array_to_py us: ${arrayToPyUs.toFixed(4)}`,
].join("\n") + "\n";
// An explicit exit once the report is out: left to end by itself, node 20 sometimes stays idle
// after V8's background tier-up of a large wasm module (about 1 run in 10 with ours; none with
// --no-wasm-tier-up or --no-liftoff), cf. nodejs/node#36616.
process.stdout.write(report, () => process.exit(0));
