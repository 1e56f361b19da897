"""The WebAssembly stages as graph nodes: packaging, frozen modules and the emcc link."""

import shutil

import pytest

pytestmark = [pytest.mark.wasm, pytest.mark.builds("default")]


@pytest.fixture(scope="module")
def tree(make_scratch_tree):
    return make_scratch_tree("graph_wasm", build="default")


def test_noop(tree):
    assert tree.scons("variant=default").steps == set()


def test_asset_edit_repackages_only(tree):
    tree.path("ports/wasm/assets/greeting.txt").write_text("hello\n")
    run = tree.scons("variant=default")
    assert run.labels("PACKAGE") == {"build/default/micropython.data"}
    assert not run.labels("CC") and not run.labels("QSTR")
    # Same size, new bytes: the preload table is unchanged, so no relink.
    tree.path("ports/wasm/assets/greeting.txt").write_text("HELLO\n")
    run = tree.scons("variant=default")
    assert run.labels("PACKAGE") == {"build/default/micropython.data"}
    assert not run.labels("LINK") and not run.labels("CC")
    tree.assert_matches_clean_build("default")


def test_frozen_module_edit_refreezes_and_relinks(tree):
    path = tree.path("ports/wasm/modules/functools.py")
    path.write_text(path.read_text() + "\nEXTRA_CONSTANT = 42\n")
    run = tree.scons("variant=default")
    assert run.labels("MPY") == {"ports/wasm/modules/functools.py"}
    assert run.labels("FREEZE") == {"build/default/frozen/frozen_content.c"}
    assert run.labels("CC") == {"build/default/frozen/frozen_content.c"}
    assert run.labels("LINK") == {"build/default/micropython.js"}
    assert not run.labels("QSTR")
    tree.assert_matches_clean_build("default")


def test_port_c_edit_recompiles_one_object(tree):
    path = tree.path("ports/wasm/core/modtime.c")
    path.write_text(path.read_text().replace("sleep length must be non-negative", "sleep length must not be negative"))
    run = tree.scons("variant=default")
    assert run.labels("CC") == {"ports/wasm/core/modtime.c"}
    assert run.labels("LINK") == {"build/default/micropython.js"}
    assert not run.labels("PACKAGE") and not run.labels("FREEZE")
    tree.assert_matches_clean_build("default")


@pytest.mark.builds("asyncify")
def test_asyncify_remove_list_is_a_node_of_the_declared_sources(tree):
    listing = tree.path("build/asyncify/asyncify-remove.txt")
    tree.scons("variant=asyncify")
    listed = set(listing.read_text().split())
    assert {"mp_compile", "mp_parse", "mp_lexer_new", "scope_find_or_add_id"} <= listed
    assert not listed & {"mp_execute_bytecode", "gc_alloc", "mp_call_function_n_kw", "mp_hal_delay_ms"}
    assert tree.scons("variant=asyncify").steps == set()
    # Declaring one source fewer regenerates the list and relinks, and compiles nothing.
    tree.edit("ports/wasm/SConscript", ' "py/scope.c",', "")
    run = tree.scons("variant=asyncify")
    assert run.labels("GEN") == {"build/asyncify/asyncify-remove.txt"}
    assert run.labels("LINK") == {"build/asyncify/micropython.js"}
    assert not run.labels("CC") and not run.labels("QSTR")
    assert "scope_find_or_add_id" not in listing.read_text().split()
    tree.assert_matches_clean_build("asyncify")


def test_api_layer_edit_remakes_only_the_es_module(tree):
    path = tree.path("ports/wasm/js/api.mjs")
    path.write_text(path.read_text() + "\n// an edit\n")
    run = tree.scons("variant=default")
    assert run.labels("JSMODULE") == {"build/default/micropython.mjs"}
    assert not run.labels("LINK") and not run.labels("CC") and not run.labels("PACKAGE")
    assert tree.path("build/default/micropython.mjs").read_text().endswith("// an edit\n")
    # The npm package follows its files (only when asked for: `dist`).
    run = tree.scons("variant=default", "dist")
    assert run.labels("PACK") == {"build/default/dist/micropython-wasm-1.23.0.tgz"}
    assert tree.scons("variant=default", "dist").steps == set()
    shutil.rmtree(tree.path("build/default/dist"))  # (a plain build makes no package)
    tree.assert_matches_clean_build("default")
