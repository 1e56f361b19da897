"""Per-source QSTR/registration extraction and the order-independent collection of fragments."""

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mpbuild import qstr
from mpbuild.qstr import Fragment


def pp(text):
    """Preprocessor-output-like text from an indented literal."""
    return textwrap.dedent(text).lstrip("\n")


# --- extract: qstrs -----------------------------------------------------------


def test_qstr_names_found_anywhere_in_a_line():
    fragment = qstr.extract(pp("""
        static const mp_rom_map_elem_t t[] = { { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_math) },
            { MP_ROM_QSTR(MP_QSTR_sqrt), MP_ROM_PTR(&f_obj) }, };
        x = foo(MP_QSTR_a1,MP_QSTR__b);return MP_QSTR_C_d_2;
    """))
    assert fragment.qstr == {"__name__", "math", "sqrt", "a1", "_b", "C_d_2"}


def test_qstr_name_stops_at_the_first_non_identifier_character():
    fragment = qstr.extract("f(MP_QSTR_foo-1, MP_QSTR_bar.baz, MP_QSTR_x[0], MP_QSTR_y)\n")
    assert fragment.qstr == {"foo", "bar", "x", "y"}


def test_repeated_qstrs_are_a_set():
    fragment = qstr.extract("MP_QSTR_x MP_QSTR_x\nMP_QSTR_x\n")
    assert fragment.qstr == {"x"}


def test_text_without_items_gives_an_empty_fragment():
    fragment = qstr.extract(pp("""
        int main(void) {
            return MP_OBJ_NULL == 0;
        }

        static int qstr_count;
    """))
    assert fragment == Fragment()
    assert qstr.format_fragment(fragment) == ""


def test_empty_text():
    assert qstr.extract("") == Fragment()


@pytest.mark.parametrize("marker", [
    '# 12 "py/MP_QSTR_inmarker.c"',
    '# 1 "MP_QSTR_inmarker.h" 1 3 4',
    '#line 5 "MP_QSTR_inmarker.h"',
    '#line 5 "x.h" MP_QSTR_inmarker',
])
def test_line_markers_are_ignored(marker):
    fragment = qstr.extract(f"{marker}\nMP_QSTR_real\n")
    assert fragment.qstr == {"real"}


def test_line_markers_between_code_do_not_hide_code():
    fragment = qstr.extract(pp("""
        # 1 "py/obj.c"
        MP_QSTR_one
        # 12 "py/obj.h" 1
        MP_QSTR_two
        #line 5 "x.h"
        MP_QSTR_three
        # 13 "py/obj.c" 2
    """))
    assert fragment.qstr == {"one", "two", "three"}


def test_crlf_line_endings():
    fragment = qstr.extract('# 1 "a.c"\r\nMP_QSTR_a\r\nMP_REGISTER_ROOT_POINTER(int x);\r\n')
    assert fragment.qstr == {"a"}
    assert fragment.root_pointer == {"MP_REGISTER_ROOT_POINTER(int x);"}


# --- extract: module registrations ----------------------------------------------


@pytest.mark.parametrize("macro", [
    "MP_REGISTER_MODULE",
    "MP_REGISTER_EXTENSIBLE_MODULE",
    "MP_REGISTER_MODULE_DELEGATION",
])
def test_module_registrations(macro):
    statement = f"{macro}(MP_QSTR_mymod, mp_module_mymod);"
    fragment = qstr.extract(f"int x;\n{statement}\nint y;\n")
    assert fragment.module == {statement}
    # The module's name is also a qstr use.
    assert fragment.qstr == {"mymod"}


def test_several_module_registrations_on_one_line():
    line = ("MP_REGISTER_MODULE(MP_QSTR_a, mod_a); "
            "MP_REGISTER_EXTENSIBLE_MODULE(MP_QSTR_b, mod_b);"
            "MP_REGISTER_MODULE_DELEGATION(mod_c, mod_c_attr);")
    fragment = qstr.extract(line + "\n")
    assert fragment.module == {
        "MP_REGISTER_MODULE(MP_QSTR_a, mod_a);",
        "MP_REGISTER_EXTENSIBLE_MODULE(MP_QSTR_b, mod_b);",
        "MP_REGISTER_MODULE_DELEGATION(mod_c, mod_c_attr);",
    }
    assert fragment.qstr == {"a", "b"}


def test_module_registration_text_is_kept_verbatim():
    statement = "MP_REGISTER_MODULE(MP_QSTR_time,   mp_module_time);"
    fragment = qstr.extract("  " + statement + "  \n")
    assert fragment.module == {statement}


def test_registration_macro_without_arguments_is_not_a_module():
    # A mention (e.g. the macro's own definition remnant) that is not a call statement.
    fragment = qstr.extract("MP_REGISTER_MODULE\nMP_REGISTER_MODULE(x)\n")
    assert fragment.module == set()


# --- extract: root pointers -------------------------------------------------------


def test_root_pointers():
    fragment = qstr.extract(pp("""
        MP_REGISTER_ROOT_POINTER(mp_obj_t dupterm_objs[MICROPY_PY_OS_DUPTERM]);
        foo(); MP_REGISTER_ROOT_POINTER(struct _machine_timer_obj_t *timer_head); bar();
        MP_REGISTER_ROOT_POINTER(int x); MP_REGISTER_ROOT_POINTER(int y);
    """))
    assert fragment.root_pointer == {
        "MP_REGISTER_ROOT_POINTER(mp_obj_t dupterm_objs[MICROPY_PY_OS_DUPTERM]);",
        "MP_REGISTER_ROOT_POINTER(struct _machine_timer_obj_t *timer_head);",
        "MP_REGISTER_ROOT_POINTER(int x);",
        "MP_REGISTER_ROOT_POINTER(int y);",
    }
    assert fragment.module == set()


def test_duplicate_root_pointers_are_a_set():
    line = "MP_REGISTER_ROOT_POINTER(int x);\n"
    assert qstr.extract(line * 3).root_pointer == {"MP_REGISTER_ROOT_POINTER(int x);"}


# --- extract: compressed ROM text (upstream's error-text compression, never on here)


def test_compressed_rom_text_is_not_extracted():
    # Its messages stay in the image as plain strings; nothing is collected for a compressor.
    fragment = qstr.extract('mp_raise_ValueError(MP_COMPRESSED_ROM_TEXT("math domain error"));\n')
    assert fragment == Fragment()
    assert qstr.format_fragment(fragment) == ""


def test_a_compress_line_is_an_unknown_kind():
    with pytest.raises(ValueError, match="unknown fragment kind 'compress'"):
        qstr.parse_fragment("compress\tmath domain error\n")


def test_all_kinds_from_one_source():
    fragment = qstr.extract(pp("""
        # 1 "extmod/modfoo.c"
        static const mp_rom_map_elem_t g[] = { { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_foo) } };
        void f(void) { mp_raise_ValueError(MP_COMPRESSED_ROM_TEXT("bad foo")); }
        MP_REGISTER_MODULE(MP_QSTR_foo, mp_module_foo);
        MP_REGISTER_ROOT_POINTER(mp_obj_t foo_state);
    """))
    assert fragment == Fragment(
        qstr={"__name__", "foo"},
        module={"MP_REGISTER_MODULE(MP_QSTR_foo, mp_module_foo);"},
        root_pointer={"MP_REGISTER_ROOT_POINTER(mp_obj_t foo_state);"},
    )


# --- format_fragment / parse_fragment -------------------------------------------


def test_format_fragment_is_sorted_kind_tab_item_lines_in_kind_order():
    fragment = Fragment(
        qstr={"zeta", "alpha"},
        module={"MP_REGISTER_MODULE(MP_QSTR_b, b);", "MP_REGISTER_MODULE(MP_QSTR_a, a);"},
        root_pointer={"MP_REGISTER_ROOT_POINTER(int x);"},
    )
    assert qstr.format_fragment(fragment) == (
        "qstr\talpha\n"
        "qstr\tzeta\n"
        "module\tMP_REGISTER_MODULE(MP_QSTR_a, a);\n"
        "module\tMP_REGISTER_MODULE(MP_QSTR_b, b);\n"
        "root_pointer\tMP_REGISTER_ROOT_POINTER(int x);\n"
    )


def test_format_parse_round_trip_of_an_extracted_fragment():
    fragment = qstr.extract(pp("""
        # 1 "py/x.c"
        MP_QSTR_a MP_QSTR_b
        MP_REGISTER_MODULE(MP_QSTR_m, m);
        MP_REGISTER_ROOT_POINTER(int *p);
    """))
    parsed = qstr.parse_fragment(qstr.format_fragment(fragment))
    assert parsed.qstr == fragment.qstr
    assert parsed.module == fragment.module
    assert parsed.root_pointer == fragment.root_pointer == {"MP_REGISTER_ROOT_POINTER(int *p);"}


def test_parse_empty_text():
    assert qstr.parse_fragment("") == Fragment()


def test_parse_ignores_blank_lines_and_accepts_crlf():
    parsed = qstr.parse_fragment("\nqstr\ta\r\n\r\nroot_pointer\tx y\r\n")
    assert parsed == Fragment(qstr={"a"}, root_pointer={"x y"})


def test_parse_keeps_tabs_after_the_first_in_the_item():
    assert qstr.parse_fragment("root_pointer\ta\tb\n").root_pointer == {"a\tb"}


@pytest.mark.parametrize("line", [
    "qstrs\tfoo",
    "QSTR\tfoo",
    "modules\tMP_REGISTER_MODULE(MP_QSTR_a, a);",
    " qstr\tfoo",
    "Q(foo)",
    "items\tx",
])
def test_parse_unknown_kind_raises(line):
    with pytest.raises(ValueError, match="unknown fragment kind"):
        qstr.parse_fragment(f"qstr\tok\n{line}\n")


def test_parse_error_names_the_kind():
    with pytest.raises(ValueError) as caught:
        qstr.parse_fragment("bogus\tx\n")
    assert "'bogus'" in str(caught.value)


# Items as extract can produce them: no line breaks (one line of source each);
# tabs would survive too, but keep to printable text plus spaces.
_item_text = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    max_size=20,
)
_qstr_name = st.from_regex(r"[_a-zA-Z0-9]{1,12}", fullmatch=True)
_fragments = st.builds(
    Fragment,
    qstr=st.sets(_qstr_name, max_size=8),
    module=st.sets(_item_text.map(lambda s: f"MP_REGISTER_MODULE(MP_QSTR_{len(s)}, {s!r});"), max_size=4),
    root_pointer=st.sets(_item_text.map(lambda s: f"MP_REGISTER_ROOT_POINTER({s});"), max_size=4),
)


@settings(max_examples=200, deadline=None)
@given(_fragments)
def test_format_parse_round_trip_property(fragment):
    text = qstr.format_fragment(fragment)
    parsed = qstr.parse_fragment(text)
    assert parsed.qstr == fragment.qstr
    assert parsed.module == fragment.module
    assert parsed.root_pointer == fragment.root_pointer
    # Serialising again is a fixed point.
    assert qstr.format_fragment(parsed) == text


# --- collect ----------------------------------------------------------------------


def test_collect_returns_one_text_per_kind():
    assert set(qstr.collect([])) == set(qstr.KINDS)


def test_collect_of_nothing_is_empty_files():
    assert qstr.collect([]) == {kind: "" for kind in qstr.KINDS}
    assert qstr.collect(["", ""]) == {kind: "" for kind in qstr.KINDS}


def test_collect_output_formats():
    one = qstr.format_fragment(Fragment(
        qstr={"sqrt", "math"},
        module={"MP_REGISTER_MODULE(MP_QSTR_math, mp_module_math);"},
        root_pointer={"MP_REGISTER_ROOT_POINTER(int x);"},
    ))
    two = qstr.format_fragment(Fragment(
        qstr={"__name__", "math"},
        module={"MP_REGISTER_EXTENSIBLE_MODULE(MP_QSTR_os, mp_module_os);"},
        root_pointer={"MP_REGISTER_ROOT_POINTER(int x);", "MP_REGISTER_ROOT_POINTER(char *a);"},
    ))
    collected = qstr.collect([one, two])
    assert collected["qstr"] == "Q(__name__)\nQ(math)\nQ(sqrt)\n"
    assert collected["module"] == (
        "MP_REGISTER_EXTENSIBLE_MODULE(MP_QSTR_os, mp_module_os);\n"
        "MP_REGISTER_MODULE(MP_QSTR_math, mp_module_math);\n"
    )
    assert collected["root_pointer"] == (
        "MP_REGISTER_ROOT_POINTER(char *a);\n"
        "MP_REGISTER_ROOT_POINTER(int x);\n"
    )


def test_collect_deduplicates_qstrs_modules_and_root_pointers_across_fragments():
    text = qstr.format_fragment(Fragment(
        qstr={"a"},
        module={"MP_REGISTER_MODULE(MP_QSTR_a, a);"},
        root_pointer={"MP_REGISTER_ROOT_POINTER(int a);"},
    ))
    collected = qstr.collect([text, text, text])
    assert collected["qstr"] == "Q(a)\n"
    assert collected["module"] == "MP_REGISTER_MODULE(MP_QSTR_a, a);\n"
    assert collected["root_pointer"] == "MP_REGISTER_ROOT_POINTER(int a);\n"


def test_collect_accepts_any_iterable():
    texts = (qstr.format_fragment(Fragment(qstr={name})) for name in ("b", "a"))
    assert qstr.collect(texts)["qstr"] == "Q(a)\nQ(b)\n"


def test_collect_rejects_a_fragment_with_an_unknown_kind():
    good = qstr.format_fragment(Fragment(qstr={"a"}))
    with pytest.raises(ValueError, match="unknown fragment kind"):
        qstr.collect([good, "qstr\tb\nweird\tc\n"])


def test_extract_then_collect_end_to_end():
    sources = [
        pp("""
            # 1 "py/modmath.c"
            { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_math) },
            MP_REGISTER_MODULE(MP_QSTR_math, mp_module_math);
            mp_raise_ValueError(MP_COMPRESSED_ROM_TEXT("math domain error"));
        """),
        pp("""
            # 1 "py/modsys.c"
            { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_sys) },
            MP_REGISTER_MODULE(MP_QSTR_sys, mp_module_sys);
            MP_REGISTER_ROOT_POINTER(mp_obj_t sys_exitfunc);
            mp_raise_ValueError(MP_COMPRESSED_ROM_TEXT("math domain error"));
        """),
    ]
    collected = qstr.collect(qstr.format_fragment(qstr.extract(s)) for s in sources)
    assert collected == {
        "qstr": "Q(__name__)\nQ(math)\nQ(sys)\n",
        "module": "MP_REGISTER_MODULE(MP_QSTR_math, mp_module_math);\n"
                  "MP_REGISTER_MODULE(MP_QSTR_sys, mp_module_sys);\n",
        "root_pointer": "MP_REGISTER_ROOT_POINTER(mp_obj_t sys_exitfunc);\n",
    }


def _lines(text):
    return text.splitlines()


@settings(max_examples=200, deadline=None)
@given(st.lists(_fragments, max_size=6), st.randoms(use_true_random=False))
def test_collect_is_sorted_deduplicated_and_order_independent(fragments, random):
    texts = [qstr.format_fragment(f) for f in fragments]
    collected = qstr.collect(texts)

    shuffled = list(texts)
    random.shuffle(shuffled)
    assert qstr.collect(shuffled) == collected
    assert qstr.collect(list(reversed(texts))) == collected
    # Repeating fragments (e.g. an object listed twice) changes nothing.
    assert qstr.collect(texts + texts) == collected

    all_qstrs = set().union(*(f.qstr for f in fragments))
    assert _lines(collected["qstr"]) == [f"Q({name})" for name in sorted(all_qstrs)]
    for kind in ("module", "root_pointer"):
        expected = sorted(set().union(*(f.items(kind) for f in fragments)))
        assert _lines(collected[kind]) == expected

    for kind in qstr.KINDS:
        text = collected[kind]
        assert text == "" or text.endswith("\n")


# --- protect / unprotect --------------------------------------------------------

QSTRDEFS = """\
// qstrs specific to this port
#include "py/mpconfig.h"
QCFG(BYTES_IN_LEN, (1))
QCFG(BYTES_IN_HASH, (2))
Q()
Q(*)
Q(_)
Q(/)
Q(%#o)
Q({:#x})
Q(>>> )
Q(... )
Q(\\n)
Q(<module>)
Q(')
Q(")
#if MICROPY_PY_SYS
Q(sys)
#endif
  Q(indented)
Q(math)
"""


def test_protect_quotes_exactly_the_q_lines():
    protected = qstr.protect_qstr_lines(QSTRDEFS)
    for before, after in zip(QSTRDEFS.splitlines(), protected.splitlines(), strict=True):
        if before.startswith("Q("):
            assert after == f'"{before}"'
        else:
            assert after == before


@pytest.mark.parametrize("line", [
    "QCFG(BYTES_IN_LEN, (1))",
    '#include "py/qstrdefs.h"',
    "#if MICROPY_PY_SYS",
    "// Q(comment)",
    "  Q(indented)",
    "XQ(foo)",
    "q(lower)",
    '"Q(already)"',
    "",
])
def test_protect_leaves_non_q_lines_alone(line):
    text = f"{line}\nQ(x)\n"
    assert qstr.protect_qstr_lines(text) == f'{line}\n"Q(x)"\n'


def test_unprotect_removes_the_quotes():
    assert qstr.unprotect_qstr_lines('"Q(a)"\n"Q(/)"\n') == "Q(a)\nQ(/)\n"


@pytest.mark.parametrize("line", [
    "QCFG(BYTES_IN_LEN, (1))",
    '#include "py/qstrdefs.h"',
    '"not a Q line"',
    '  "Q(indented)"',
    "Q(plain)",
])
def test_unprotect_leaves_other_lines_alone(line):
    text = f"{line}\n\"Q(x)\"\n"
    assert qstr.unprotect_qstr_lines(text) == f"{line}\nQ(x)\n"


def test_trailing_text_after_a_q_line_is_kept_outside_the_quotes():
    # As upstream's sed: quote through the last ")" so a trailing comment or
    # CR never reaches the preprocessor inside a Q(...).
    assert qstr.protect_qstr_lines("Q(a) // note\nQ(b)\r\n") == '"Q(a)" // note\n"Q(b)"\r\n'
    assert qstr.unprotect_qstr_lines('"Q(a)" // note\n') == "Q(a) // note\n"


def test_protect_unprotect_round_trip():
    assert qstr.unprotect_qstr_lines(qstr.protect_qstr_lines(QSTRDEFS)) == QSTRDEFS


def test_protect_twice_does_not_double_quote():
    # A quoted line no longer starts with "Q(", so a second pass changes nothing.
    once = qstr.protect_qstr_lines(QSTRDEFS)
    assert qstr.protect_qstr_lines(once) == once


def test_round_trip_without_trailing_newline():
    assert qstr.protect_qstr_lines("Q(a)\nQ(b)") == '"Q(a)"\n"Q(b)"'
    assert qstr.unprotect_qstr_lines('"Q(a)"\n"Q(b)"') == "Q(a)\nQ(b)"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(
    st.builds(lambda s: f"Q({s})", st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=10)),
    st.sampled_from(["QCFG(BYTES_IN_LEN, (1))", '#include "py/mpconfig.h"', "#if X", "#endif", "", "// c"]),
), max_size=20))
def test_protect_unprotect_round_trip_property(lines):
    text = "\n".join(lines) + "\n"
    protected = qstr.protect_qstr_lines(text)
    assert qstr.unprotect_qstr_lines(protected) == text
    # After protection, no line begins with Q( any more: the preprocessor never sees a bare Q line.
    assert not any(line.startswith("Q(") for line in protected.splitlines())
