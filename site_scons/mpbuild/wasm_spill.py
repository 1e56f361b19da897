"""The post-link step of `gc_spill` builds: binaryen's --spill-pointers on the linked module.

Why: a conservative scan of the C stack cannot see references held in wasm locals. The pass
stores every i32 local that is live across a call into a slot of its function's own C-stack
frame just before the call, so a collection started below any call finds them all
(ports/wasm/emscripten/gccollect.c). --flatten first turns every value that waits on the wasm
value stack during a call into a local, which the pass would otherwise miss; merging locals again
before spilling keeps the frames small (one slot per i32 local: without it the VM's frame took 28 KB).

binaryen finds the C stack pointer by its name, ``__stack_pointer``. An optimised emcc link
strips the name section, so the global is anonymous there. emscripten's ``stackSave`` export is
a function whose whole body reads that global (``global.get N``); this module finds N through it
and appends a name section that names global N. binaryen drops the section again when it writes
its output without ``-g``.
"""

STACK_POINTER_NAME = "__stack_pointer"

_MAGIC = b"\0asm\x01\0\0\0"
_CUSTOM, _IMPORT, _EXPORT, _CODE, _TAG = 0, 2, 7, 10, 13
_IMPORT_FUNCTION = 0
_EXPORT_FUNCTION = 0
_GLOBAL_GET, _END = 0x23, 0x0B
_NAME_SUBSECTION_GLOBALS = 7


class WasmFormatError(ValueError):
    """The file is not a module this step understands (the message says what is missing)."""


def _uleb(data, at):
    """(value, next offset) of the unsigned LEB128 number at data[at:]."""
    value = shift = 0
    while True:
        if at >= len(data):
            raise WasmFormatError("truncated LEB128 number")
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, at


def _encode_uleb(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _name(data, at):
    size, at = _uleb(data, at)
    return data[at:at + size].decode("utf-8", "replace"), at + size


def _sections(data):
    """[(id, payload start, payload end)] of the module's sections."""
    if not data.startswith(_MAGIC):
        raise WasmFormatError("not a WebAssembly module (version 1)")
    sections, at = [], len(_MAGIC)
    while at < len(data):
        section_id = data[at]
        size, at = _uleb(data, at + 1)
        if at + size > len(data):
            raise WasmFormatError("truncated section")
        sections.append((section_id, at, at + size))
        at += size
    return sections


def _skip_import_description(data, at, kind):
    if kind == 0:                      # function: type index
        return _uleb(data, at)[1]
    if kind == 1:                      # table: reference type, limits
        at += 1
        flags, at = _uleb(data, at)
        at = _uleb(data, at)[1]
        return _uleb(data, at)[1] if flags & 1 else at
    if kind == 2:                      # memory: limits
        flags, at = _uleb(data, at)
        at = _uleb(data, at)[1]
        return _uleb(data, at)[1] if flags & 1 else at
    if kind == 3:                      # global: value type, mutability
        return at + 2
    if kind == 4:                      # tag: attribute, type index
        return _uleb(data, at + 1)[1]
    raise WasmFormatError(f"unknown import kind {kind}")


def stack_pointer_global(data):
    """Index of the global that the `stackSave` export returns."""
    sections = _sections(data)
    imported_functions = 0
    save_function = None
    for section_id, start, _end in sections:
        if section_id == _IMPORT:
            count, at = _uleb(data, start)
            for _ in range(count):
                _module, at = _name(data, at)
                _field, at = _name(data, at)
                kind = data[at]
                at = _skip_import_description(data, at + 1, kind)
                imported_functions += kind == _IMPORT_FUNCTION
        elif section_id == _EXPORT:
            count, at = _uleb(data, start)
            for _ in range(count):
                name, at = _name(data, at)
                kind = data[at]
                index, at = _uleb(data, at + 1)
                if name == "stackSave" and kind == _EXPORT_FUNCTION:
                    save_function = index
    if save_function is None:
        raise WasmFormatError("no `stackSave` function export (emscripten exports it to read the stack pointer)")
    if save_function < imported_functions:
        raise WasmFormatError("`stackSave` is an imported function")
    for section_id, start, _end in sections:
        if section_id != _CODE:
            continue
        count, at = _uleb(data, start)
        wanted = save_function - imported_functions
        if wanted >= count:
            raise WasmFormatError("`stackSave` has no body in the code section")
        for _ in range(wanted):
            size, at = _uleb(data, at)
            at += size
        size, at = _uleb(data, at)
        body = data[at:at + size]
        local_groups, here = _uleb(body, 0)
        if local_groups == 0 and here < len(body) and body[here] == _GLOBAL_GET:
            index, here = _uleb(body, here + 1)
            if body[here:] == bytes([_END]):
                return index
        raise WasmFormatError("`stackSave` does not just return a global")
    raise WasmFormatError("no code section")


def with_stack_pointer_named(data):
    """The module with a name section (appended) naming its stack-pointer global.
    Only for modules without a name section: one module may hold one."""
    for section_id, start, end in _sections(data):
        if section_id == _CUSTOM and _name(data, start)[0] == "name":
            raise WasmFormatError("the module already has a name section")
    index = stack_pointer_global(data)
    name = STACK_POINTER_NAME.encode()
    global_names = _encode_uleb(1) + _encode_uleb(index) + _encode_uleb(len(name)) + name
    subsection = bytes([_NAME_SUBSECTION_GLOBALS]) + _encode_uleb(len(global_names)) + global_names
    payload = _encode_uleb(len(b"name")) + b"name" + subsection
    return bytes(data) + bytes([_CUSTOM]) + _encode_uleb(len(payload)) + payload


# Before spilling: every value alive across a call in a local (flat IR), then as few locals
# as flat IR allows. After: optimise again at the variant's level.
SPILL_PASSES = ["--flatten", "--simplify-locals-nonesting", "--coalesce-locals", "--spill-pointers"]


def features(data):
    """binaryen's feature flags for what an emcc 3.1 link may contain: MVP with mutable globals,
    and exception handling when the module declares a tag (wasm-exception setjmp). Nothing else,
    so that the optimiser introduces no instruction the link did not use."""
    flags = ["--mvp-features", "--enable-mutable-globals"]
    if any(section_id == _TAG for section_id, _start, _end in _sections(data)):
        flags.append("--enable-exception-handling")
    return flags


def optimize_level(linkflags):
    """The link's own optimisation flag (-O0 .. -O3, -Os, -Oz), the last one given; -O0 if none."""
    level = "-O0"
    for flag in linkflags:
        if flag in ("-O0", "-O1", "-O2", "-O3", "-Os", "-Oz"):
            level = flag
    return level


def wasm_opt_arguments(data, source, target, linkflags):
    """wasm-opt's arguments (after the program) that spill the module `data`, read from `source`."""
    level = optimize_level(linkflags)
    return [source, *features(data), *SPILL_PASSES, *([level] if level != "-O0" else []), "-o", target]
