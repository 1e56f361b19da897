"""QSTR and registration extraction for MicroPython builds.

MicroPython's build scans each C source, preprocessed with NO_QSTR defined, for
three kinds of items:

- ``MP_QSTR_name`` uses (interned strings),
- ``MP_REGISTER_MODULE(...)`` and friends (built-in module table),
- ``MP_REGISTER_ROOT_POINTER(...)`` (GC root pointers).

(Upstream also collects ``MP_COMPRESSED_ROM_TEXT("...")`` messages for its error-text
compression; no variant of ours turns that on, so they are not extracted.)

We extract per source into one small "fragment" file, so that editing one
source re-extracts that source only, then collect all fragments into the
inputs of upstream's header generators. Collected files are sorted so their
content (and so their SCons signature) depends only on the set of items.
"""

import re
from dataclasses import dataclass, field

KINDS = ("qstr", "module", "root_pointer")

_QSTR_RE = re.compile(r"MP_QSTR_[_a-zA-Z0-9]+")
_MODULE_RE = re.compile(
    r"(?:MP_REGISTER_MODULE|MP_REGISTER_EXTENSIBLE_MODULE|MP_REGISTER_MODULE_DELEGATION)"
    r"\(.*?,\s*.*?\);"
)
_ROOT_POINTER_RE = re.compile(r"MP_REGISTER_ROOT_POINTER\(.*?\);")
_LINEMARKER_RE = re.compile(r"^#(?:line)?\s+\d+\s")


@dataclass
class Fragment:
    """What one preprocessed source contributes, by kind."""

    qstr: set = field(default_factory=set)
    module: set = field(default_factory=set)
    root_pointer: set = field(default_factory=set)

    def items(self, kind):
        return getattr(self, kind)


def extract(preprocessed_text):
    """Extract a Fragment from one source's NO_QSTR preprocessor output."""
    fragment = Fragment()
    for line in preprocessed_text.splitlines():
        # (the cheap test first: few lines of a preprocessed source mention MP_)
        if "MP_" not in line or _LINEMARKER_RE.match(line):
            continue
        for match in _QSTR_RE.findall(line):
            fragment.qstr.add(match[len("MP_QSTR_"):])
        fragment.module.update(_MODULE_RE.findall(line))
        fragment.root_pointer.update(_ROOT_POINTER_RE.findall(line))
    return fragment


def format_fragment(fragment):
    """Serialise a Fragment as sorted ``kind<TAB>item`` lines."""
    lines = []
    for kind in KINDS:
        for item in sorted(fragment.items(kind)):
            lines.append(f"{kind}\t{item}\n")
    return "".join(lines)


def parse_fragment(text):
    fragment = Fragment()
    for line in text.splitlines():
        if not line:
            continue
        kind, tab, item = line.partition("\t")
        if kind not in KINDS or not tab:
            raise ValueError(f"unknown fragment kind {kind!r}")
        fragment.items(kind).add(item)
    return fragment


def collect(fragment_texts):
    """Merge fragments into the texts of the three collected files.

    Returns a dict kind -> file text, in the formats upstream's generators read:
    ``Q(name)`` lines for qstrs, the registration statements for modules and
    root pointers.
    """
    merged = Fragment()
    for text in fragment_texts:
        part = parse_fragment(text)
        merged.qstr |= part.qstr
        merged.module |= part.module
        merged.root_pointer |= part.root_pointer
    return {
        "qstr": "".join(f"Q({name})\n" for name in sorted(merged.qstr)),
        "module": "".join(f"{item}\n" for item in sorted(merged.module)),
        "root_pointer": "".join(f"{item}\n" for item in sorted(merged.root_pointer)),
    }


# The qstr definition files are run through the C preprocessor (so #if on the
# port's configuration applies) with each Q(...) line protected by quotes,
# because a Q(...) argument may contain characters the preprocessor mangles.
_Q_LINE_RE = re.compile(r"^Q\(.*\)", re.MULTILINE)
_QUOTED_Q_LINE_RE = re.compile(r'^"(Q\(.*\))"', re.MULTILINE)


def protect_qstr_lines(text):
    return _Q_LINE_RE.sub(lambda m: '"' + m.group(0) + '"', text)


def unprotect_qstr_lines(text):
    return _QUOTED_Q_LINE_RE.sub(lambda m: m.group(1), text)
