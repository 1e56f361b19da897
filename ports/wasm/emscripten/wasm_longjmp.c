// longjmp as a native WebAssembly exception (variants with the `wasm_setjmp`
// feature, compiled with LLVM's -wasm-enable-sjlj).
//
// Why: with emscripten's default JS setjmp, every call made from a function
// that calls setjmp goes through a JavaScript `invoke_*` trampoline. The VM
// loop (mp_execute_bytecode) calls setjmp via nlr_push, so nearly every call
// the interpreter makes crossed into JS and back. LLVM 14 can instead lower
// setjmp/longjmp to wasm exception handling (try/catch on the `__c_longjmp`
// tag), leaving calls as plain wasm calls. emscripten 3.1.6 predates the
// runtime half of that mode, so the thrower lives here; the setjmp table
// functions it also needs are in setjmp_table.c.
//
// The LLVM pass reads the thrown payload as { void *env; int val; }.

struct wasm_longjmp_args {
    void *env;
    int val;
};

// One payload suffices: it is read by the catching frame before any other
// longjmp can happen (single-threaded).
static struct wasm_longjmp_args longjmp_args;

#define C_LONGJMP_TAG 1  // LLVM's WebAssembly::C_LONGJMP (tag __c_longjmp)

void __wasm_longjmp(void *env, int val) {
    longjmp_args.env = env;
    longjmp_args.val = val;
    __builtin_wasm_throw(C_LONGJMP_TAG, &longjmp_args);
}
