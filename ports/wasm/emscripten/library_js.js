// The JavaScript half of the `js` module (see modjs.c for the Python API),
// linked with emcc --js-library.
//
// Values cross the boundary as 24-byte records (mpjs_value_t in modjs.c):
//   u32 kind, u32 a, u32 b, u32 keep, f64 num
// JS values that Python references live in MPJS.values, indexed by handle;
// slot 0 holds undefined and slot 1 globalThis, for good. Python objects that
// JS references are known by an id (their address / 4) and wrapped once: the
// wrapper is cached while it lives.
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
    PY_CALLABLE: 1,
    PY_EXCEPTION: 2,
    OP_CALL: 0,
    OP_STR: 1,
    OP_REPR: 2,
    OP_GETATTR: 3,
    OP_EXC_INFO: 4,

    init: function () {
      MPJS.FREE = {};  // marks a free slot
      MPJS.values = [undefined, globalThis];
      MPJS.thisArgs = [undefined, undefined];
      MPJS.freeSlots = [];
      MPJS.live = 0;
      MPJS.gen = 0;  // bumped when the runtime restarts: older wrappers are dead
      MPJS.encoder = new TextEncoder();
      MPJS.decoder = new TextDecoder();
      MPJS.PYREF = Symbol('micropython.pyref');
      MPJS.pyCache = new Map();  // id -> {state, ref (WeakRef) or strong}
      MPJS.released = new Set();  // ids whose wrappers are gone, for modjs.c to forget
      MPJS.ids = new WeakMap();  // object -> hash
      MPJS.nextId = 1;
      MPJS.errorDepth = 0;
      MPJS.hasWeakRef = typeof WeakRef === 'function';
      MPJS.finalizers = typeof FinalizationRegistry === 'function'
        ? new FinalizationRegistry(function (state) { MPJS.releaseState(state); }) : null;

      // Python exceptions, thrown in JS.
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

      // Python objects that are neither callable nor exceptions.
      var PyProxy = function PyProxy() {};
      PyProxy.prototype.toString = function () { return MPJS.callPy(MPJS.stateOf(this), MPJS.OP_STR, []); };
      PyProxy.prototype.repr = function () { return MPJS.callPy(MPJS.stateOf(this), MPJS.OP_REPR, []); };
      PyProxy.prototype.get = function (name) { return MPJS.callPy(MPJS.stateOf(this), MPJS.OP_GETATTR, [String(name)]); };
      PyProxy.prototype.destroy = function () { MPJS.releaseState(MPJS.stateOf(this)); };
      MPJS.PyProxy = PyProxy;
      Module['PyProxy'] = PyProxy;

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
    newHandle: function (value, thisArg) {
      var handle = MPJS.freeSlots.length ? MPJS.freeSlots.pop() : MPJS.values.length;
      MPJS.values[handle] = value;
      MPJS.thisArgs[handle] = thisArg;
      MPJS.live++;
      return handle;
    },
    freeHandle: function (handle) {
      if (handle > 1 && handle < MPJS.values.length && MPJS.values[handle] !== MPJS.FREE) {
        MPJS.values[handle] = MPJS.FREE;
        MPJS.thisArgs[handle] = undefined;
        MPJS.freeSlots.push(handle);
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
    // JS -> C. thisArg: the object a function was read from (its `this` when called).
    toC: function (value, p, thisArg) {
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
      HEAPU32[i + 1] = MPJS.newHandle(value, thisArg);
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
        case MPJS.KIND_OBJECT: return MPJS.values[a];
        case MPJS.KIND_PYOBJ: return MPJS.pyWrapper(a, b);
        default: return undefined;
      }
    },
    // What JS threw -> C: the value in out[0], "Name: message" in out[1].
    error: function (thrown, out) {
      try {
        MPJS.toC(thrown, out);
      } catch (e) {
        MPJS.toC(undefined, out);
      }
      var message;
      try {
        if (thrown instanceof Error || (thrown !== null && typeof thrown === 'object'
                                        && typeof thrown.message === 'string')) {
          var name = String(thrown.name || 'Error');
          message = thrown.message ? name + ': ' + thrown.message : name;
        } else {
          message = String(thrown);
        }
      } catch (e) {
        message = 'JavaScript exception';
      }
      try {
        MPJS.toC(message, out + MPJS.VALUE_SIZE);
      } catch (e) {
        MPJS.toC(undefined, out + MPJS.VALUE_SIZE);
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
    // Arrays, typed arrays, NodeLists...: negative indexes and IndexError.
    isSequence: function (value) {
      return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView))
        || (value !== null && typeof value === 'object' && typeof value.length === 'number');
    },

    // Python objects seen from JS.
    stateOf: function (value) {
      try {
        if (value !== null && (typeof value === 'object' || typeof value === 'function')
            && Object.prototype.hasOwnProperty.call(value, MPJS.PYREF)) {
          return value[MPJS.PYREF];
        }
      } catch (e) {
        // e.g. a revoked Proxy: not ours
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
      var state = { id: id, gen: MPJS.gen, released: false };
      MPJS.released.delete(id);  // modjs.c has it again
      var wrapper;
      if (flags === MPJS.PY_CALLABLE) {
        wrapper = function () {
          return MPJS.callPy(state, MPJS.OP_CALL, Array.prototype.slice.call(arguments));
        };
        wrapper.destroy = function () { MPJS.releaseState(state); };
      } else if (flags === MPJS.PY_EXCEPTION) {
        wrapper = MPJS.makeError(state);
      } else {
        wrapper = new MPJS.PyProxy();
      }
      Object.defineProperty(wrapper, MPJS.PYREF, { value: state });
      MPJS.pyCache.set(id, MPJS.hasWeakRef ? { state: state, ref: new WeakRef(wrapper) }
                                           : { state: state, strong: wrapper });
      if (MPJS.finalizers) MPJS.finalizers.register(wrapper, state);
      return wrapper;
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
      var error = new MPJS.PythonError(info[1] ? info[0] + ': ' + info[1] : info[0]);
      error.pythonType = info[0];
      error.pythonTraceback = info[2];
      // Uncaught errors print their stack: show the Python traceback in it.
      var jsFrames = String(error.stack || '').split('\n').slice(1).join('\n');
      error.stack = 'PythonError: ' + error.message + '\n' + info[2].replace(/\n$/, '')
        + (jsFrames ? '\n' + jsFrames : '');
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
    // Run Python: see mpjs_call_py in modjs.c.
    callPy: function (state, op, args) {
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
      if (status !== 0) {
        MPJS.rethrow(result instanceof Error ? result : new MPJS.PythonError(String(result)));
      }
      return result;
    },
  },

  mpjs_js_reset__deps: ['$MPJS'],
  mpjs_js_reset: function () {
    MPJS.gen++;
    MPJS.values.length = 2;
    MPJS.thisArgs.length = 2;
    MPJS.freeSlots = [];
    MPJS.live = 0;
    MPJS.pyCache.clear();
    MPJS.released.clear();
  },

  mpjs_js_live_handles__deps: ['$MPJS'],
  mpjs_js_live_handles: function () {
    return MPJS.live;
  },

  mpjs_js_free__deps: ['$MPJS'],
  mpjs_js_free: function (handle) {
    MPJS.freeHandle(handle);
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
      var obj = MPJS.values[handle];
      var key = MPJS.fromC(keyPtr);
      var value;
      if (item && obj instanceof Map) {
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
      var obj = MPJS.values[handle];
      var key = MPJS.fromC(keyPtr);
      var value = valuePtr ? MPJS.fromC(valuePtr) : undefined;
      if (item && obj instanceof Map) {
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

  mpjs_js_call__deps: ['$MPJS'],
  mpjs_js_call: function (handle, argc, argsPtr, construct, out) {
    try {
      var fn = MPJS.values[handle];
      var args = new Array(argc);
      for (var i = 0; i < argc; i++) {
        args[i] = MPJS.fromC(argsPtr + MPJS.VALUE_SIZE * i);
      }
      if (typeof fn !== 'function') {
        throw new TypeError(MPJS.describe(fn) + ' is not a function');
      }
      var result = construct ? Reflect.construct(fn, args) : Reflect.apply(fn, MPJS.thisArgs[handle], args);
      MPJS.toC(result, out);
      return 0;
    } catch (e) {
      MPJS.error(e, out);
      return 1;
    }
  },

  // asStr: String(value), else a short description of its type.
  mpjs_js_describe__deps: ['$MPJS'],
  mpjs_js_describe: function (handle, asStr, out) {
    try {
      var value = MPJS.values[handle];
      MPJS.toC(asStr ? String(value) : MPJS.describe(value), out);
      return 0;
    } catch (e) {
      MPJS.error(e, out);
      return 1;
    }
  },

  mpjs_js_length__deps: ['$MPJS'],
  mpjs_js_length: function (handle) {
    var value = MPJS.values[handle];
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
    return MPJS.values[handle] ? 1 : 0;
  },

  mpjs_js_equal__deps: ['$MPJS'],
  mpjs_js_equal: function (handle1, handle2) {
    return MPJS.values[handle1] === MPJS.values[handle2] ? 1 : 0;
  },

  mpjs_js_hash__deps: ['$MPJS'],
  mpjs_js_hash: function (handle) {
    var value = MPJS.values[handle];
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
      var obj = MPJS.values[handle];
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
      var obj = MPJS.values[handle];
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
      var step = MPJS.values[handle].next();
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
    var container = MPJS.values[handle];
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
      var value = MPJS.values[handle];
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
