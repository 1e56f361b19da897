"""An example module shipped in the preloaded data (ports/wasm/assets/lib is on sys.path)."""


def greet(name):
    return "hello, " + name + ", from /assets/lib"
