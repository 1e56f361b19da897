"""Asyncify's remove list, from the symbol tables of the never-suspending objects."""

import textwrap

import pytest

from mpbuild import asyncify


def nm(text):
    return textwrap.dedent(text).lstrip("\n")


def test_functions_of_one_object_without_header():
    out = nm("""
        00000000 d .L.str
        00000044 d .L__func__.scope_new
        00000227 T scope_check_to_close_over
        000000c3 t scope_local_helper
        00000010 D mp_some_table
        00000000 b counter
    """)
    assert asyncify.functions_by_object(out, ["py/scope.o"]) == {
        "py/scope.o": {"scope_check_to_close_over", "scope_local_helper"}}


def test_functions_of_a_bitcode_object():
    # -flto objects: llvm-nm prints dashes where the address will be.
    out = nm("""
        -------- T gc_alloc
        -------- t gc_sweep
        -------- D gc_table
        -------- U memset
    """)
    assert asyncify.functions_by_object(out, ["py/gc.o"]) == {"py/gc.o": {"gc_alloc", "gc_sweep"}}


def test_functions_of_several_objects_by_header():
    out = nm("""

        build/a/py/lexer.o:
        00000010 T mp_lexer_new
        00000020 t next_char

        build/a/py/parse.o:
        00000010 T mp_parse
        00000020 t next_char
        00000000 d .L.str
    """)
    assert asyncify.functions_by_object(out, ["build/a/py/lexer.o", "build/a/py/parse.o"]) == {
        "build/a/py/lexer.o": {"mp_lexer_new", "next_char"},
        "build/a/py/parse.o": {"mp_parse", "next_char"},
    }


def test_an_object_without_functions_is_listed_empty():
    assert asyncify.functions_by_object("\nx.o:\n00000000 D table\n\ny.o:\n", ["x.o", "y.o"]) == {
        "x.o": set(), "y.o": set()}


def test_remove_list_is_sorted_and_unique():
    chosen = {"compile.o": {"compile_node", "mp_compile"}, "emitbc.o": {"mp_emit_bc_new"}}
    assert asyncify.remove_list(chosen, {}) == ["compile_node", "mp_compile", "mp_emit_bc_new"]


def test_a_name_defined_in_another_object_is_never_listed():
    # A static function of the same name elsewhere gets an unpredictable
    # suffix in the linked module: listing the name could name the wrong one.
    chosen = {"lexer.o": {"next_char", "mp_lexer_new"}}
    others = {"objstr.o": {"next_char", "str_find"}}
    assert asyncify.remove_list(chosen, others) == ["mp_lexer_new"]


def test_a_name_defined_twice_among_the_chosen_is_never_listed():
    chosen = {"lexer.o": {"next_char", "mp_lexer_new"}, "parse.o": {"next_char", "mp_parse"}}
    assert asyncify.remove_list(chosen, {}) == ["mp_lexer_new", "mp_parse"]


def test_render_one_name_per_line():
    assert asyncify.render(["a", "b"]) == "a\nb\n"
    assert asyncify.render([]) == ""


def test_expected_missing_name_warnings_are_dropped_and_others_kept():
    output = ("warning: Asyncify removelist contained a non-existing function name: scope_free (scope_free)\n"
              "warning: something else\n"
              "warning: Asyncify removelist contained a non-existing function name: x (x)\n"
              "error: real trouble\n")
    assert asyncify.without_expected_warnings(output) == "warning: something else\nerror: real trouble\n"


def test_named_functions_are_added_from_any_object():
    chosen = {"lexer.o": {"mp_lexer_new"}}
    others = {"runtime.o": {"m_malloc_fail", "mp_call_function_n_kw"}}
    assert asyncify.remove_list(chosen, others, ["m_malloc_fail"]) == ["m_malloc_fail", "mp_lexer_new"]


@pytest.mark.parametrize("name, problem", [("mp_nowhere", "is not defined in any object"),
                                           ("helper", "is defined more than once")])
def test_a_named_function_must_be_defined_exactly_once(name, problem):
    others = {"a.o": {"helper"}, "b.o": {"helper", "other"}}
    with pytest.raises(ValueError, match=f"never-suspending function {name} {problem}"):
        asyncify.remove_list({}, others, [name])
