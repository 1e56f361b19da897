"""User module discovery and selection (site_scons/mpbuild/usermods.py), without SCons."""

import os

import pytest

from mpbuild import usermods
from mpbuild.usermods import UserModuleError


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """A cwd with a cmod/ root; messages name paths relative to it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cmod").mkdir()
    return tmp_path


def add(root, relative, text=""):
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def error_of(function, *args, **kwargs):
    with pytest.raises(UserModuleError) as caught:
        function(*args, **kwargs)
    return str(caught.value)


# --------------------------------------------------------------------------- USER_C_MODULES


@pytest.mark.parametrize("text, folders", [
    ("", []),
    ("extra", ["extra"]),
    ("a,b", ["a", "b"]),
    (f"a{os.pathsep}b, c", ["a", "b", "c"]),
    (f" a ,,{os.pathsep} ", ["a"]),
    (None, []),
])
def test_folder_list_splits_on_pathsep_and_commas(text, folders):
    assert usermods.split_folder_list(text) == folders


# --------------------------------------------------------------------------- discovery


def test_each_subfolder_with_sources_is_a_module(tree):
    add(tree, "cmod/textutil/textutil.pym", "X = 1\n")
    add(tree, "cmod/textutil/helpers.h")
    add(tree, "cmod/stats/stats.c")
    add(tree, "cmod/stats/extra.c")
    add(tree, "cmod/stats/tests/test_stats.py")       # not a source: subfolders are not scanned
    add(tree, "cmod/docs-only/README.md")             # nothing to build: not a module
    add(tree, "cmod/.hidden/x.c")
    add(tree, "cmod/__pycache__/x.c")
    add(tree, "cmod/loose.c")                          # files directly in the root are not modules
    modules = usermods.discover([tree / "cmod"])
    assert [m.name for m in modules] == ["stats", "textutil"]
    stats, textutil = modules
    assert [p.name for p in stats.c_files] == ["extra.c", "stats.c"] and stats.pym_files == ()
    assert [p.name for p in textutil.pym_files] == ["textutil.pym"] and textutil.c_files == ()
    assert stats.folder == (tree / "cmod/stats").resolve()


def test_modules_from_several_roots_are_merged_and_sorted(tree):
    add(tree, "cmod/b/b.c")
    add(tree, "extra/a/a.pym")
    add(tree, "extra/c/c.c")
    assert [m.name for m in usermods.discover([tree / "cmod", tree / "extra"])] == ["a", "b", "c"]


def test_same_module_name_in_two_roots_is_refused(tree):
    add(tree, "cmod/stats/stats.c")
    add(tree, "extra/stats/other.c")
    message = error_of(usermods.discover, [tree / "cmod", tree / "extra"])
    assert message == ("extra/stats: a user module named 'stats' already exists in cmod/stats; "
                       "rename one of the folders")


def test_missing_root_is_an_error_unless_optional(tree):
    message = error_of(usermods.discover, [tree / "nowhere"])
    assert message.startswith("user module folder nowhere does not exist")
    assert usermods.discover([tree / "nowhere"], optional_roots=(tree / "nowhere",)) == []


def test_bad_module_folder_name(tree):
    add(tree, "cmod/my module/m.c")
    assert error_of(usermods.discover, [tree / "cmod"]).startswith(
        "cmod/my module: user module folder names must match")


def test_c_file_named_like_generated_c_is_refused(tree):
    add(tree, "cmod/m/m.pym", "X = 1\n")
    add(tree, "cmod/m/m.pym.c")
    assert error_of(usermods.discover, [tree / "cmod"]).startswith(
        "cmod/m/m.pym.c: this name is taken by the C generated from m.pym")


# --------------------------------------------------------------------------- variants


def test_select_drops_disabled_and_checks_names(tree):
    for name in ("a", "b", "c"):
        add(tree, f"cmod/{name}/{name}.c")
    found = usermods.discover([tree / "cmod"])
    assert [m.name for m in usermods.select(found)] == ["a", "b", "c"]
    assert [m.name for m in usermods.select(found, required=["a"], disabled=["b"])] == ["a", "c"]
    message = error_of(usermods.select, found, disabled=["nope"], variant_file="variants/v.toml")
    assert message.startswith("variants/v.toml: disable_modules: no user module named 'nope' (found: a, b, c;")
    message = error_of(usermods.select, found, required=["zzz"], variant_file="variants/v.toml")
    assert message.startswith("variants/v.toml: modules: no user module named 'zzz'")


# --------------------------------------------------------------------------- Python module names


def test_registered_names_are_read_from_c_sources():
    text = ("// MP_REGISTER_MODULE(MP_QSTR_commented, x);\n"
            "#include \"py/obj.h\"\n"
            "MP_REGISTER_MODULE(MP_QSTR_first, first_module);\n"
            "  MP_REGISTER_EXTENSIBLE_MODULE( MP_QSTR_second , second_module);\n")
    assert usermods.registered_names(text) == [("first", 3), ("second", 4)]


def test_python_module_names_must_be_unique(tree):
    add(tree, "cmod/one/textutil.pym", "X = 1\n")
    add(tree, "cmod/two/two.c", "\n\nMP_REGISTER_MODULE(MP_QSTR_textutil, two_module);\n")
    found = usermods.discover([tree / "cmod"])
    message = error_of(usermods.check_module_names, found)
    assert message == ("cmod/two/two.c:3:1: duplicate module name 'textutil': cmod/one/textutil.pym:1 "
                       "defines it too; rename one of them")


def test_two_pym_files_with_one_name_in_different_modules(tree):
    add(tree, "cmod/a/util.pym", "X = 1\n")
    add(tree, "cmod/b/util.pym", "X = 1\n")
    message = error_of(usermods.check_module_names, usermods.discover([tree / "cmod"]))
    assert message.startswith("cmod/b/util.pym:1:1: duplicate module name 'util': cmod/a/util.pym:1")


def test_a_user_module_cannot_replace_a_builtin_one(tree):
    builtin = add(tree, "port/modtime.c", "MP_REGISTER_MODULE(MP_QSTR_time, mp_module_time);\n")
    add(tree, "cmod/mytime/time.pym", "X = 1\n")
    found = usermods.discover([tree / "cmod"])
    message = error_of(usermods.check_module_names, found, [builtin])
    assert message == ("cmod/mytime/time.pym:1:1: duplicate module name 'time': port/modtime.c:1 (built in) "
                       "defines it too; rename one of them")


def test_unique_names_map_to_where_they_are_defined(tree):
    add(tree, "cmod/a/alpha.pym", "X = 1\n")
    add(tree, "cmod/b/b.c", "MP_REGISTER_MODULE(MP_QSTR_beta, beta_module);\n")
    assert usermods.check_module_names(usermods.discover([tree / "cmod"])) == {
        "alpha": "cmod/a/alpha.pym:1", "beta": "cmod/b/b.c:1"}


def test_the_shipped_examples_are_two_modules(monkeypatch):
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    monkeypatch.chdir(repo)
    found = usermods.discover([os.path.join(repo, "cmod")])
    by_name = {m.name: m for m in found}
    assert by_name["textutil"].pym_files and not by_name["textutil"].c_files
    assert by_name["stats"].c_files and not by_name["stats"].pym_files
    assert {"textutil", "stats"} <= set(usermods.check_module_names(found))
