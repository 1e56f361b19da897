"""Frozen-module manifests in upstream's format, evaluated by upstream's tools/manifestfile.py.

Each test builds a small MicroPython-shaped tree in a tmp dir: tools/manifestfile.py (upstream's,
copied from the repository's tree), a fake micropython-lib and a port folder with manifests.
"""

import os
import pathlib
import shutil
import textwrap

import pytest

from mpbuild.manifest import FrozenModule, ManifestError, read_manifest, source_with_version

REPO = pathlib.Path(__file__).resolve().parents[2]
UPSTREAM_READER = REPO / "micropython" / "tools" / "manifestfile.py"

pytestmark = pytest.mark.skipif(not UPSTREAM_READER.is_file(), reason="needs micropython/tools/manifestfile.py")


def write(path, text=""):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip())
    return path


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """tmp/micropython (the reader and a micropython-lib with a few packages), tmp/port; cwd is tmp."""
    monkeypatch.chdir(tmp_path)
    mpy = tmp_path / "micropython"
    (mpy / "tools").mkdir(parents=True)
    shutil.copy(UPSTREAM_READER, mpy / "tools" / "manifestfile.py")
    stdlib = mpy / "lib" / "micropython-lib" / "python-stdlib"
    write(stdlib / "datetime" / "manifest.py", 'metadata(version="4.0.0")\nmodule("datetime.py")\n')
    write(stdlib / "datetime" / "datetime.py", "x = 1\n")
    write(stdlib / "collections" / "manifest.py", 'metadata(version="0.2.0")\npackage("collections")\n')
    write(stdlib / "collections" / "collections" / "__init__.py")
    write(stdlib / "collections-defaultdict" / "manifest.py",
          'metadata(version="0.3.0")\nrequire("collections")\npackage("collections")\n')
    write(stdlib / "collections-defaultdict" / "collections" / "defaultdict.py")
    write(mpy / "extmod" / "asyncio" / "manifest.py",
          'package("asyncio", ("__init__.py", "core.py"), base_path="..", opt=3)\n')
    write(mpy / "extmod" / "asyncio" / "__init__.py")
    write(mpy / "extmod" / "asyncio" / "core.py")
    port = tmp_path / "port"
    write(port / "modules" / "functools.py")
    write(port / "modules" / "pkg" / "__init__.py")
    write(port / "modules" / "pkg" / "inner.py")
    return tmp_path


def read(tree, manifest_text, name="manifests/top.py"):
    path = write(tree / "port" / name, manifest_text)
    return read_manifest(str(path), str(tree / "micropython"), str(tree / "port"), display_root=str(tree))


def error_of(tree, manifest_text, name="manifests/top.py"):
    with pytest.raises(ManifestError) as caught:
        read(tree, manifest_text, name)
    return str(caught.value)


def names(manifest):
    return [module.name for module in manifest.modules]


# --------------------------------------------------------------------------- what a manifest freezes


def test_require_resolves_micropython_lib_packages_with_their_frozen_names(tree):
    manifest = read(tree, 'require("datetime")\nrequire("collections-defaultdict")\n')
    lib = tree / "micropython" / "lib" / "micropython-lib" / "python-stdlib"
    assert manifest.modules == (
        FrozenModule(str(lib / "datetime" / "datetime.py"), "datetime.py", None, "4.0.0"),
        FrozenModule(str(lib / "collections" / "collections" / "__init__.py"), "collections/__init__.py", None, "0.2.0"),
        FrozenModule(str(lib / "collections-defaultdict" / "collections" / "defaultdict.py"),
                     "collections/defaultdict.py", None, "0.3.0"),
    )
    assert manifest.modules[2].mpy_name == "collections/defaultdict.mpy"


def test_include_of_a_folder_reads_its_manifest_with_path_variables_and_opt(tree):
    manifest = read(tree, 'include("$(MPY_DIR)/extmod/asyncio")\n')
    assert [(m.name, m.opt, m.version) for m in manifest.modules] == [
        ("asyncio/__init__.py", 3, None), ("asyncio/core.py", 3, None)]
    assert str(tree / "micropython" / "extmod" / "asyncio" / "manifest.py") in manifest.manifests_read


def test_freeze_of_a_folder_takes_every_py_file_named_below_it(tree):
    manifest = read(tree, 'freeze("$(PORT_DIR)/modules")\n')
    assert sorted(names(manifest)) == ["functools.py", "pkg/__init__.py", "pkg/inner.py"]


def test_module_and_package_relative_to_the_manifest(tree):
    manifest = read(tree, 'module("functools.py", base_path="../modules")\npackage("pkg", base_path="../modules")\n')
    assert sorted(names(manifest)) == ["functools.py", "pkg/__init__.py", "pkg/inner.py"]


def test_a_file_reached_twice_is_frozen_once(tree):
    manifest = read(tree, 'require("collections")\nrequire("collections-defaultdict")\nrequire("collections")\n')
    assert names(manifest) == ["collections/__init__.py", "collections/defaultdict.py"]


def test_every_manifest_read_is_reported(tree):
    write(tree / "port" / "manifests" / "base.py", 'require("datetime")\n')
    manifest = read(tree, 'include("base.py")\n')
    lib = tree / "micropython" / "lib" / "micropython-lib" / "python-stdlib"
    assert set(manifest.manifests_read) == {
        str(tree / "port" / "manifests" / "top.py"), str(tree / "port" / "manifests" / "base.py"),
        str(lib / "datetime" / "manifest.py")}


def test_the_working_folder_is_kept(tree):
    before = os.getcwd()
    read(tree, 'freeze("$(PORT_DIR)/modules")\n')
    assert os.getcwd() == before
    error_of(tree, 'freeze("$(PORT_DIR)/modules")\nrequire("nosuch")\n')
    assert os.getcwd() == before


# --------------------------------------------------------------------------- errors name the file and line


def test_unknown_package_names_manifest_line_and_suggests(tree):
    message = error_of(tree, '# frozen\nrequire("datetime")\nrequire("datetme")\n')
    assert message.startswith("port/manifests/top.py:3: require('datetme'): no such package in micropython-lib")
    assert "did you mean 'datetime'?" in message
    assert "fix the name or remove the line" in message
    assert "Traceback" not in message


def test_unknown_package_in_an_included_manifest_names_that_file(tree):
    write(tree / "port" / "manifests" / "inner.py", '# the port\n# more\nrequire("nosuch")\n')
    message = error_of(tree, 'require("datetime")\ninclude("inner.py")\n')
    assert message.startswith("port/manifests/inner.py:3: require('nosuch'): no such package")


def test_missing_micropython_lib_says_so(tree):
    shutil.rmtree(tree / "micropython" / "lib")
    message = error_of(tree, 'require("datetime")\n')
    assert message.startswith("port/manifests/top.py:1: require('datetime'): micropython-lib is not in the "
                              "MicroPython tree in use (micropython/lib/micropython-lib/ is absent)")
    assert "git submodule update --init --recursive micropython" in message


def test_syntax_error_in_a_manifest(tree):
    write(tree / "port" / "manifests" / "inner.py", 'require("datetime")\nrequire("x"\n')
    message = error_of(tree, 'include("inner.py")\n')
    assert message.startswith("port/manifests/inner.py:2: invalid manifest: ")


def test_missing_module_file_names_the_line_and_the_path(tree):
    message = error_of(tree, 'module("functools.py", base_path="../modules")\nmodule("nosuch.py", base_path="../modules")\n')
    assert message.startswith("port/manifests/top.py:2: port/modules/nosuch.py: No such file or directory; "
                              "fix the path in the manifest")


def test_missing_included_manifest_names_the_include_line(tree):
    message = error_of(tree, '# first\ninclude("nosuch.py")\n')
    assert message.startswith("port/manifests/top.py:2: port/manifests/nosuch.py: No such file or directory")


def test_unknown_function_lists_the_manifest_functions(tree):
    message = error_of(tree, 'requir("datetime")\n')
    assert message.startswith("port/manifests/top.py:1: name 'requir' is not defined; manifests may call ")
    assert "require()" in message


def test_one_frozen_name_from_two_files_is_refused(tree):
    write(tree / "port" / "other" / "functools.py")
    message = error_of(tree, 'freeze("$(PORT_DIR)/modules", "functools.py")\nfreeze("$(PORT_DIR)/other")\n')
    assert message == ("port/manifests/top.py: frozen module 'functools.py' comes from two files, "
                       "port/modules/functools.py and port/other/functools.py; freeze only one of them")


def test_freezing_as_a_string_is_refused(tree):
    message = error_of(tree, 'freeze_as_str("$(PORT_DIR)/modules")\n')
    assert "frozen as a string (freeze_as_str), which this build does not do" in message


# --------------------------------------------------------------------------- __version__


def test_version_is_appended_unless_the_source_sets_one():
    assert source_with_version("x = 1\n", "4.0.0") == "x = 1\n\n\n__version__ = '4.0.0'\n"
    assert source_with_version("x = 1\n", None) == "x = 1\n"
    assert source_with_version("__version__ = '9'\n", "4.0.0") == "__version__ = '9'\n"


# --------------------------------------------------------------------------- the port's own manifests


def test_the_pyscript_manifest_resolves_against_the_real_tree():
    lib = REPO / "micropython" / "lib" / "micropython-lib"
    if not lib.is_dir():
        pytest.skip("needs micropython/lib/micropython-lib")
    manifest = read_manifest(str(REPO / "ports/wasm/manifests/pyscript.py"), str(REPO / "micropython"),
                             str(REPO / "ports/wasm"), display_root=str(REPO))
    frozen = names(manifest)
    for name in ("datetime.py", "collections/__init__.py", "collections/defaultdict.py", "os/path.py",
                 "tarfile/write.py", "unittest/__init__.py", "asyncio/__init__.py", "asyncio/core.py"):
        assert name in frozen
    # Ours, not micropython-lib's: it also has cache() and raises TypeError for reduce() of nothing.
    (functools,) = [m for m in manifest.modules if m.name == "functools.py"]
    assert functools.source == str(REPO / "ports/wasm/modules/functools.py")


def test_a_linked_micropython_tree_keeps_its_paths(tree):
    # Scratch trees link micropython/ to the real one; the reader's os.getcwd() would resolve the link.
    (tree / "micropython").rename(tree / "real-micropython")
    (tree / "micropython").symlink_to(tree / "real-micropython", target_is_directory=True)
    manifest = read(tree, 'require("collections-defaultdict")\n')
    lib = tree / "micropython" / "lib" / "micropython-lib" / "python-stdlib"
    assert [m.source for m in manifest.modules] == [
        str(lib / "collections" / "collections" / "__init__.py"),
        str(lib / "collections-defaultdict" / "collections" / "defaultdict.py")]
    message = error_of(tree, 'include("$(MPY_DIR)/extmod/nosuch")\n')
    assert message.startswith("port/manifests/top.py:1: micropython/extmod/nosuch: No such file or directory")
