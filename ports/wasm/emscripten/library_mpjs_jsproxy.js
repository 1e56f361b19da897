// What a JsProxy (mpjs_jsproxy.c) and the `js` module ask of JavaScript:
// eval, get/set/delete, call, iteration, length, ==, hash, containers built
// for conversions. Each writes its result (or what JS threw) to out; see
// library_mpjs_values.js for the value layout.

mergeInto(LibraryManager.library, {
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
});
