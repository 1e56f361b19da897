// The JavaScript half of event_loop.c that does not suspend, linked
// into asyncify builds with emcc --js-library.
//
// Lean setjmp glue: asyncify wraps every wasm export for its bookkeeping of
// export calls (an unwind stops at, and a rewind restarts from, the
// outermost one). emscripten's invoke_* helpers (JS setjmp: every call made
// by a function that calls setjmp, so most calls of the bytecode loop) reach
// the wasm through dynCall_* and stackSave/stackRestore/setThrew exports,
// so each such call paid for two wrappers. Those exports are only ever
// called from inside a wasm call (never the outermost), so the wrapper is
// not needed for them: the module's `asm` gets them raw.
//
// (Emscripten 3.1.6 stringifies this library: no arrow functions.)

mergeInto(LibraryManager.library, {
  $mpwLeanInvokes__deps: ['$Asyncify'],
  $mpwLeanInvokes__postset: 'mpwLeanInvokes();',
  $mpwLeanInvokes: function () {
    var instrument = Asyncify.instrumentWasmExports;
    Asyncify.instrumentWasmExports = function (exports) {
      var wrapped = instrument(exports);
      for (var name in exports) {
        if (/^(dynCall_\w+|stackSave|stackRestore|setThrew)$/.test(name)) {
          wrapped[name] = exports[name];
        }
      }
      return wrapped;
    };
  },

  // Ctrl-C from JavaScript sets Module.mpwInterruptPending; event_loop.c
  // takes it once the stack is rewound (calling into the runtime while it
  // is suspended would disturb asyncify's bookkeeping).
  mpw_js_take_interrupt__deps: ['$mpwLeanInvokes'],
  mpw_js_take_interrupt: function () {
    var pending = Module.mpwInterruptPending ? 1 : 0;
    Module.mpwInterruptPending = false;
    return pending;
  },
});
