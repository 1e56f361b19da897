// The JavaScript half of the `js` and `jsffi` modules and of Module.mpjs, the
// embedding API that micropython.mjs and pythons.js build on; README, "Python
// <-> JavaScript", documents both. Linked with emcc --js-library, in parts:
//   library_mpjs_values.js   (this file) MPJS: the value table and conversions
//   library_mpjs_pyproxy.js  Python objects seen from JS (PyProxy, PythonError)
//   library_mpjs_jsproxy.js  what a JsProxy asks of JS (get, set, call, iterate)
//   library_mpjs_api.js      Module.mpjs (runPython...)
// The C halves are mpjs_*.c (mpjs.h).
//
// Values cross the boundary as 24-byte records (mpjs_value_t in mpjs.h):
//   u32 kind, u32 a, u32 b, u32 keep, f64 num
// JS values that Python references live in MPJS.table, by handle; handle 0
// is undefined and 1 globalThis, for good. A JS object keeps its handle
// number for as long as it lives (MPJS.numbers), so the same object always
// shows as the same <JsProxy N>, and numbers are never reused. Each entry
// knows the address of its one Python JsProxy (ptr), so the same JS object
// is the same Python object. Python objects that JS references are known by
// an id (their address / 4) and wrapped once (a Proxy, a function or a
// PythonError): the wrapper is cached while it lives.
//
// (Emscripten 3.1.6 stringifies this library: no arrow functions, and no
// state in object literals: MPJS.init() builds it.)

mergeInto(LibraryManager.library, {
  // MPJS is one namespace; its parts by concern (library_mpjs_*.js) join it here.
  $MPJS__deps: ['malloc', 'free', '$MPJS_pyproxy', '$MPJS_api'],
  $MPJS__postset: 'Object.assign(MPJS, MPJS_pyproxy, MPJS_api); MPJS.init();',
  $MPJS: {
    VALUE_SIZE: 24,
    KIND_UNDEFINED: 0,
    KIND_NULL: 1,
    KIND_BOOL: 2,
    KIND_INT: 3,
    KIND_FLOAT: 4,
    KIND_STR: 5,
    KIND_BIGINT: 6,
    KIND_BYTES: 7,
    KIND_OBJECT: 8,
    KIND_PYOBJ: 9,
    // Low bits of a Python reference's b: what its wrapper is; PY_ITERABLE is a flag.
    PY_CALLABLE: 1,
    PY_EXCEPTION: 2,
    PY_GENERATOR: 3,
    PY_KIND_MASK: 7,
    PY_ITERABLE: 8,
    // Statuses (mpjs.h MPJS_*).
    OK: 0,
    THROWN: 1,
    MISSING: 2,
    YIELDED: 4,
    // Operations of mpjs_call_py (mpjs.h MPJS_OP_*).
    OP_CALL: 0,
    OP_STR: 1,
    OP_REPR: 2,
    OP_GETATTR: 3,
    OP_EXC_INFO: 4,
    OP_GET: 5,
    OP_SET: 6,
    OP_DEL: 7,
    OP_HAS: 8,
    OP_KEYS: 9,
    OP_ITER: 10,
    OP_NEXT: 11,
    OP_SEND: 12,
    OP_THROW: 13,
    OP_TO_JS: 14,

    init: function () {
      MPJS.table = new Map();  // handle -> {value, ptr (its JsProxy), pending}
      MPJS.handleOf = new Map();  // value -> handle, while it has one
      MPJS.numbers = new WeakMap();  // object -> the handle number it always gets
      MPJS.nextHandle = 2;
      MPJS.live = 0;
      MPJS.gen = 0;  // bumped when the runtime restarts: older wrappers are dead
      MPJS.encoder = new TextEncoder();
      MPJS.decoder = new TextDecoder();
      MPJS.states = new WeakMap();  // wrapper (and Proxy target) -> state of its Python object
      MPJS.pyCache = new Map();  // id -> {state, ref (WeakRef) or strong}
      MPJS.released = new Set();  // ids whose wrappers are gone, for mpjs_convert.c to forget
      MPJS.ids = new WeakMap();  // object -> hash
      MPJS.nextId = 1;
      MPJS.nextRef = 1;  // the _ref numbers of wrappers, in creation order
      MPJS.errorDepth = 0;
      MPJS.hasWeakRef = typeof WeakRef === 'function';
      MPJS.finalizers = typeof FinalizationRegistry === 'function'
        ? new FinalizationRegistry(function (state) { MPJS.releaseState(state); }) : null;

      MPJS.initPyProxy();

      // Throws from a one-line script of its own: when nobody catches the
      // error, node quotes the throwing line, which here is short.
      MPJS.rethrow = function (error) { throw error; };
      try {
        MPJS.rethrow = new Function('error', 'throw error;  // a Python exception, uncaught\n//# sourceURL=micropython');
      } catch (e) {
        // no eval (Content-Security-Policy): keep the plain one
      }
    },

    // The table of JS values referenced from Python.
    value: function (handle) {
      if (handle === 1) return globalThis;
      var entry = MPJS.table.get(handle);
      return entry === undefined ? undefined : entry.value;
    },
    // For the suspending waits (mpjs_wait_settled in asyncify and jspi builds): a Promise that
    // resolves when the thenable of the handle (0: none) settles, either way, or timeout_ms
    // (-1: no limit) is up.
    settledOrTimeout: function (handle, timeout_ms) {
      return new Promise(function (resolve) {
        var timer = timeout_ms >= 0 ? setTimeout(resolve, timeout_ms) : null;
        if (handle) {
          var settled = function () {
            if (timer !== null) clearTimeout(timer);
            resolve();
          };
          Promise.resolve(MPJS.value(handle)).then(settled, settled);
        }
      });
    },
    // A handle for value that C will take (mpjs_js_take) once.
    newHandle: function (value) {
      if (value === globalThis) return 1;
      var handle = MPJS.handleOf.get(value);
      if (handle !== undefined) {
        MPJS.table.get(handle).pending++;
        return handle;
      }
      var remember = (typeof value === 'object' && value !== null) || typeof value === 'function';
      handle = remember ? MPJS.numbers.get(value) : undefined;
      if (handle === undefined) {
        handle = MPJS.nextHandle++;
        if (remember) MPJS.numbers.set(value, handle);
      }
      MPJS.table.set(handle, { value: value, ptr: 0, pending: 1 });
      MPJS.handleOf.set(value, handle);
      MPJS.live++;
      return handle;
    },
    freeHandle: function (handle, ptr) {
      var entry = MPJS.table.get(handle);
      if (entry === undefined) return;
      if (entry.ptr === ptr) entry.ptr = 0;
      if (entry.ptr === 0 && entry.pending <= 0) {
        MPJS.table.delete(handle);
        MPJS.handleOf.delete(entry.value);
        MPJS.live--;
      }
    },

    // Writing and reading values in wasm memory.
    putString: function (text, p, kind) {
      var bytes = MPJS.encoder.encode(text);
      var ptr = 0;
      if (bytes.length) {
        ptr = _malloc(bytes.length);
        if (!ptr) throw new RangeError('out of memory');
        HEAPU8.set(bytes, ptr);
      }
      HEAPU32[p >> 2] = kind;
      HEAPU32[(p >> 2) + 1] = ptr;
      HEAPU32[(p >> 2) + 2] = bytes.length;
    },
    putBytes: function (bytes, p) {
      var ptr = 0;
      if (bytes.length) {
        ptr = _malloc(bytes.length);
        if (!ptr) throw new RangeError('out of memory');
        HEAPU8.set(bytes, ptr);
      }
      HEAPU32[p >> 2] = MPJS.KIND_BYTES;
      HEAPU32[(p >> 2) + 1] = ptr;
      HEAPU32[(p >> 2) + 2] = bytes.length;
    },
    // JS -> C. Objects: b is 1 for functions (bound to their object when read as an attribute).
    toC: function (value, p) {
      var i = p >> 2;
      HEAPU32[i] = 0;
      HEAPU32[i + 1] = 0;
      HEAPU32[i + 2] = 0;
      HEAPU32[i + 3] = 0;
      HEAPF64[(p + 16) >> 3] = 0;
      switch (typeof value) {
        case 'undefined':
          return;
        case 'boolean':
          HEAPU32[i] = MPJS.KIND_BOOL;
          HEAPU32[i + 1] = value ? 1 : 0;
          return;
        case 'number':
          HEAPU32[i] = Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER
            ? MPJS.KIND_INT : MPJS.KIND_FLOAT;
          HEAPF64[(p + 16) >> 3] = value;
          return;
        case 'string':
          MPJS.putString(value, p, MPJS.KIND_STR);
          return;
        case 'bigint':
          MPJS.putString(value.toString(), p, MPJS.KIND_BIGINT);
          return;
        case 'object':
          if (value === null) {
            HEAPU32[i] = MPJS.KIND_NULL;
            return;
          }
          break;
      }
      var state = MPJS.stateOf(value);
      if (state && MPJS.alive(state)) {
        HEAPU32[i] = MPJS.KIND_PYOBJ;
        HEAPU32[i + 1] = state.id;
        return;
      }
      HEAPU32[i] = MPJS.KIND_OBJECT;
      HEAPU32[i + 1] = MPJS.newHandle(value);
      HEAPU32[i + 2] = typeof value === 'function' ? 1 : 0;
    },
    // C -> JS.
    fromC: function (p) {
      var i = p >> 2;
      var a = HEAPU32[i + 1];
      var b = HEAPU32[i + 2];
      switch (HEAPU32[i]) {
        case MPJS.KIND_NULL: return null;
        case MPJS.KIND_BOOL: return a !== 0;
        case MPJS.KIND_INT:
        case MPJS.KIND_FLOAT: return HEAPF64[(p + 16) >> 3];
        case MPJS.KIND_STR: return MPJS.decoder.decode(HEAPU8.subarray(a, a + b));
        case MPJS.KIND_BIGINT: return BigInt(MPJS.decoder.decode(HEAPU8.subarray(a, a + b)));
        case MPJS.KIND_BYTES: return HEAPU8.slice(a, a + b);
        case MPJS.KIND_OBJECT: return MPJS.value(a);
        case MPJS.KIND_PYOBJ: return MPJS.pyWrapper(a, b);
        default: return undefined;
      }
    },
    // [name, message] of something thrown.
    errorNames: function (thrown) {
      try {
        if (thrown instanceof Error || (thrown !== null && typeof thrown === 'object'
                                        && typeof thrown.message === 'string')) {
          return [String(thrown.name || 'Error'), String(thrown.message)];
        }
        return [typeof thrown, String(thrown)];
      } catch (e) {
        return ['Error', 'JavaScript exception'];
      }
    },
    // What JS threw -> C: the value in out[0], its name and message in out[1] and out[2].
    error: function (thrown, out) {
      try {
        MPJS.toC(thrown, out);
      } catch (e) {
        MPJS.toC(undefined, out);
      }
      var names = MPJS.errorNames(thrown);
      for (var k = 0; k < 2; k++) {
        try {
          MPJS.toC(names[k], out + MPJS.VALUE_SIZE * (k + 1));
        } catch (e) {
          MPJS.toC(undefined, out + MPJS.VALUE_SIZE * (k + 1));
        }
      }
    },

    describe: function (value) {
      try {
        if (value === undefined) return 'undefined';
        if (typeof value === 'function') return 'function ' + (value.name || '(anonymous)');
        if (typeof value === 'symbol') return value.toString();
        if (Array.isArray(value)) return 'Array(' + value.length + ')';
        var tag = Object.prototype.toString.call(value).slice(8, -1);
        var ctor = value.constructor;
        if (tag === 'Object' && typeof ctor === 'function' && ctor.name) return ctor.name;
        return tag;
      } catch (e) {
        return 'object';
      }
    },
    // A real Map (obj[key] is Map.get); not a Proxy of one, whose own traps decide.
    isMap: function (obj) {
      if (!(obj instanceof Map)) return false;
      try {
        Map.prototype.has.call(obj, undefined);
        return true;
      } catch (e) {
        return false;
      }
    },
    // Arrays, typed arrays, NodeLists...: negative indexes and IndexError.
    isSequence: function (value) {
      return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView))
        || (value !== null && typeof value === 'object' && typeof value.length === 'number');
    }
  },

  // mp_js_init calls this when the runtime (re)starts: what JS referenced is gone.
  mpjs_js_reset__deps: ['$MPJS'],
  mpjs_js_reset: function () {
    MPJS.gen++;
    MPJS.table.clear();
    MPJS.handleOf.clear();
    MPJS.numbers = new WeakMap();
    MPJS.nextHandle = 2;
    MPJS.nextRef = 1;
    MPJS.live = 0;
    MPJS.pyCache.clear();
    MPJS.released.clear();
  },


  mpjs_js_live_handles__deps: ['$MPJS'],
  mpjs_js_live_handles: function () {
    return MPJS.live;
  },

  // The JsProxy at ptr is collected (or released).
  mpjs_js_free__deps: ['$MPJS'],
  mpjs_js_free: function (handle, ptr) {
    MPJS.freeHandle(handle, ptr);
  },

  // C turns a handle it got into a JsProxy: the existing one's address, or 0
  // (then it makes one and says so with mpjs_js_adopt).
  mpjs_js_take__deps: ['$MPJS'],
  mpjs_js_take: function (handle) {
    var entry = MPJS.table.get(handle);
    if (entry === undefined) return 0;
    if (entry.pending > 0) entry.pending--;
    return entry.ptr;
  },

  mpjs_js_adopt__deps: ['$MPJS'],
  mpjs_js_adopt: function (handle, ptr) {
    var entry = MPJS.table.get(handle);
    if (entry !== undefined) entry.ptr = ptr;
  },

});
