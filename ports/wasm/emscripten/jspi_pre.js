// jspi builds (the jspi feature; emscripten/jspi.c says how they suspend). Runs
// before emscripten instantiates the module (emcc --pre-js, after asyncify_pre.js,
// which sets Module.mpwAsync and Module.mpwNextTurn for both suspending builds).
//
// emscripten 3.1.6 knows nothing of JavaScript Promise Integration, so the module is
// instantiated here (Module.instantiateWasm, wrapping the embedder's own if it gave
// one): event_loop.c's waiting imports become WebAssembly.Suspending, and main.c's
// program and REPL entry points run through jspi.c's mpw_jspi_run made
// WebAssembly.promising, so they return Promises (callers await them, as asyncify's).
// Module.mpwSyncExports keeps the unwrapped exports (replProcessChar: a synchronous
// call, which cannot suspend).

Module["mpwJspi"] = true;
(function () {
  // mpbuild/features.py (ENGINES) names the same engines.
  if (typeof WebAssembly !== "object" || typeof WebAssembly.Suspending !== "function"
      || typeof WebAssembly.promising !== "function") {
    var engine = typeof process === "object" && process.versions && process.versions.node
      ? "node " + process.versions.node
      : "this engine (" + (typeof navigator === "object" && navigator.userAgent || "unknown") + ")";
    var error = new Error("this MicroPython build (jspi) needs WebAssembly JavaScript Promise Integration "
      + "(WebAssembly.Suspending), which " + engine + " lacks; it runs in node 25 or later and Chromium 137 "
      + "or later (other engines: use the asyncify or default build)");
    error.mpwNeedsEngine = "jspi";
    throw error;
  }
  var SUSPENDING_IMPORTS = ["mpw_jspi_wait", "mpw_jspi_read_char", "mpw_jspi_wait_settled"];
  // jspi.c's entry numbers.
  var RUN_ENTRIES = { mp_js_exec_str: 0, mp_js_exec_file: 1, mp_js_exec_module: 2, mp_js_repl_process_char: 3, mp_js_exit: 4,
    mp_js_exec_str_allowing_await: 5 };
  var embedderInstantiate = Module["instantiateWasm"];

  // ccall's "string" arguments are copies on the C stack that it gives back as soon as the call
  // returns: for a run that suspended, that is while the run's frames still use that stack, and
  // whatever runs meanwhile would overwrite them. So for the run entries the strings go through
  // malloc and are freed once the run has finished. (Module.ccall exists once the runtime is
  // set up: replaced before the first preRun step.)
  function safeCcall(ccall) {
    return function (ident, returnType, argTypes, args, opts) {
      if (!RUN_ENTRIES.hasOwnProperty(ident) || !argTypes || argTypes.indexOf("string") < 0) {
        return ccall(ident, returnType, argTypes, args, opts);
      }
      return Module["mpwWithStrings"](argTypes, args, function (types, values, release) {
        return Promise.resolve(ccall(ident, returnType, types, values, opts)).finally(release);
      });
    };
  }
  Module["preRun"] = [function () { Module["ccall"] = safeCcall(Module["ccall"]); }].concat(Module["preRun"] || []);

  Module["instantiateWasm"] = function (imports, receiveInstance) {
    var env = Object.assign({}, imports["env"]);
    SUSPENDING_IMPORTS.forEach(function (name) { env[name] = new WebAssembly.Suspending(env[name]); });
    var jspiImports = Object.assign({}, imports, { "env": env, "wasi_snapshot_preview1": env });
    function receive(instance, module) {
      var raw = instance.exports;
      var exports = Object.assign({}, raw);
      var run = WebAssembly.promising(raw["mpw_jspi_run"]);
      Object.keys(RUN_ENTRIES).forEach(function (name) {
        var entry = RUN_ENTRIES[name];
        exports[name] = function (a, b) { return run(entry, a || 0, b || 0); };
      });
      Module["mpwSyncExports"] = raw;
      receiveInstance({ exports: exports }, module);
    }
    if (embedderInstantiate) return embedderInstantiate(jspiImports, receive);
    getBinaryPromise().then(function (binary) {
      return WebAssembly.instantiate(binary, jspiImports);
    }).then(function (result) {
      receive(result.instance, result.module);
    }, function (reason) {
      err("failed to prepare wasm: " + reason);
      abort(reason);
    });
    return {};
  };
})();
