// The JavaScript half of the `js` and `jsffi` modules (modjs.c) and
// Module.mpjs, the embedding API that micropython.mjs and pythons.js build on;
// README, "Python <-> JavaScript", documents both. Linked with emcc --js-library.
//
// Values cross the boundary as 24-byte records (mpjs_value_t in modjs.c):
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
  $MPJS__deps: ['malloc', 'free'],
  $MPJS__postset: 'MPJS.init();',
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
    // Statuses (modjs.c MPJS_*).
    OK: 0,
    THROWN: 1,
    MISSING: 2,
    YIELDED: 4,
    // Operations of mpjs_call_py (modjs.c MPJS_OP_*).
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
      MPJS.released = new Set();  // ids whose wrappers are gone, for modjs.c to forget
      MPJS.ids = new WeakMap();  // object -> hash
      MPJS.nextId = 1;
      MPJS.nextRef = 1;  // the _ref numbers of wrappers, in creation order
      MPJS.errorDepth = 0;
      MPJS.hasWeakRef = typeof WeakRef === 'function';
      MPJS.finalizers = typeof FinalizationRegistry === 'function'
        ? new FinalizationRegistry(function (state) { MPJS.releaseState(state); }) : null;

      // Python exceptions, thrown in JS: message is the traceback, type the class name.
      var PythonError = function PythonError(message) {
        var error = new Error(message);
        Object.setPrototypeOf(error, PythonError.prototype);
        return error;
      };
      PythonError.prototype = Object.create(Error.prototype, {
        constructor: { value: PythonError, writable: true, configurable: true },
        name: { value: 'PythonError', writable: true, configurable: true },
      });
      MPJS.PythonError = PythonError;
      Module['PythonError'] = PythonError;

      // The target of the Proxy that stands for a Python object (instanceof PyProxy).
      var PyProxy = function PyProxy() {};
      // A copy as plain JS data: tuples/lists -> arrays, dicts -> objects (deep).
      PyProxy.toJs = function (value) {
        var state = MPJS.stateOf(value);
        if (!state || value instanceof Error) return value;
        return MPJS.callPy(state, MPJS.OP_TO_JS, []);
      };
      MPJS.PyProxy = PyProxy;
      Module['PyProxy'] = PyProxy;
      MPJS.proxyHandler = MPJS.makeProxyHandler();

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
    },

    // Python objects seen from JS.
    stateOf: function (value) {
      if (value !== null && (typeof value === 'object' || typeof value === 'function')) {
        var state = MPJS.states.get(value);
        if (state !== undefined) return state;
      }
      return null;
    },
    alive: function (state) {
      return state !== null && !state.released && state.gen === MPJS.gen;
    },
    pyWrapper: function (id, flags) {
      var entry = MPJS.pyCache.get(id);
      if (entry && MPJS.alive(entry.state)) {
        var cached = entry.ref ? entry.ref.deref() : entry.strong;
        if (cached !== undefined) return cached;
      }
      var state = { id: id, gen: MPJS.gen, released: false, iterable: (flags & MPJS.PY_ITERABLE) !== 0 };
      MPJS.released.delete(id);  // modjs.c has it again
      var wrapper, target = null, kind = flags & MPJS.PY_KIND_MASK;
      if (kind === MPJS.PY_EXCEPTION) {
        wrapper = MPJS.makeError(state);
      } else if (kind === MPJS.PY_GENERATOR) {
        // A coroutine or generator: a Promise of its result, run from now on.
        // Kept (not weakly cached) until it finishes.
        state.ref = MPJS.nextRef++;
        wrapper = MPJS.drive(state);
        MPJS.states.set(wrapper, state);
        MPJS.pyCache.set(id, { state: state, strong: wrapper });
        return wrapper;
      } else {
        if (kind === MPJS.PY_CALLABLE) {
          target = function obj() {};
        } else {
          target = new MPJS.PyProxy();
        }
        state.ref = MPJS.nextRef++;
        target._ref = state.ref;
        wrapper = new Proxy(target, MPJS.proxyHandler);
        MPJS.states.set(target, state);
      }
      MPJS.states.set(wrapper, state);
      MPJS.pyCache.set(id, MPJS.hasWeakRef ? { state: state, ref: new WeakRef(wrapper) }
                                           : { state: state, strong: wrapper });
      if (MPJS.finalizers) MPJS.finalizers.register(wrapper, state);
      return wrapper;
    },
    // The traps of PyProxy: a dict's keys are its properties (missing ones
    // undefined), other objects' attributes are.
    makeProxyHandler: function () {
      var extras = {
        destroy: function (state) {
          return function () { MPJS.releaseState(state); };
        },
        toString: function (state) {
          return function () { return MPJS.callPy(state, MPJS.OP_STR, []); };
        },
        toJs: function (state, target) {
          return function () { return MPJS.callPy(state, MPJS.OP_TO_JS, []); };
        },
      };
      return {
        get: function (target, prop) {
          var state = MPJS.states.get(target);
          if (typeof prop === 'symbol') {
            if (prop === Symbol.iterator && state.iterable) return MPJS.iteratorOf(state);
            return undefined;
          }
          if (prop === '_ref') return target._ref;
          var result = MPJS.callPyRaw(state, MPJS.OP_GET, [prop]);
          if (result[0] === MPJS.OK) return result[1];
          if (result[0] === MPJS.THROWN) MPJS.rethrow(result[1]);
          if (Object.prototype.hasOwnProperty.call(extras, prop)) return extras[prop](state, target);
          return undefined;
        },
        set: function (target, prop, value) {
          if (typeof prop === 'symbol') return false;
          var result = MPJS.callPyRaw(MPJS.states.get(target), MPJS.OP_SET, [prop, value]);
          return result[0] === MPJS.OK;
        },
        deleteProperty: function (target, prop) {
          if (typeof prop === 'symbol') return false;
          var result = MPJS.callPyRaw(MPJS.states.get(target), MPJS.OP_DEL, [prop]);
          return result[0] === MPJS.OK;
        },
        has: function (target, prop) {
          var state = MPJS.states.get(target);
          if (typeof prop === 'symbol') return prop === Symbol.iterator && state.iterable;
          return MPJS.callPy(state, MPJS.OP_HAS, [prop]) === true;
        },
        ownKeys: function (target) {
          var keys = MPJS.callPy(MPJS.states.get(target), MPJS.OP_KEYS, []);
          // The target's fixed properties (a function's prototype) must be listed.
          Reflect.ownKeys(target).forEach(function (key) {
            var d = Reflect.getOwnPropertyDescriptor(target, key);
            if (d && !d.configurable && keys.indexOf(key) < 0) keys.push(key);
          });
          return keys;
        },
        getOwnPropertyDescriptor: function (target, prop) {
          var state = MPJS.states.get(target);
          if (typeof prop === 'string' && prop !== '_ref') {
            var result = MPJS.callPyRaw(state, MPJS.OP_GET, [prop]);
            if (result[0] === MPJS.OK) {
              var own = Reflect.getOwnPropertyDescriptor(target, prop);
              if (own && !own.configurable) return own;
              return { value: result[1], writable: true, enumerable: true, configurable: true };
            }
          }
          return Reflect.getOwnPropertyDescriptor(target, prop);
        },
        apply: function (target, thisArg, args) {
          return MPJS.callPy(MPJS.states.get(target), MPJS.OP_CALL, args);
        },
      };
    },
    // Python iteration as a JS iterator.
    iteratorOf: function (state) {
      return function () {
        var iterator = MPJS.callPy(state, MPJS.OP_ITER, []);
        var itState = MPJS.stateOf(iterator);
        return {
          next: function () {
            var result = MPJS.callPyRaw(itState, MPJS.OP_NEXT, []);
            if (result[0] === MPJS.MISSING) return { done: true, value: undefined };
            if (result[0] === MPJS.THROWN) MPJS.rethrow(result[1]);
            return { done: false, value: result[1] };
          },
          iterator: iterator,  // keeps the Python iterator's wrapper alive
        };
      };
    },
    // Runs a Python coroutine/generator to its end as a Promise: what it
    // awaits (yields) is a thenable it waits for, else the next macrotask.
    drive: function (state) {
      return new Promise(function (resolve, reject) {
        var step = function (op, args) {
          var result;
          try {
            result = MPJS.callPyRaw(state, op, args);
          } catch (e) {
            MPJS.releaseState(state);
            reject(e);
            return;
          }
          if (result[0] === MPJS.YIELDED) {
            var awaited = result[1];
            var then = null;
            try {
              then = awaited !== null && (typeof awaited === 'object' || typeof awaited === 'function')
                ? awaited.then : null;
            } catch (e) {
              // not a thenable
            }
            if (typeof then === 'function') {
              then.call(awaited, function (value) { step(MPJS.OP_SEND, [value]); },
                        function (error) { step(MPJS.OP_THROW, MPJS.throwArgs(error)); });
            } else {
              setTimeout(function () { step(MPJS.OP_SEND, [undefined]); }, 0);
            }
            return;
          }
          MPJS.releaseState(state);
          if (result[0] === MPJS.THROWN) {
            reject(result[1]);
          } else {
            resolve(result[1]);
          }
        };
        step(MPJS.OP_SEND, [undefined]);
      });
    },
    // Arguments of OP_THROW: the error, its name and message.
    throwArgs: function (error) {
      var names = MPJS.errorNames(error);
      return [error, names[0], names[1]];
    },
    makeError: function (state) {
      var info = ['Exception', '', ''];
      if (MPJS.errorDepth < 4) {
        MPJS.errorDepth++;
        try {
          info = MPJS.callPy(state, MPJS.OP_EXC_INFO, []);
        } catch (e) {
          // keep the stand-in
        } finally {
          MPJS.errorDepth--;
        }
      }
      var error = new MPJS.PythonError(info[2] || info[0]);
      error.type = info[0];
      error.pythonType = info[0];
      error.pythonMessage = info[1];
      error.pythonTraceback = info[2];
      // Uncaught errors print their stack: show the Python traceback in it.
      var jsFrames = String(error.stack || '').split('\n').slice(1).filter(function (line) {
        return /^\s+at /.test(line);
      }).join('\n');
      error.stack = 'PythonError: ' + info[2].replace(/\n$/, '') + (jsFrames ? '\n' + jsFrames : '');
      return error;
    },
    // The wrapper was destroyed or collected: modjs.c forgets the object.
    releaseState: function (state) {
      if (!state || !MPJS.alive(state)) return;
      state.released = true;
      var entry = MPJS.pyCache.get(state.id);
      if (entry && entry.state === state) {
        MPJS.pyCache.delete(state.id);
        MPJS.released.add(state.id);
      }
    },
    // Run Python (mpjs_call_py in modjs.c): [status, result or PythonError].
    callPyRaw: function (state, op, args) {
      if (!MPJS.alive(state)) {
        throw new Error('the Python object behind this JavaScript value was released');
      }
      var argc = args.length;
      var size = MPJS.VALUE_SIZE * (argc + 1) + 8;
      var block = _malloc(size);
      if (!block) throw new RangeError('out of memory');
      HEAPU8.fill(0, block, block + size);
      var out = block + MPJS.VALUE_SIZE * argc;
      var statusPtr = out + MPJS.VALUE_SIZE;
      HEAP32[statusPtr >> 2] = 1;
      var result, status, suspended = false;
      try {
        for (var i = 0; i < argc; i++) {
          MPJS.toC(args[i], block + MPJS.VALUE_SIZE * i);
        }
#if ASYNCIFY
        var asyncData = Asyncify.currData;
#endif
        _mpjs_call_py(state.id, op, argc, block, out, statusPtr);
#if ASYNCIFY
        // The callback went to sleep (time.sleep, input): it will finish later,
        // writing to this block, so it stays allocated.
        suspended = Asyncify.currData !== asyncData;
        if (suspended) {
          throw new Error('a Python callback cannot wait for the event loop (time.sleep, input)');
        }
#endif
        status = HEAP32[statusPtr >> 2];
        result = MPJS.fromC(out);
      } finally {
        if (!suspended) _free(block);
      }
      _mpjs_idle();
      if (status === MPJS.THROWN && !(result instanceof Error)) {
        result = new MPJS.PythonError(String(result));
      }
      return [status, result];
    },
    callPy: function (state, op, args) {
      var result = MPJS.callPyRaw(state, op, args);
      if (result[0] === MPJS.THROWN) MPJS.rethrow(result[1]);
      return result[0] === MPJS.MISSING ? undefined : result[1];
    },

    // Calls one of modjs.c's entry points fn(...ints, out, status) with
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

    // runPython's code, with its last statement, when it is an expression
    // at the code's own indentation, assigned to __mpjs_last__ (the value
    // runPython returns, as in Pyodide). modjs.c runs the code as written
    // when that does not compile.
    lastExpressionForm: function (code) {
      var lines = MPJS.dedent(code).split('\n');
      var base = null, last = -1;
      for (var i = 0; i < lines.length; i++) {
        var line = lines[i];
        var text = line.replace(/^[ \t]+/, '');
        if (text === '' || text[0] === '#') continue;
        var indent = line.slice(0, line.length - text.length);
        if (base === null) base = indent;
        if (indent === base) last = i;
      }
      if (last < 0) return '';
      var tail = lines.slice(last).join('\n').replace(/\s+$/, '');
      return lines.slice(0, last).concat([base + '__mpjs_last__ = (' + tail.slice(base.length), base + ')']).join('\n');
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
        return MPJS.entryResult(MPJS.callEntry(function (a, b, out, st) { _mpjs_run(a, b, 0, out, st); },
                                               [MPJS.lastExpressionForm(code), MPJS.dedent(code)], []));
      };
      api.runPythonAsync = function (code) {
        return Promise.resolve().then(function () {
          var result = MPJS.callEntry(function (a, b, out, st) { _mpjs_run(a, b, 1, out, st); },
                                      [MPJS.lastExpressionForm(code), MPJS.dedent(code)], []);
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
    },
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

  // ... then this, once the runtime is up: Module.mpjs.
  mpjs_js_make_api__deps: ['$MPJS'],
  mpjs_js_make_api: function () {
    Module['mpjs'] = MPJS.makeApi();
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

  mpjs_js_eval__deps: ['$MPJS'],
  mpjs_js_eval: function (code, len, out) {
    try {
      var source = MPJS.decoder.decode(HEAPU8.subarray(code, code + len));
      var value = (0, eval)(source);
      MPJS.toC(value, out);
      return 0;
    } catch (e) {
      MPJS.error(e, out);
      return 1;
    }
  },
  // item: obj[key] (KeyError/IndexError), else obj.key (AttributeError).
  mpjs_js_get__deps: ['$MPJS'],
  mpjs_js_get: function (handle, keyPtr, item, out) {
    try {
      var obj = MPJS.value(handle);
      var key = MPJS.fromC(keyPtr);
      var value;
      if (item && MPJS.isMap(obj)) {
        if (!obj.has(key)) return 2;
        value = obj.get(key);
      } else {
        if (item && typeof key === 'number' && MPJS.isSequence(obj)) {
          if (key < 0) key += obj.length;
          if (!(key >= 0 && key < obj.length)) return 3;
        }
        value = obj[key];
        if (value === undefined && !(key in Object(obj))) {
          if (!item && key === 'new' && typeof obj === 'function') {
            // cls.new(...args): new cls(...args)
            var cls = obj;
            value = function () { return Reflect.construct(cls, arguments); };
          } else {
            return 2;
          }
        }
      }
      MPJS.toC(value, out, obj);
      return 0;
    } catch (e) {
      MPJS.error(e, out);
      return 1;
    }
  },

  // valuePtr 0: delete.
  mpjs_js_set__deps: ['$MPJS'],
  mpjs_js_set: function (handle, keyPtr, valuePtr, item, out) {
    try {
      var obj = MPJS.value(handle);
      var key = MPJS.fromC(keyPtr);
      var value = valuePtr ? MPJS.fromC(valuePtr) : undefined;
      if (item && MPJS.isMap(obj)) {
        if (valuePtr) {
          obj.set(key, value);
        } else if (!obj.delete(key)) {
          return 2;
        }
        return 0;
      }
      if (item && typeof key === 'number' && MPJS.isSequence(obj)) {
        if (key < 0) key += obj.length;
        if (!(key >= 0 && key < obj.length)) return 3;
        if (!valuePtr && Array.isArray(obj)) {
          obj.splice(key, 1);
          return 0;
        }
      }
      if (valuePtr) {
        if (obj === null || (typeof obj !== 'object' && typeof obj !== 'function')) {
          throw new TypeError('cannot set properties of ' + MPJS.describe(obj));
        }
        if (!Reflect.set(obj, key, value)) {
          throw new TypeError("cannot set property '" + String(key) + "' of " + MPJS.describe(obj));
        }
      } else {
        if (!(key in Object(obj))) return 2;
        if (!Reflect.deleteProperty(obj, key)) {
          throw new TypeError("cannot delete property '" + String(key) + "' of " + MPJS.describe(obj));
        }
      }
      return 0;
    } catch (e) {
      MPJS.error(e, out);
      return 1;
    }
  },

  // this: a handle (0: undefined); kwargs: a handle of an object passed last, or 0.
  mpjs_js_call__deps: ['$MPJS'],
  mpjs_js_call: function (handle, thisHandle, argc, argsPtr, kwargs, construct, out) {
    try {
      var fn = MPJS.value(handle);
      var args = new Array(argc);
      for (var i = 0; i < argc; i++) {
        args[i] = MPJS.fromC(argsPtr + MPJS.VALUE_SIZE * i);
      }
      if (kwargs) args.push(MPJS.value(kwargs));
      if (typeof fn !== 'function') {
        throw new TypeError(MPJS.describe(fn) + ' is not a function');
      }
      var result = construct ? Reflect.construct(fn, args) : Reflect.apply(fn, MPJS.value(thisHandle), args);
      MPJS.toC(result, out);
      return 0;
    } catch (e) {
      MPJS.error(e, out);
      return 1;
    }
  },

  // jsffi.create_proxy/to_js: the value as a JsProxy even when it is a
  // wrapper of a Python object (primitives convert back as usual).
  mpjs_js_hold__deps: ['$MPJS'],
  mpjs_js_hold: function (valuePtr, out) {
    var value = MPJS.fromC(valuePtr);
    if (value !== null && (typeof value === 'object' || typeof value === 'function')) {
      HEAPU32.fill(0, out >> 2, (out >> 2) + 6);
      HEAPU32[out >> 2] = MPJS.KIND_OBJECT;
      HEAPU32[(out >> 2) + 1] = MPJS.newHandle(value);
      HEAPU32[(out >> 2) + 2] = typeof value === 'function' ? 1 : 0;
    } else {
      MPJS.toC(value, out);
    }
  },

  // Whether the value is a thenable (await-able from Python).
  mpjs_js_is_thenable__deps: ['$MPJS'],
  mpjs_js_is_thenable: function (handle) {
    try {
      var value = MPJS.value(handle);
      return value !== null && (typeof value === 'object' || typeof value === 'function')
        && typeof value.then === 'function' ? 1 : 0;
    } catch (e) {
      return 0;
    }
  },

  // asStr: String(value), else a short description of its type.
  mpjs_js_describe__deps: ['$MPJS'],
  mpjs_js_describe: function (handle, asStr, out) {
    try {
      var value = MPJS.value(handle);
      MPJS.toC(asStr ? String(value) : MPJS.describe(value), out);
      return 0;
    } catch (e) {
      MPJS.error(e, out);
      return 1;
    }
  },

  mpjs_js_length__deps: ['$MPJS'],
  mpjs_js_length: function (handle) {
    var value = MPJS.value(handle);
    try {
      if (value instanceof Map || value instanceof Set) return value.size;
      if (value !== null && typeof value === 'object' && typeof value.length === 'number') return value.length;
    } catch (e) {
      // no length
    }
    return -1;
  },

  mpjs_js_truthy__deps: ['$MPJS', 'mpjs_js_length'],
  mpjs_js_truthy: function (handle) {
    var length = _mpjs_js_length(handle);
    if (length >= 0) return length > 0 ? 1 : 0;
    return MPJS.value(handle) ? 1 : 0;
  },

  mpjs_js_equal__deps: ['$MPJS'],
  mpjs_js_equal: function (handle1, handle2) {
    return MPJS.value(handle1) === MPJS.value(handle2) ? 1 : 0;
  },

  mpjs_js_hash__deps: ['$MPJS'],
  mpjs_js_hash: function (handle) {
    var value = MPJS.value(handle);
    if ((typeof value === 'object' && value !== null) || typeof value === 'function') {
      var id = MPJS.ids.get(value);
      if (id === undefined) {
        id = MPJS.nextId;
        MPJS.nextId = (MPJS.nextId + 1) & 0x3fffffff;
        MPJS.ids.set(value, id);
      }
      return id;
    }
    var text = String(value), hash = 0;
    for (var i = 0; i < text.length; i++) hash = (hash * 31 + text.charCodeAt(i)) & 0x3fffffff;
    return hash;
  },

  mpjs_js_contains__deps: ['$MPJS'],
  mpjs_js_contains: function (handle, itemPtr, out) {
    try {
      var obj = MPJS.value(handle);
      var item = MPJS.fromC(itemPtr);
      var result;
      if (obj instanceof Map || obj instanceof Set) {
        result = obj.has(item);
      } else if (Array.isArray(obj) || (ArrayBuffer.isView(obj) && typeof obj.includes === 'function')) {
        result = obj.includes(item);
      } else {
        result = item in Object(obj);
      }
      MPJS.toC(result, out);
      return 0;
    } catch (e) {
      MPJS.error(e, out);
      return 1;
    }
  },

  mpjs_js_iter__deps: ['$MPJS'],
  mpjs_js_iter: function (handle, out) {
    try {
      var obj = MPJS.value(handle);
      var method = obj !== null && obj !== undefined ? obj[Symbol.iterator] : undefined;
      if (typeof method !== 'function') return 2;
      MPJS.toC(method.call(obj), out);
      return 0;
    } catch (e) {
      MPJS.error(e, out);
      return 1;
    }
  },

  mpjs_js_iter_next__deps: ['$MPJS'],
  mpjs_js_iter_next: function (handle, out) {
    try {
      var step = MPJS.value(handle).next();
      if (step.done) return 2;
      MPJS.toC(step.value, out);
      return 0;
    } catch (e) {
      MPJS.error(e, out);
      return 1;
    }
  },

  mpjs_js_new_container__deps: ['$MPJS'],
  mpjs_js_new_container: function (array) {
    return MPJS.newHandle(array ? [] : {});
  },

  // keyPtr 0: push to an array.
  mpjs_js_container_put__deps: ['$MPJS'],
  mpjs_js_container_put: function (handle, keyPtr, valuePtr) {
    var container = MPJS.value(handle);
    var value = MPJS.fromC(valuePtr);
    if (keyPtr) {
      // (defineProperty: a "__proto__" key is data, not the prototype)
      Object.defineProperty(container, MPJS.fromC(keyPtr),
                            { value: value, writable: true, enumerable: true, configurable: true });
    } else {
      container.push(value);
    }
  },

  // For js.to_py(): 4 bytes (in out[0]), 5 array, 6 plain object (its keys
  // in out[0]), 0 anything else; 1 if something threw.
  mpjs_js_to_py_kind__deps: ['$MPJS'],
  mpjs_js_to_py_kind: function (handle, out) {
    try {
      var value = MPJS.value(handle);
      if (value instanceof ArrayBuffer) {
        MPJS.putBytes(new Uint8Array(value), out);
        return 4;
      }
      if (value instanceof Uint8Array || value instanceof Uint8ClampedArray || value instanceof DataView) {
        MPJS.putBytes(new Uint8Array(value.buffer, value.byteOffset, value.byteLength), out);
        return 4;
      }
      if (Array.isArray(value) || ArrayBuffer.isView(value)) return 5;
      if (value !== null && typeof value === 'object') {
        var proto = Object.getPrototypeOf(value);
        if (proto === Object.prototype || proto === null) {
          MPJS.toC(Object.keys(value), out);
          return 6;
        }
      }
      return 0;
    } catch (e) {
      MPJS.error(e, out);
      return 1;
    }
  },

  mpjs_js_next_released__deps: ['$MPJS'],
  mpjs_js_next_released: function () {
    var next = MPJS.released.values().next();
    if (next.done) return 0;
    MPJS.released.delete(next.value);
    return next.value;
  },

  // js.release(obj): the wrapper of obj stops working.
  mpjs_js_release_pyref__deps: ['$MPJS'],
  mpjs_js_release_pyref: function (id) {
    var entry = MPJS.pyCache.get(id);
    if (entry) {
      entry.state.released = true;
      MPJS.pyCache.delete(id);
    }
    MPJS.released.delete(id);
  },
});
