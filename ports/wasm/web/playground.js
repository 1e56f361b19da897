// playground.js: index.html's playground (an ES module). README "In the browser" is the reference.
//
// The editor (editor.js: CodeMirror 6, bundled by the build) holds the code; Run runs it in a
// Web Worker (micropython-worker.mjs) with a fresh interpreter each time, its stdout and stderr
// streamed into the output pane; Stop interrupts it (KeyboardInterrupt); input() asks for a
// line in the output pane. Share puts the code into the page address's fragment, which is read
// back on load. The REPL tab is pythons.js's terminal (a runtime of its own on the main thread),
// which also shows the output of <script type="text/µpython"> tags and of `?script.py args`.
//
// State for tests and for styling: #playground[data-state] is loading | idle | running | crashed | failed.
import { createEditor } from "./editor.js";
import { loadMicroPythonWorker } from "./micropython-worker.mjs";

const HEAP_SIZE = 16 * 1024 * 1024;
const SOURCE_NAME = "main.py";
// Output beyond this many characters drops the oldest (an endless print loop must not eat the tab's memory).
const MAX_OUTPUT_CHARS = 2_000_000;
// A Stop that has not ended the run by then offers Restart (Python is inside a long call into C).
const STOP_GRACE_MS = 2000;
const EXAMPLE = `# Edit, then Run (or Ctrl-Enter). Stop ends a running program.
import sys
print("Hello from MicroPython on", sys.platform)
name = input("Your name? ")
for i in range(3):
    print(i, "hello,", name)
`;

const $ = (selector) => document.querySelector(selector);
const ui = {
  root: $("#playground"),
  run: $("#run"),
  stop: $("#stop"),
  share: $("#share"),
  shareLink: $("#share-link"),
  status: $("#run-status"),
  notice: $("#playground-notice"),
  problem: $("#problem"),
  problemText: $("#problem-text"),
  restart: $("#restart"),
  output: $("#output"),
  inputForm: $("#input-form"),
  inputPrompt: $("#input-prompt"),
  inputLine: $("#input-line"),
  editor: $("#editor"),
};

let mp = null;
let running = false;
let stopRequested = false;
let pendingInput = null;  // resolve() of the line input() waits for

function setState(state, message) {
  ui.root.dataset.state = state;
  ui.run.disabled = state !== "idle";
  ui.restart.disabled = state === "loading";
  if (message !== undefined) ui.status.textContent = message;
}

/* ---- tabs: the editor and the REPL ------------------------------------------------------- */

function selectTab(name) {
  for (const tab of document.querySelectorAll('[role="tab"]')) {
    const selected = tab.dataset.tab === name;
    tab.setAttribute("aria-selected", String(selected));
    tab.tabIndex = selected ? 0 : -1;
    document.getElementById(tab.getAttribute("aria-controls")).classList.toggle("inactive", !selected);
  }
  if (name === "repl") {
    const page = window.micropythonPage;
    if (page && page.terminal) {
      page.terminal.refresh(0, page.terminal.rows - 1);
      page.terminal.focus();
    }
  } else if (editor) {
    editor.view.requestMeasure();
  }
}

for (const tab of document.querySelectorAll('[role="tab"]')) {
  tab.addEventListener("click", () => selectTab(tab.dataset.tab));
}

/* ---- the output pane --------------------------------------------------------------------- */

let queued = [];
let flushScheduled = false;
let outputChars = 0;

// Output comes in many small pieces; the page draws them once per frame.
function write(text, kind = "stdout") {
  queued.push([kind, text]);
  if (!flushScheduled) {
    flushScheduled = true;
    requestAnimationFrame(flushOutput);
  }
}

function flushOutput() {
  flushScheduled = false;
  if (!queued.length) return;
  const pieces = queued;
  queued = [];
  for (const [kind, text] of pieces) {
    const last = ui.output.lastChild;
    if (last && last.dataset.kind === kind) {
      last.firstChild.appendData(text);
    } else {
      const span = document.createElement("span");
      span.className = `output-${kind}`;
      span.dataset.kind = kind;
      span.appendChild(document.createTextNode(text));
      ui.output.appendChild(span);
    }
    outputChars += text.length;
  }
  while (outputChars > MAX_OUTPUT_CHARS && ui.output.firstChild && ui.output.firstChild !== ui.output.lastChild) {
    outputChars -= ui.output.firstChild.textContent.length;
    ui.output.firstChild.remove();
  }
  ui.output.scrollTop = ui.output.scrollHeight;
}

function clearOutput() {
  queued = [];
  ui.output.textContent = "";
  outputChars = 0;
}

/* ---- input(): a line typed below the output ---------------------------------------------- */

function askForLine(prompt) {
  closeInput(null);  // (only one input() waits at a time)
  ui.inputPrompt.textContent = prompt || "input:";
  ui.inputForm.hidden = false;
  ui.inputLine.value = "";
  ui.inputLine.focus();
  return new Promise((resolve) => { pendingInput = resolve; });
}

function closeInput(line) {
  ui.inputForm.hidden = true;
  const resolve = pendingInput;
  pendingInput = null;
  if (resolve) resolve(line);
}

ui.inputForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const line = ui.inputLine.value;
  write(line + "\n", "input");  // the answer shows after its prompt, as in a terminal
  closeInput(line);
});
// Escape: end of input (input() raises EOFError), as Ctrl-D in a terminal.
ui.inputLine.addEventListener("keydown", (event) => {
  if (event.key === "Escape" || (event.key === "d" && event.ctrlKey)) {
    event.preventDefault();
    closeInput(null);
  }
});

/* ---- Run, Stop, Restart ------------------------------------------------------------------ */

function describeStatus(status) {
  if (stopRequested) return "Stopped.";
  if (status === 0) return "Finished.";
  if (status & 0x100) return `Exited with status ${status & 0xff} (sys.exit).`;
  return "Failed: the traceback is in the output.";
}

async function run() {
  if (!mp || running || ui.root.dataset.state !== "idle") return;
  running = true;
  stopRequested = false;
  clearOutput();
  hideProblem();
  setState("running", "Running\u2026");
  const started = performance.now();
  let message;
  try {
    await mp.reset();  // each Run starts from a fresh interpreter
    const status = await mp.runScript(editor.getCode(), { sourceName: SOURCE_NAME, argv: [SOURCE_NAME] });
    message = `${describeStatus(status)} (${Math.round(performance.now() - started)} ms)`;
  } catch (error) {
    // A crash is reported by onCrash; a terminated worker by restart().
    if (error.name !== "WorkerCrashed") write(`${error.message}\n`, "stderr");
    message = error.name === "WorkerCrashed" ? undefined : "Ended: the runtime was restarted.";
  } finally {
    running = false;
    closeInput(null);
  }
  flushOutput();  // (all of the run's output is on the page when it says it ended)
  if (ui.root.dataset.state === "running") setState("idle", message);
}

function stop() {
  if (!mp || !running || !mp.interrupt()) {
    ui.status.textContent = "Nothing is running.";
    return;
  }
  closeInput(null);
  if (stopRequested) return;  // (pressed again: the first Stop is on its way)
  stopRequested = true;
  ui.status.textContent = "Stopping\u2026";
  const stopping = ui.root.dataset.state;
  setTimeout(() => {
    if (running && stopRequested && ui.root.dataset.state === stopping && mp.mode === "worker") {
      showProblem("Python has not stopped: it is inside one long call into C (a slow regular expression, say), " +
                  "where Stop cannot reach it. Restart ends it and gives a fresh runtime.");
    }
  }, STOP_GRACE_MS);
}

function showProblem(text) {
  ui.problemText.textContent = text;
  ui.problem.hidden = false;
}

function hideProblem() {
  ui.problem.hidden = true;
}

function crashed(error) {
  closeInput(null);
  flushOutput();
  setState("crashed", "The runtime crashed.");
  showProblem(`${error.message.replace(/: call restart\(\) for a fresh one$/, "")}. ` +
              "Restart starts a fresh runtime (the code in the editor stays).");
}

async function restart() {
  setState("loading", "Restarting\u2026");  // (the run that restart() ends must not say "idle" first)
  const started = performance.now();
  try {
    await mp.restart();
  } catch (error) {
    setState("failed", `Could not restart MicroPython: ${error.message}`);
    return;
  }
  hideProblem();
  running = false;
  setState("idle", `Restarted: a fresh runtime (${Math.round(performance.now() - started)} ms).`);
}

ui.run.addEventListener("click", () => run());
ui.stop.addEventListener("click", () => stop());
ui.restart.addEventListener("click", () => restart());

/* ---- the share link: the code in the page address's fragment ----------------------------- */

function toBase64Url(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text) {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

async function transform(bytes, stream) {
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer());
}

// "#z=..." (deflate, base64url) where the browser compresses, else "#code=..." (base64url).
async function fragmentFor(code) {
  const bytes = new TextEncoder().encode(code);
  if (typeof CompressionStream === "function") return `z=${toBase64Url(await transform(bytes, new CompressionStream("deflate-raw")))}`;
  return `code=${toBase64Url(bytes)}`;
}

// The code a fragment holds; null when it holds none; throws when it is damaged.
async function codeFromFragment(hash) {
  const fragment = hash.replace(/^#/, "");
  const match = /^(z|code)=(.*)$/s.exec(fragment);
  if (!match) return null;
  const bytes = fromBase64Url(match[2]);
  const plain = match[1] === "z" ? await transform(bytes, new DecompressionStream("deflate-raw")) : bytes;
  return new TextDecoder("utf-8", { fatal: true }).decode(plain);
}

async function share() {
  const url = new URL(location.href);
  url.hash = await fragmentFor(editor.getCode());
  history.replaceState(null, "", url.href);
  ui.shareLink.value = url.href;
  ui.shareLink.hidden = false;
  ui.shareLink.select();
  try {
    await navigator.clipboard.writeText(url.href);
    ui.status.textContent = "Link copied: it holds the code.";
  } catch (error) {
    ui.status.textContent = "Copy the link beside Share: it holds the code.";
  }
}

ui.share.addEventListener("click", () => share());

async function restoreFromAddress() {
  try {
    const code = await codeFromFragment(location.hash);
    if (code !== null) {
      editor.setCode(code);
      return true;
    }
  } catch (error) {
    ui.notice.textContent = "The code in this page's link could not be read (the link is incomplete or damaged): " +
      "the editor shows the example instead.";
    ui.notice.hidden = false;
  }
  return false;
}

/* ---- start -------------------------------------------------------------------------------- */

const editor = createEditor(ui.editor, { doc: EXAMPLE, onRun: () => run() });
const shared = await restoreFromAddress();
window.addEventListener("hashchange", () => restoreFromAddress());

// Script tags and `?script.py` write into the terminal: show it. A shared link shows the editor.
const pageRunsPython = !shared && (location.search.length > 1 ||
  document.querySelector('script[type="text/\u00b5python"], script[type="text/\u03bcpython"], script[type="text/micropython"]'));
selectTab(pageRunsPython ? "repl" : "editor");

setState("loading", "Loading MicroPython\u2026");
try {
  mp = await loadMicroPythonWorker({
    heapsize: HEAP_SIZE,
    spare: false,  // (a crash is rare; a new worker is ready in about 0.1 s)
    stdout: (text) => write(text, "stdout"),
    stderr: (text) => write(text, "stderr"),
    onInput: (prompt) => askForLine(prompt),
    onCrash: (error) => crashed(error),
  });
} catch (error) {
  setState("failed", `Could not start MicroPython: ${error.message}`);
  throw error;
}
if (mp.mode !== "worker") {
  ui.notice.textContent = `${mp.reason}. So a running program holds the page, Stop works only in the asyncify ` +
    "variant, and input() gets end of input (EOFError).";
  ui.notice.hidden = false;
}
setState("idle", mp.mode === "worker" ? "Ready: Run runs the code in a Web Worker." : "Ready (on the main thread).");
window.playground = { mp, editor, selectTab, fragmentFor, codeFromFragment };
