// Module.mpjs, the embedding API (README, "Python <-> JavaScript"):
// runPython, runPythonAsync, pyimport, registerJsModule, globals; it calls
// mpjs_run.c's entry points. Part of MPJS (library_mpjs_values.js).
// (Emscripten 3.1.6 stringifies this library: no arrow functions, and no
// state in object literals: MPJS.init() builds it.)

mergeInto(LibraryManager.library, {
  $MPJS_api: {

    // Calls one of mpjs_run.c's entry points fn(...ints, out, status) with
    // strings/values converted: [status, result].
    callEntry: function (fn, strings, values) {
      var size = MPJS.VALUE_SIZE * (values.length + 1) + 8;
      var block = _malloc(size);
      if (!block) throw new RangeError('out of memory');
      HEAPU8.fill(0, block, block + size);
      var out = block + MPJS.VALUE_SIZE * values.length;
      var statusPtr = out + MPJS.VALUE_SIZE;
      HEAP32[statusPtr >> 2] = 1;
      var pointers = [];
      var result, status;
      try {
        strings.forEach(function (text) {
          var bytes = MPJS.encoder.encode(text);
          var ptr = _malloc(bytes.length + 1);
          if (!ptr) throw new RangeError('out of memory');
          HEAPU8.set(bytes, ptr);
          HEAPU8[ptr + bytes.length] = 0;
          pointers.push(ptr);
        });
        for (var i = 0; i < values.length; i++) {
          MPJS.toC(values[i], block + MPJS.VALUE_SIZE * i);
          pointers.push(block + MPJS.VALUE_SIZE * i);
        }
        fn.apply(null, pointers.concat([out, statusPtr]));
        status = HEAP32[statusPtr >> 2];
        result = MPJS.fromC(out);
      } finally {
        for (var k = 0; k < strings.length; k++) _free(pointers[k]);
        _free(block);
      }
      _mpjs_idle();
      if (status === MPJS.THROWN && !(result instanceof Error)) {
        result = new MPJS.PythonError(String(result));
      }
      return [status, result];
    },
    entryResult: function (result) {
      if (result[0] === MPJS.THROWN) throw result[1];
      return result[0] === MPJS.MISSING ? undefined : result[1];
    },

    // Code indented as a whole (as in a JS template string) runs as if it
    // were not: the first line's indentation is taken off every line.
    dedent: function (code) {
      var match = /^(?:[ \t]*(?:#[^\n]*)?\n)*([ \t]+)\S/.exec(code);
      if (!match) return code;
      var prefix = match[1];
      return code.split('\n').map(function (line) {
        return line.slice(0, prefix.length) === prefix ? line.slice(prefix.length) : line;
      }).join('\n');
    },

    // Module.mpjs: the embedding API (README, "Python <-> JavaScript").
    makeApi: function () {
      var api = {};
      api.PyProxy = MPJS.PyProxy;
      api.PythonError = MPJS.PythonError;
      api.runPython = function (code) {
        // (the value of its last expression: mpjs_run.c finds it in the parse tree)
        return MPJS.entryResult(MPJS.callEntry(function (text, out, st) { _mpjs_run(text, 0, out, st); },
                                               [MPJS.dedent(code)], []));
      };
      api.runPythonAsync = function (code) {
        return Promise.resolve().then(function () {
          var result = MPJS.callEntry(function (text, out, st) { _mpjs_run(text, 1, out, st); },
                                      [MPJS.dedent(code)], []);
          if (result[0] !== MPJS.YIELDED) return MPJS.entryResult(result);
          // Top-level await: the code runs as a coroutine; then its last value.
          return result[1].then(function () {
            return MPJS.entryResult(MPJS.callEntry(_mpjs_take_last, [], []));
          });
        });
      };
      api.pyimport = function (name) {
        return MPJS.entryResult(MPJS.callEntry(_mpjs_import, [String(name)], []));
      };
      api.registerJsModule = function (name, module) {
        if (module === null || (typeof module !== 'object' && typeof module !== 'function')) {
          throw new TypeError('registerJsModule(' + JSON.stringify(String(name))
                              + ', module): module must be an object, not ' + (module === null ? 'null' : typeof module));
        }
        MPJS.entryResult(MPJS.callEntry(_mpjs_register_module, [String(name)], [module]));
      };
      var main = api.pyimport('__main__');
      var dict = main.__dict__;
      api.globals = {
        __dict__: dict,
        get: function (key) { return dict[key]; },
        set: function (key, value) { dict[key] = value; },
        delete: function (key) { delete dict[key]; },
      };
      return api;
    }
  },

  // ... then this, once the runtime is up: Module.mpjs.
  mpjs_js_make_api__deps: ['$MPJS'],
  mpjs_js_make_api: function () {
    Module['mpjs'] = MPJS.makeApi();
  },
});
