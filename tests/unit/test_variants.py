"""Declarative build variants: variants/<name>.toml, validated strictly and merged along extends."""

import dataclasses

import pytest

from mpbuild import features
from mpbuild.variants import Variant, VariantError, list_variants, load_variant
from variant_files import error_of, make_variants_folder, write

# Feature names these tests use, for either target and without effects (the real table's
# checks are tested in test_features.py).
_TEST_FEATURES = tuple(features.Feature(name, "a test feature", targets=("host", "wasm"))
                       for name in ("repl", "math", "debug", "threads", "ok", "a", "b"))


@pytest.fixture
def variants(tmp_path, monkeypatch):
    """An empty variants/ folder (the cwd its parent), with the test feature names above."""
    monkeypatch.setattr(features, "TABLE", _TEST_FEATURES)
    monkeypatch.setattr(features, "FEATURES", {feature.name: feature for feature in _TEST_FEATURES})
    return make_variants_folder(tmp_path, monkeypatch)


UNIX = """
    description = "Native unix-host interpreter (gcc)"
    target = "host"
    cflags = ["-O2", "-Wall"]
    ldflags = ["-lm"]
    features = ["repl", "math"]

    [defines]
    MICROPY_PY_MATH = 1
    MICROPY_ENABLE_GC = true
    MICROPY_DEBUG = false
    MICROPY_BANNER_NAME = '"unix"'
"""


# --------------------------------------------------------------------------- listing and names


def test_list_variants_sorted(variants):
    for name in ("wasm", "unix", "unix-debug", "a_b"):
        write(variants, name, 'description = "x"\ntarget = "host"\n')
    (variants / "README.md").write_text("not a variant")
    (variants / ".#unix.toml").write_text("editor lock file")
    assert list_variants(variants) == ["a_b", "unix", "unix-debug", "wasm"]


def test_list_variants_rejects_bad_file_names(variants):
    write(variants, "Unix", 'description = "x"\ntarget = "host"\n')
    with pytest.raises(VariantError) as caught:
        list_variants(variants)
    assert str(caught.value).startswith("variants/Unix.toml: invalid variant name 'Unix'")
    assert "rename the file" in str(caught.value)


def test_missing_variants_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(VariantError) as caught:
        list_variants(tmp_path / "variants")
    assert str(caught.value).startswith("variants directory variants/ does not exist")


def test_unknown_variant_lists_valid_ones(variants):
    for name in ("c", "a", "b"):
        write(variants, name, 'description = "x"\ntarget = "host"\n')
    assert error_of(variants, "foo") == (
        "unknown variant 'foo'; valid variants: a, b, c (one .toml file each in variants/)"
    )


@pytest.mark.parametrize("name", ["../unix", "a/b", "a\\b", "/etc/passwd", "Unix", "1st", "-x", "", "unix.toml", "a b"])
def test_invalid_variant_names(variants, name):
    write(variants, "unix", UNIX)
    message = error_of(variants, name)
    assert message.startswith(f"invalid variant name {name!r}: names must match [a-z][a-z0-9_-]*")
    assert "no path separators" in message


# --------------------------------------------------------------------------- a single variant


def test_load_simple_variant(variants):
    write(variants, "unix", UNIX)
    variant = load_variant(variants, "unix")

    assert variant.name == "unix"
    assert variant.path == variants / "unix.toml"
    assert variant.description == "Native unix-host interpreter (gcc)"
    assert variant.target == "host"
    assert variant.cflags == ("-O2", "-Wall")
    assert variant.ldflags == ("-lm",)
    assert variant.features == frozenset({"repl", "math"})
    assert variant.defines == {
        "MICROPY_BANNER_NAME": '"unix"',
        "MICROPY_DEBUG": "0",
        "MICROPY_ENABLE_GC": "1",
        "MICROPY_PY_MATH": "1",
    }
    assert list(variant.defines) == sorted(variant.defines)
    assert variant.cppdefines() == [
        ("MICROPY_BANNER_NAME", '"unix"'),
        ("MICROPY_DEBUG", "0"),
        ("MICROPY_ENABLE_GC", "1"),
        ("MICROPY_PY_MATH", "1"),
    ]
    with pytest.raises(dataclasses.FrozenInstanceError):
        variant.target = "wasm"


def test_minimal_variant_defaults(variants):
    write(variants, "bare", 'description = "Bare"\ntarget = "wasm"\n')
    variant = load_variant(variants, "bare")
    assert (variant.cflags, variant.ldflags) == ((), ())
    assert variant.features == frozenset() and variant.defines == {} and variant.cppdefines() == []


def test_negative_and_large_integer_defines(variants):
    write(variants, "v", 'description = "x"\ntarget = "host"\n[defines]\nA = -1\nB = 0x10\n')
    assert load_variant(variants, "v").cppdefines() == [("A", "-1"), ("B", "16")]


# --------------------------------------------------------------------------- extends


def test_extends_merges_settings(variants):
    write(variants, "unix", UNIX)
    write(variants, "unix-debug", """
        description = "Unix with debug checks"
        extends = "unix"
        cflags = ["-O0", "-g"]
        features = ["debug"]
        disable_features = ["math"]

        [defines]
        MICROPY_DEBUG = true
        MICROPY_DEBUG_VERBOSE = 1
    """)
    variant = load_variant(variants, "unix-debug")

    assert variant.description == "Unix with debug checks"
    assert variant.target == "host"  # inherited
    assert variant.cflags == ("-O2", "-Wall", "-O0", "-g")  # base first, then ours
    assert variant.ldflags == ("-lm",)
    assert variant.features == frozenset({"repl", "debug"})
    assert variant.defines["MICROPY_DEBUG"] == "1"  # child wins
    assert variant.defines["MICROPY_PY_MATH"] == "1"  # inherited
    assert variant.defines["MICROPY_DEBUG_VERBOSE"] == "1"
    assert list(variant.defines) == sorted(variant.defines)
    assert variant.path == variants / "unix-debug.toml"


def test_three_level_chain_and_target_override(variants):
    write(variants, "base", 'description = "Base"\ntarget = "host"\ncflags = ["-DBASE"]\nfeatures = ["a", "b"]\n')
    write(variants, "mid", 'description = "Mid"\nextends = "base"\ncflags = ["-DMID"]\ndisable_features = ["a"]\n')
    write(variants, "top", """
        description = "Top"
        extends = "mid"
        target = "wasm"
        cflags = ["-DTOP"]
        features = ["a"]
    """)
    variant = load_variant(variants, "top")
    assert variant.target == "wasm"
    assert variant.cflags == ("-DBASE", "-DMID", "-DTOP")
    assert variant.features == frozenset({"a", "b"})  # re-enabled after mid disabled it
    assert load_variant(variants, "mid").features == frozenset({"b"})


def test_extends_cycle(variants):
    write(variants, "a", 'description = "A"\ntarget = "host"\nextends = "b"\n')
    write(variants, "b", 'description = "B"\nextends = "c"\n')
    write(variants, "c", 'description = "C"\nextends = "a"\n')
    assert error_of(variants, "a") == "variants/c.toml:2: extends cycle a -> b -> c -> a; remove one of these extends"
    assert "extends cycle b -> c -> a -> b" in error_of(variants, "b")


def test_extends_itself(variants):
    write(variants, "a", 'description = "A"\ntarget = "host"\nextends = "a"\n')
    assert error_of(variants, "a") == "variants/a.toml:3: variant 'a' extends itself; remove extends"


def test_extends_unknown_base(variants):
    write(variants, "unix", UNIX)
    write(variants, "child", 'description = "Child"\n\nextends = "unx"\n')
    assert error_of(variants, "child") == (
        "variants/child.toml:3: extends: unknown variant 'unx'; "
        "valid variants: child, unix (one .toml file each in variants/)"
    )


def test_extends_invalid_name(variants):
    write(variants, "child", 'description = "Child"\nextends = "../unix"\n')
    message = error_of(variants, "child")
    assert message.startswith("variants/child.toml:2: extends: invalid variant name '../unix'")


def test_error_in_base_names_the_base_file(variants):
    write(variants, "base", 'description = "Base"\ntarget = "host"\ncflags = "-O2"\n')
    write(variants, "child", 'description = "Child"\nextends = "base"\n')
    assert error_of(variants, "child") == "variants/base.toml:3: cflags must be an array of strings, got string"


# --------------------------------------------------------------------------- syntax and schema errors


def test_toml_syntax_error_has_line_and_column(variants):
    write(variants, "bad", 'description = "x"\ntarget = \n')
    assert error_of(variants, "bad") == "variants/bad.toml:2:10: invalid TOML: Invalid value"


def test_toml_duplicate_key(variants):
    write(variants, "bad", 'description = "x"\ndescription = "y"\n')
    assert error_of(variants, "bad").startswith("variants/bad.toml:2:")


def test_toml_error_at_end_of_file(variants):
    write(variants, "bad", 'description = "x"\ncflags = ["-O2",\n')
    message = error_of(variants, "bad")
    assert message.startswith("variants/bad.toml:") and "invalid TOML" in message
    assert "(at " not in message


def test_not_utf8(variants):
    (variants / "bad.toml").write_bytes(b'description = "\xff"\n')
    assert error_of(variants, "bad").startswith("variants/bad.toml: not valid UTF-8")


def test_unknown_key_names_file_key_and_known_keys(variants):
    write(variants, "v", 'description = "x"\ntarget = "host"\ncflag = ["-O2"]\n')
    assert error_of(variants, "v") == (
        "variants/v.toml:3: unknown key 'cflag' (did you mean 'cflags'?); known keys: cflags, defines, "
        "description, disable_features, disable_modules, extends, features, ldflags, manifest, modules, "
        "target"
    )


def test_unknown_table_is_an_unknown_key(variants):
    write(variants, "v", 'description = "x"\ntarget = "host"\n[build]\njobs = 4\n')
    message = error_of(variants, "v")
    assert message.startswith("variants/v.toml:3: unknown key 'build'; known keys: cflags,")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("description = 3", "variants/v.toml:1: description must be a string, got integer"),
        ('target = ["host"]', "variants/v.toml:1: target must be a string, got array"),
        ("extends = true", "variants/v.toml:1: extends must be a string, got boolean"),
        ('cflags = "-O2"', "variants/v.toml:1: cflags must be an array of strings, got string"),
        ('ldflags = ["-lm", 3]', "variants/v.toml:1: ldflags[1] must be a string, got integer"),
        ('features = "repl"', "variants/v.toml:1: features must be an array of strings, got string"),
        ("disable_features = [[1]]", "variants/v.toml:1: disable_features[0] must be a string, got array"),
        ("cflags = [\"\"]", "variants/v.toml:1: cflags[0] is empty; remove it"),
        ("defines = 1", "variants/v.toml:1: defines must be a table ([defines] NAME = value), got integer"),
        ("defines = { X = 1.5 }", "variants/v.toml:1: defines.X must be an integer, boolean or string, got float"),
        ("defines.Y = [1]", "variants/v.toml:1: defines.Y must be an integer, boolean or string, got array"),
        ("cflags = 1979-05-27", "variants/v.toml:1: cflags must be an array of strings, got date/time"),
    ],
)
def test_wrong_types(variants, line, expected):
    text = line + "\n"
    if not line.startswith("description"):
        text += 'description = "x"\n'
    if not line.startswith("target"):
        text += 'target = "host"\n'
    (variants / "v.toml").write_text(text)
    assert error_of(variants, "v") == expected


def test_wrong_define_type_in_table_points_at_its_line(variants):
    write(variants, "v", """
        description = "x"
        target = "host"

        [defines]
        OK = 1
        BAD = 2.5
    """)
    assert error_of(variants, "v") == "variants/v.toml:6: defines.BAD must be an integer, boolean or string, got float"


def test_invalid_define_name(variants):
    write(variants, "v", 'description = "x"\ntarget = "host"\n[defines]\n"1BAD" = 1\n')
    assert error_of(variants, "v") == (
        "variants/v.toml:4: defines.1BAD is not a valid C macro name; use [A-Za-z_][A-Za-z0-9_]*"
    )


def test_missing_description(variants):
    write(variants, "v", 'target = "host"\n')
    assert error_of(variants, "v") == (
        "variants/v.toml: missing required key 'description' (a one-line summary, a string)"
    )


def test_empty_description(variants):
    write(variants, "v", 'description = "  "\ntarget = "host"\n')
    assert error_of(variants, "v") == "variants/v.toml:1: description is empty; describe the variant"


def test_missing_target(variants):
    write(variants, "v", 'description = "x"\n')
    assert error_of(variants, "v") == (
        "variants/v.toml: missing required key 'target' (\"host\" or \"wasm\"); "
        "set it here or in a base variant (chain: v)"
    )


def test_invalid_target(variants):
    write(variants, "v", 'description = "x"\ntarget = "arm"\n')
    assert error_of(variants, "v") == (
        "variants/v.toml:2: target = 'arm' is not valid; use \"host\" (gcc) or \"wasm\" (emcc)"
    )


@pytest.mark.parametrize("feature", ["Repl", "1x", "re-pl", "", "a.b"])
def test_invalid_feature_names(variants, feature):
    write(variants, "v", f'description = "x"\ntarget = "host"\nfeatures = ["ok", "{feature}"]\n')
    message = error_of(variants, "v")
    if feature:
        assert message == (
            f"variants/v.toml:3: features[1] = {feature!r} is not a valid feature name; use [a-z][a-z0-9_]*"
        )
    else:
        assert message == "variants/v.toml:3: features[1] is empty; remove it"


def test_disable_feature_that_is_not_inherited(variants):
    write(variants, "unix", UNIX)
    write(variants, "v", 'description = "x"\nextends = "unix"\ndisable_features = ["threads"]\n')
    assert error_of(variants, "v") == (
        "variants/v.toml:3: disable_features: 'threads' is not enabled by the base variants (unix); remove it"
    )
    write(variants, "root", 'description = "x"\ntarget = "host"\ndisable_features = ["repl"]\n')
    assert "not enabled by the base variants (none: no extends)" in error_of(variants, "root")


def test_feature_both_enabled_and_disabled(variants):
    write(variants, "v", 'description = "x"\ntarget = "host"\nfeatures = ["a"]\ndisable_features = ["a"]\n')
    assert error_of(variants, "v") == (
        "variants/v.toml:4: 'a' is in both features and disable_features; keep it in one of them"
    )


def test_linkflags_js_is_no_longer_a_key(variants):
    # emcc link flags are ldflags of a wasm variant (or a feature's, in mpbuild/features.py).
    write(variants, "v", 'description = "x"\ntarget = "wasm"\nlinkflags_js = ["-sWASM=1"]\n')
    assert error_of(variants, "v").startswith("variants/v.toml:3: unknown key 'linkflags_js'")


def test_absolute_paths_outside_the_cwd(tmp_path):
    directory = tmp_path / "elsewhere" / "variants"
    directory.mkdir(parents=True)
    write(directory, "v", 'description = "x"\ntarget = "host"\ncflags = 1\n')
    message = error_of(directory, "v")
    assert message.endswith("v.toml:3: cflags must be an array of strings, got integer")


# --------------------------------------------------------------------------- user modules


def test_user_modules_default_to_none_named(variants):
    write(variants, "v", 'description = "x"\ntarget = "host"\n')
    variant = load_variant(variants, "v")
    assert variant.modules == frozenset() and variant.disabled_modules == frozenset()


def test_user_modules_merge_along_extends(variants):
    write(variants, "base", 'description = "b"\ntarget = "host"\nmodules = ["stats"]\n'
                            'disable_modules = ["textutil", "big-one"]\n')
    write(variants, "mid", 'description = "m"\nextends = "base"\nmodules = ["textutil"]\n'
                           'disable_modules = ["stats"]\n')
    base, mid = load_variant(variants, "base"), load_variant(variants, "mid")
    assert base.modules == {"stats"} and base.disabled_modules == {"textutil", "big-one"}
    # A derived variant re-enables what it names and disables what it names.
    assert mid.modules == {"textutil"} and mid.disabled_modules == {"big-one", "stats"}


def test_user_module_both_enabled_and_disabled(variants):
    write(variants, "v", 'description = "x"\ntarget = "host"\nmodules = ["a"]\ndisable_modules = ["a"]\n')
    assert error_of(variants, "v") == (
        "variants/v.toml:4: 'a' is in both modules and disable_modules; keep it in one of them")


@pytest.mark.parametrize("name", ["has space", "../up", "", "9lives"])
def test_invalid_user_module_names(variants, name):
    write(variants, "v", f'description = "x"\ntarget = "host"\ndisable_modules = ["{name}"]\n')
    message = error_of(variants, "v")
    assert message.startswith("variants/v.toml:3: disable_modules[0]")


# --------------------------------------------------------------------------- manifest


def manifest_file(variants, relative="ports/wasm/manifests/m.py"):
    """A manifest below the repository root (the parent of variants/)."""
    path = variants.parent / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('require("datetime")\n')
    return relative


def test_manifest_defaults_to_none(variants):
    write(variants, "v", 'description = "x"\ntarget = "host"\n')
    assert load_variant(variants, "v").manifest is None


def test_manifest_is_inherited_and_overridden_along_extends(variants):
    first, second = manifest_file(variants, "m/first.py"), manifest_file(variants, "m/second.py")
    write(variants, "base", f'description = "b"\ntarget = "wasm"\nmanifest = "{first}"\n')
    write(variants, "child", 'description = "c"\nextends = "base"\n')
    write(variants, "grandchild", f'description = "g"\nextends = "child"\nmanifest = "{second}"\n')
    assert load_variant(variants, "base").manifest == "m/first.py"
    assert load_variant(variants, "child").manifest == "m/first.py"
    assert load_variant(variants, "grandchild").manifest == "m/second.py"


def test_missing_manifest_file_names_the_line_and_the_fix(variants):
    write(variants, "v", 'description = "x"\ntarget = "host"\nmanifest = "ports/wasm/manifests/nope.py"\n')
    assert error_of(variants, "v") == (
        "variants/v.toml:3: manifest = 'ports/wasm/manifests/nope.py': no such file (paths are relative to the "
        "repository root, the folder holding variants/); fix the path or create the manifest")


def test_missing_manifest_in_a_base_names_the_base_file(variants):
    write(variants, "base", 'description = "b"\ntarget = "host"\n\nmanifest = "nope.py"\n')
    write(variants, "v", 'description = "x"\nextends = "base"\n')
    assert error_of(variants, "v").startswith("variants/base.toml:4: manifest = 'nope.py': no such file")


@pytest.mark.parametrize("value, problem", [
    ("1", "manifest must be a string, got integer"),
    ('["a.py"]', "manifest must be a string, got array"),
    ('""', "manifest is empty; name a manifest file"),
    ('"  "', "manifest is empty; name a manifest file"),
    ('"/etc/manifest.py"', "manifest = '/etc/manifest.py' must be a relative path with '/'"),
    ('"ports\\\\wasm\\\\m.py"', "manifest = 'ports\\\\wasm\\\\m.py' must be a relative path with '/'"),
    ('"ports/wasm/manifests"', "manifest = 'ports/wasm/manifests' is not a .py file"),
])
def test_invalid_manifest_values(variants, value, problem):
    manifest_file(variants)
    write(variants, "v", f'description = "x"\ntarget = "host"\nmanifest = {value}\n')
    message = error_of(variants, "v")
    assert message.startswith(f"variants/v.toml:3: {problem}"), message


def test_manifest_naming_a_folder_is_refused(variants):
    (variants.parent / "dir.py").mkdir()
    write(variants, "v", 'description = "x"\ntarget = "host"\nmanifest = "dir.py"\n')
    assert error_of(variants, "v").startswith("variants/v.toml:3: manifest = 'dir.py': no such file")


def test_the_repository_variants_name_existing_manifests():
    import pathlib
    repo = pathlib.Path(__file__).resolve().parents[2]
    for name in list_variants(repo / "variants"):
        variant = load_variant(repo / "variants", name)
        assert variant.manifest is not None and (repo / variant.manifest).is_file(), name


def test_variant_is_a_plain_dataclass():
    variant = Variant(name="v", path=None, description="d", target="host")
    assert variant.cppdefines() == [] and variant.features == frozenset()
