// Builds that suspend (asyncify, and jspi, whose feature lists this file too): calls into the
// runtime return Promises (see pythons.js and the launcher).
Module["mpwAsync"] = true;

// A turn of the event loop without a timer's delay, for periodic yields and
// sleep(0): setTimeout(0) waits at least 1 ms in node and 4 ms in browsers
// once nested, which made yielding cost up to a tenth of running time.
// (Pending timers, input and, in browsers, rendering still get their turn.)
Module["mpwNextTurn"] = (function () {
  if (typeof setImmediate === "function") {
    return function () { return new Promise(function (resolve) { setImmediate(resolve); }); };
  }
  if (typeof MessageChannel === "function") {
    var channel = new MessageChannel();
    var waiting = [];
    channel.port1.onmessage = function () { waiting.shift()(); };
    return function () {
      return new Promise(function (resolve) { waiting.push(resolve); channel.port2.postMessage(null); });
    };
  }
  return function () { return new Promise(function (resolve) { setTimeout(resolve, 0); }); };
})();
