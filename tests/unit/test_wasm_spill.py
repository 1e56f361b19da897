"""mpbuild.wasm_spill: naming the stack pointer and the wasm-opt command of gc_spill builds."""

import pytest

from mpbuild import wasm_spill


def uleb(value):
    return wasm_spill._encode_uleb(value)


def name(text):
    return uleb(len(text)) + text.encode()


def section(section_id, payload):
    return bytes([section_id]) + uleb(len(payload)) + payload


def module(save_body=b"\x00\x23\x01\x0b", tag=False, export="stackSave"):
    """One imported function, two globals, a tag (optional) and `export` as function 1,
    whose body is save_body (default: no locals, global.get 1, end)."""
    types = section(1, uleb(1) + b"\x60\x00\x01\x7f")                       # () -> i32
    imports = section(2, uleb(1) + name("env") + name("f") + b"\x00" + uleb(0))
    functions = section(3, uleb(1) + uleb(0))
    globals_ = section(6, uleb(2) + b"\x7f\x01\x41\x00\x0b" + b"\x7f\x01\x41\x10\x0b")
    exports = section(7, uleb(1) + name(export) + b"\x00" + uleb(1))
    code = section(10, uleb(1) + uleb(len(save_body)) + save_body)
    tags = section(13, uleb(1) + b"\x00" + uleb(0)) if tag else b""
    # Section order: type, import, function, tag, global, export, code.
    return b"\0asm\x01\0\0\0" + types + imports + functions + tags + globals_ + exports + code


def test_the_stack_pointer_is_the_global_that_stackSave_returns():
    assert wasm_spill.stack_pointer_global(module()) == 1


def test_the_name_section_names_that_global():
    named = wasm_spill.with_stack_pointer_named(module())
    assert named.startswith(module())
    last = wasm_spill._sections(named)[-1]
    payload = named[last[1]:last[2]]
    assert payload == name("name") + b"\x07" + uleb(len(uleb(1) + uleb(1) + name("__stack_pointer"))) \
        + uleb(1) + uleb(1) + name("__stack_pointer")


def test_a_module_with_names_already_is_refused():
    named = wasm_spill.with_stack_pointer_named(module())
    with pytest.raises(wasm_spill.WasmFormatError, match="already has a name section"):
        wasm_spill.with_stack_pointer_named(named)


@pytest.mark.parametrize("body, message", [
    (b"\x00\x41\x00\x0b", "does not just return a global"),        # i32.const 0
    (b"\x00\x23\x01\x1a\x23\x01\x0b", "does not just return a global"),  # more after the read
    (b"\x01\x01\x7f\x23\x01\x0b", "does not just return a global"),  # has locals
])
def test_other_stackSave_bodies_are_refused(body, message):
    with pytest.raises(wasm_spill.WasmFormatError, match=message):
        wasm_spill.stack_pointer_global(module(save_body=body))


def test_a_module_without_stackSave_is_refused():
    with pytest.raises(wasm_spill.WasmFormatError, match="no `stackSave` function export"):
        wasm_spill.stack_pointer_global(module(export="other"))


def test_not_a_module():
    with pytest.raises(wasm_spill.WasmFormatError, match="not a WebAssembly module"):
        wasm_spill.stack_pointer_global(b"hello")


def test_exception_handling_only_with_a_tag_section():
    assert "--enable-exception-handling" not in wasm_spill.features(module())
    assert "--enable-exception-handling" in wasm_spill.features(module(tag=True))
    assert wasm_spill.stack_pointer_global(module(tag=True)) == 1


def test_the_optimisation_level_is_the_links_last():
    assert wasm_spill.optimize_level(["-O2", "-sFOO=1"]) == "-O2"
    assert wasm_spill.optimize_level(["-O0", "-g", "-Oz"]) == "-Oz"
    assert wasm_spill.optimize_level(["-g"]) == "-O0"


def test_wasm_opt_arguments_flatten_spill_then_optimise():
    argv = wasm_spill.wasm_opt_arguments(module(), "in.wasm", "out.wasm", ["-O2"])
    assert argv[0] == "in.wasm" and argv[-2:] == ["-o", "out.wasm"]
    passes = [a for a in argv if a.startswith("--") and "features" not in a and "enable" not in a]
    assert passes == ["--flatten", "--simplify-locals-nonesting", "--coalesce-locals", "--spill-pointers"]
    assert argv.index("-O2") > argv.index("--spill-pointers")
    assert "-O0" not in wasm_spill.wasm_opt_arguments(module(), "a", "b", ["-O0"])
