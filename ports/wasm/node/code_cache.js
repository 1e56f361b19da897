// The node launcher's cache of optimised machine code for micropython.wasm,
// as browsers keep one for the pages they load.
//
// Why: V8 first runs wasm on baseline code and optimises a function only once
// it is hot, and the bytecode loop (one ~28 KB function) takes 60-150 ms to
// optimise. Short programs end before that, and a loop that started on
// baseline code stays there. So the first run after a build compiles the
// whole module with the optimising compiler (~0.2 s, once) and saves the
// machine code; later runs load it in a few milliseconds and run at full
// speed from their first instruction.
//
// Where: $MICROPYTHON_WASM_CODE_CACHE (a folder, or "off"), else
// $XDG_CACHE_HOME/micropython-wasm/code, else ~/.cache/micropython-wasm/code.
// One file per micropython.wasm path and node set-up; a rebuilt module
// replaces its entry, and entries of modules that are gone are deleted.
//
// Node has no public API for this. V8's own (runtime functions, reached with
// --allow-natives-syntax) aborts the process on malformed input, so an entry
// is only handed to V8 after its checksum, size and key all match.
"use strict";

const fs = require("fs");
const path = require("path");

const MAGIC = "MPWCODE1";
const HEADER_SIZE = 24;  // magic, key length, payload length, checksum (64 bits)
// V8's serialiser (natives syntax) and whole-module optimised compilation, which it needs.
// The launcher's first line gives them to node, which spares loading node's v8 module
// (~2 ms of start-up); a launcher run as `node micropython` gets them set here.
const CACHE_FLAGS = ["--allow-natives-syntax", "--no-liftoff", "--no-wasm-lazy-compilation"];
const NODE_DEFAULT_FLAGS = ["--liftoff", "--wasm-lazy-compilation", "--wasm-dynamic-tiering"];  // baseline code first, lazily

function setFlags(flags) {
  const v8 = require("v8");
  for (const flag of flags) v8.setFlagsFromString(flag);
}

function cacheFlagsGiven() {
  return CACHE_FLAGS.every((flag) => process.execArgv.includes(flag));
}

function cacheFolder(env) {
  const setting = env.MICROPYTHON_WASM_CODE_CACHE;
  if (setting === "off" || setting === "0") return null;
  if (setting) return path.resolve(setting);
  const home = env.HOME || require("os").homedir();
  const base = env.XDG_CACHE_HOME || (home ? path.join(home, ".cache") : null);
  return base ? path.join(base, "micropython-wasm", "code") : null;
}

// A debugger needs V8's baseline code, which optimised-only compilation leaves out.
function underDebugger(env) {
  return [...process.execArgv, env.NODE_OPTIONS || ""].some((arg) => /--inspect|--debug/.test(arg));
}

// Names a cache file (the entry's full key is checked on reading): two FNV-1a
// streams with different seeds, 64 bits of hex.
function nameHash(text) {
  let a = 0x811c9dc5 | 0, b = 0x3b9ac9ff | 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x1000193);
    b = Math.imul(b ^ c ^ (a >>> 24), 0x1000193);
  }
  return (a >>> 0).toString(16).padStart(8, "0") + (b >>> 0).toString(16).padStart(8, "0");
}

// An entry's checksum: two running sums over its payload's 32-bit words (the
// tail zero-padded), which catch a truncated, torn or bit-flipped entry before
// V8 sees it. Computed in wasm: 4-5x quicker than JS that has not warmed up.
// The module is this WebAssembly text, assembled by hand:
//   (module (import "m" "memory" (memory 0))
//     (func (export "sum") (param $end i32) (result i64) (local $i i32) (local $a i32) (local $b i32)
//       (local.set $a (i32.const 0x811c9dc5)) (local.set $b (local.get $end))
//       (block $done (loop $next
//         (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
//         (local.set $a (i32.mul (i32.xor (local.get $a) (i32.load (local.get $i))) (i32.const 0x1000193)))
//         (local.set $b (i32.add (local.get $b) (local.get $a)))
//         (local.set $i (i32.add (local.get $i) (i32.const 4)))
//         (br $next)))
//       (i64.or (i64.shl (i64.extend_i32_u (local.get $a)) (i64.const 32)) (i64.extend_i32_u (local.get $b)))))
const CHECKSUM_WASM = "AGFzbQEAAAABBgFgAX8BfgINAQFtBm1lbW9yeQIAAAMCAQAHBwEDc3VtAAAKSQFHAQN/QcW78oh4IQIgACEDAkADQCAB" +
  "IABPDQEgAiABKAIAc0GTg4AIbCECIAMgAmohAyABQQRqIQEMAAsLIAKtQiCGIAOthAs=";

function checksum(payload) {
  const memory = new WebAssembly.Memory({ initial: Math.ceil((payload.byteLength + 4) / 65536) });
  const module = new WebAssembly.Module(Buffer.from(CHECKSUM_WASM, "base64"));
  const { sum } = new WebAssembly.Instance(module, { m: { memory } }).exports;
  new Uint8Array(memory.buffer).set(new Uint8Array(payload));
  return sum(payload.byteLength);  // (a signed 64-bit BigInt)
}

// What machine code depends on besides the module: node, V8 and their flags.
function nodeSetup(env) {
  return JSON.stringify([process.version, process.versions.v8, process.arch, process.execArgv, env.NODE_OPTIONS || ""]);
}

// Which build of the module a file is (a relink makes a new one), or null if it is gone.
function moduleIdentity(wasmPath) {
  const stat = fs.statSync(wasmPath, { throwIfNoEntry: false, bigint: true });
  return stat ? [wasmPath, String(stat.size), String(stat.mtimeNs), String(stat.ino)] : null;
}

function entryKey(wasmPath, env) {
  return JSON.stringify({ module: moduleIdentity(wasmPath), node: nodeSetup(env) });
}

// An entry's header and key, read from an open file: null unless the magic and the sizes fit.
function readHeader(descriptor) {
  const header = Buffer.alloc(HEADER_SIZE);
  if (fs.readSync(descriptor, header, 0, HEADER_SIZE, 0) !== HEADER_SIZE) return null;
  if (header.toString("latin1", 0, MAGIC.length) !== MAGIC) return null;
  const keyLength = header.readUInt32LE(8);
  const payloadLength = header.readUInt32LE(12);
  if (fs.fstatSync(descriptor).size !== HEADER_SIZE + keyLength + payloadLength) return null;
  const keyBytes = Buffer.alloc(keyLength);
  if (fs.readSync(descriptor, keyBytes, 0, keyLength, HEADER_SIZE) !== keyLength) return null;
  return { key: keyBytes.toString("utf8"), payloadStart: HEADER_SIZE + keyLength, payloadLength,
           checksum: header.readBigInt64LE(16) };
}

function withOpenFile(file, use) {
  const descriptor = fs.openSync(file, "r");
  try {
    return use(descriptor);
  } finally {
    fs.closeSync(descriptor);
  }
}

// The payload of the entry in `file` if that entry is whole and is for `key`, else null.
function readEntry(file, key) {
  try {
    return withOpenFile(file, (descriptor) => {
      const header = readHeader(descriptor);
      if (!header || header.key !== key) return null;
      const payload = new ArrayBuffer(header.payloadLength);  // V8 takes exactly the serialised bytes
      const { payloadStart, payloadLength } = header;
      if (fs.readSync(descriptor, new Uint8Array(payload), 0, payloadLength, payloadStart) !== payloadLength) {
        return null;
      }
      return checksum(payload) === header.checksum ? payload : null;
    });
  } catch (error) {
    return null;  // (no entry, or an unreadable one)
  }
}

function writeEntry(file, key, payload) {
  const keyBytes = Buffer.from(key, "utf8");
  const header = Buffer.alloc(HEADER_SIZE);
  header.write(MAGIC, 0, "latin1");
  header.writeUInt32LE(keyBytes.length, 8);
  header.writeUInt32LE(payload.byteLength, 12);
  header.writeBigInt64LE(checksum(payload), 16);
  // Written aside and renamed: a reader sees a whole entry or none.
  const temporary = `${file}.tmp-${process.pid}-${Date.now()}`;
  try {
    fs.writeFileSync(temporary, Buffer.concat([header, keyBytes, new Uint8Array(payload)]));
    fs.renameSync(temporary, file);
  } catch (error) {
    try { fs.unlinkSync(temporary); } catch (ignored) { /* never written */ }
    throw error;
  }
}

// Entries whose module was rebuilt or deleted, and writes cut short long ago.
function pruneStale(folder, keep) {
  let names;
  try { names = fs.readdirSync(folder); } catch (error) { return; }
  const now = Date.now();
  for (const name of names) {
    const file = path.join(folder, name);
    if (file === keep) continue;
    try {
      if (name.includes(".tmp-")) {
        if (now - fs.statSync(file).mtimeMs > 3600e3) fs.unlinkSync(file);
        continue;
      }
      if (!name.endsWith(".v8code")) continue;
      const header = withOpenFile(file, readHeader);
      const module = JSON.parse(header.key).module;  // (a malformed entry throws: deleted below)
      if (JSON.stringify(moduleIdentity(module[0])) !== JSON.stringify(module)) fs.unlinkSync(file);
    } catch (error) {
      try { fs.unlinkSync(file); } catch (ignored) { /* gone already */ }
    }
  }
}

function v8Natives() {
  try {
    return {
      serialize: new Function("module", "return %SerializeWasmModule(module);"),
      deserialize: new Function("payload", "wire", "return %DeserializeWasmModule(payload, wire);"),
    };
  } catch (error) {
    throw new Error("this node's V8 cannot save wasm code");
  }
}

// mkdir -p, one level at a time: node 20's recursive mkdirSync spins forever under /proc.
function makeFolder(folder) {
  try {
    fs.mkdirSync(folder);
  } catch (error) {
    if (error.code === "EEXIST") return;
    if (error.code !== "ENOENT" || path.dirname(folder) === folder) throw error;
    makeFolder(path.dirname(folder));
    fs.mkdirSync(folder);
  }
}

function compileThroughCache(wasm, bytes, env, folder, tell) {
  makeFolder(folder);
  // (A folder that cannot take entries would cost every run the whole-module compile.)
  if (!fs.statSync(folder).isDirectory()) throw new Error(`${folder} is not a folder`);
  fs.accessSync(folder, fs.constants.W_OK);
  if (!cacheFlagsGiven()) setFlags(CACHE_FLAGS);
  const natives = v8Natives();
  const key = entryKey(wasm, env);
  const file = path.join(folder, `${nameHash(wasm)}-${nameHash(nodeSetup(env))}.v8code`);
  const payload = readEntry(file, key);
  if (payload) {
    const module = natives.deserialize(payload, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (module instanceof WebAssembly.Module) {
      tell("hit", file);
      return module;
    }
    tell("rejected", file);  // by V8: written by another V8 or CPU
  } else {
    tell("miss", file);
  }
  const module = new WebAssembly.Module(bytes);
  try {
    writeEntry(file, key, natives.serialize(module));
    pruneStale(folder, file);
  } catch (error) {
    tell("unsaved", error.message);
  }
  return module;
}

// The compiled module for micropython.wasm (its bytes already read), through the code cache
// unless that is off. `report(outcome, detail)` hears "hit", "miss", "rejected", "unsaved" or "off".
// Nothing about the cache makes a run fail: at worst the module is compiled as node would.
function compileWasm(wasmPath, bytes, env, report) {
  const tell = report || function () {};
  const folder = underDebugger(env) ? null : cacheFolder(env);
  if (!folder) {
    tell("off", "disabled");
    setFlags(NODE_DEFAULT_FLAGS);
    return new WebAssembly.Module(bytes);
  }
  try {
    return compileThroughCache(path.resolve(wasmPath), bytes, env, folder, tell);
  } catch (error) {
    tell("off", error.message);
    setFlags(NODE_DEFAULT_FLAGS);
    return new WebAssembly.Module(bytes);
  }
}

module.exports = { compileWasm };
