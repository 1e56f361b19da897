// Python objects seen from JavaScript: the PyProxy (a JS Proxy), the
// PythonError, coroutines as Promises, and calls into Python (mpjs_call_py,
// mpjs_pyside.c). Part of MPJS (library_mpjs_values.js).
// (Emscripten 3.1.6 stringifies this library: no arrow functions, and no
// state in object literals: MPJS.init() builds it.)

mergeInto(LibraryManager.library, {
  $MPJS_pyproxy: {
    // (MPJS.init calls this.)
    initPyProxy: function () {
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
      MPJS.released.delete(id);  // mpjs_convert.c has it again
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
    // The wrapper was destroyed or collected: mpjs_convert.c forgets the object.
    releaseState: function (state) {
      if (!state || !MPJS.alive(state)) return;
      state.released = true;
      var entry = MPJS.pyCache.get(state.id);
      if (entry && entry.state === state) {
        MPJS.pyCache.delete(state.id);
        MPJS.released.add(state.id);
      }
    },
    // Run Python (mpjs_call_py in mpjs_pyside.c): [status, result or PythonError].
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
