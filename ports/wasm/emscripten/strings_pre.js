// Every wasm build (emcc --pre-js): Module.mpwWithStrings, how our JavaScript passes strings
// to C. Not ccall's "string" arguments: those are copies on the C stack, which would eat
// MicroPython's stack budget for a long program and, in jspi builds, are given back when a
// run suspends (ccall returns then), while the suspended frames still use that stack.
//
// mpwWithStrings(argTypes, args, call): copies each "string" argument (null/undefined: 0)
// into malloc'd memory and returns call(types, values, release): types all "number", values
// with the pointers, release() frees them (the caller calls it once C is done with them).
Module["mpwWithStrings"] = function (argTypes, args, call) {
  var allocated = [];
  var values = args.map(function (value, i) {
    if (argTypes[i] !== "string") return value;
    if (value === null || value === undefined) return 0;
    var size = Module["lengthBytesUTF8"](value) + 1;
    var pointer = Module["_malloc"](size);
    Module["stringToUTF8"](value, pointer, size);
    allocated.push(pointer);
    return pointer;
  });
  var release = function () { allocated.forEach(function (pointer) { Module["_free"](pointer); }); };
  return call(argTypes.map(function () { return "number"; }), values, release);
};
