// The JavaScript half of event_loop.c's waits in jspi builds (emcc --js-library).
// jspi_pre.js wraps the waits in WebAssembly.Suspending: the Promise each
// returns suspends the running wasm stack until it settles.
//
// (Emscripten 3.1.6 stringifies this library: no arrow functions.)

mergeInto(LibraryManager.library, {
  // Waits ms milliseconds (0: one turn of the event loop; -ms: at most ms, ended
  // early by mpw_jspi_wake); 1 when Ctrl-C came meanwhile (Module.mpwInterruptPending,
  // set by the API's interrupt() and the launcher's SIGINT), which the C side raises
  // as KeyboardInterrupt.
  mpw_jspi_wait: function (ms) {
    var waited = ms === 0 ? Module.mpwNextTurn() : new Promise(function (resolve) {
      var timer = setTimeout(resolve, Math.abs(ms));
      if (ms < 0) Module.mpwJspiWake = function () { clearTimeout(timer); resolve(); };
    });
    return waited.then(function () {
      Module.mpwJspiWake = null;
      var pending = Module.mpwInterruptPending ? 1 : 0;
      Module.mpwInterruptPending = false;
      return pending;
    });
  },

  // The next byte of stdin, or -1 at its end: Module.mpwReadChar (set by the API and
  // the launcher) returns a Promise of it.
  mpw_jspi_read_char: function () {
    if (typeof Module.mpwReadChar !== "function") return Promise.resolve(-1);
    return Promise.resolve(Module.mpwReadChar());
  },

  // jspi.c's mpjs_wait_settled (asyncio.run waiting for a JS promise): resolves when the thenable
  // of the handle (0: none) settles, either way, or timeout_ms (-1: no limit) is up; 1 when
  // Ctrl-C came meanwhile.
  mpw_jspi_wait_settled__deps: ['$MPJS'],
  mpw_jspi_wait_settled: function (handle, timeout_ms) {
    return MPJS.settledOrTimeout(handle, timeout_ms).then(function () {
      var pending = Module.mpwInterruptPending ? 1 : 0;
      Module.mpwInterruptPending = false;
      return pending;
    });
  },

  // jspi.c's await_sync: its promise settled (a callback, so it cannot suspend itself).
  mpw_jspi_wake: function () {
    if (Module.mpwJspiWake) Module.mpwJspiWake();
  },
});
