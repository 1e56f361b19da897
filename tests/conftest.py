"""Shared fixtures: the variants under test (--variant), their built interpreters, `run_python`, and
scratch trees.

Each folder of tests/ is one kind of test, and its conftest.py marks its tests with the folder's name
(`-m unit`, `-m "not graph"` select by folder). The README's "Tests" section lists them.
A test that builds a variant says which with `@pytest.mark.builds("NAME", ...)`, and is skipped
unless --variant selects them all.
"""

import functools
import os
import pathlib
import re
import shutil
import sys
import tempfile

import pytest

REPO = pathlib.Path(__file__).resolve().parents[1]
TESTS = REPO / "tests"
sys.path.insert(0, str(TESTS))
sys.path.insert(0, str(REPO / "site_scons"))

import interpreter  # noqa: E402  (tests/interpreter.py)
import scheduling  # noqa: E402
from repo_builds import build_variant  # noqa: E402
from buildtree import QUICK_UNIX_VARIANT, ScratchTree  # noqa: E402


def _offer_engine_nodes():
    """A jspi build's launcher started by an older node runs itself again under MICROPYTHON_WASM_NODE
    (node/launcher.js): tests that run a launcher copied out of the repository (or with a plain
    `node` first on PATH) get the npm node that features.py names, when it is installed."""
    from mpbuild import features
    for engine in features.ENGINES:
        try:
            os.environ.setdefault("MICROPYTHON_WASM_NODE", features.node_for([f for f in features.FEATURES
                                                                              if features.FEATURES[f].needs_engine == engine], REPO))
        except FileNotFoundError:
            pass


_offer_engine_nodes()

# Folders whose tests drive a WebAssembly build only: their `variant` takes the selected wasm variants.
WASM_ONLY_FOLDERS = (TESTS / "browser",)


def all_variants():
    """Every variant but the instrumented ones: `scons variant=coverage coverage` (tests/graph/test_coverage.py)
    already runs the tests/py programs, the command-line tests and upstream's suite on those, and the
    same sources run uninstrumented as `unix` (CI time: each variant of the matrix costs minutes)."""
    from mpbuild import variants
    return [name for name in variants.list_variants(REPO / "variants")
            if "coverage" not in variants.load_variant(REPO / "variants", name).features]


def selected_variants(config):
    chosen = config.getoption("--variant")
    return all_variants() if chosen == "all" else [v.strip() for v in chosen.split(",") if v.strip()]


def pytest_xdist_make_scheduler(config, log):
    """`pytest -n`: loadscope, with upstream's suites split by variant and dispatched first
    (tests/scheduling.py says why)."""
    if config.getoption("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class VariantScopes(LoadScopeScheduling):
        ordered = False  # (the work queue is filled once, before the first unit goes out)

        def _split_scope(self, nodeid):
            return scheduling.scope_of(nodeid)

        def _assign_work_unit(self, node):
            if not self.ordered:
                self.ordered = True
                for scope in reversed(scheduling.heavy_first(self.workqueue)):
                    self.workqueue.move_to_end(scope, last=False)
            super()._assign_work_unit(node)

    return VariantScopes(config, log)


def pytest_configure(config):
    """Our node launchers keep optimised wasm code in a cache folder: the tests get a private one."""
    if "MICROPYTHON_WASM_CODE_CACHE" not in os.environ:
        folder = tempfile.mkdtemp(prefix="mpw-code-cache-")
        os.environ["MICROPYTHON_WASM_CODE_CACHE"] = folder
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


def pytest_addoption(parser):
    parser.addoption("--variant", default="all",
                     help="variant(s) whose interpreter the tests run: a name, a comma-separated list, "
                          "or 'all' (default: every variant but the coverage-instrumented ones)")


def wasm_only(definition):
    return (definition.get_closest_marker("wasm") is not None
            or any(folder in definition.path.parents for folder in WASM_ONLY_FOLDERS))


def pytest_generate_tests(metafunc):
    """Tests that use the `variant` fixture run once per selected variant."""
    if "variant" in metafunc.fixturenames:
        names = selected_variants(metafunc.config)
        if wasm_only(metafunc.definition):
            from mpbuild import variants
            names = [n for n in names if variants.load_variant(REPO / "variants", n).target == "wasm"]
        metafunc.parametrize("variant", names, scope="session")


# The folders of tests/, each one kind of test whose conftest.py marks its tests with the folder's name.
KIND_FOLDERS = ("unit", "runtime", "graph", "errors", "browser", "upstream", "fuzz")


def pytest_collection_modifyitems(config, items):
    """Every test is in a kind folder, and carries its marker. `builds(NAME, ...)`: the test builds those
    variants (in a scratch tree or in build/); it runs only when --variant selects them, so that
    `--variant=unix` builds no WebAssembly."""
    selected = set(selected_variants(config))
    for item in items:
        path = pathlib.Path(str(item.path))
        kind = path.relative_to(TESTS).parts[0] if TESTS in path.parents else None
        if kind is not None and (kind not in KIND_FOLDERS or item.get_closest_marker(kind) is None):
            raise pytest.UsageError(
                f"{path.relative_to(REPO)}: a test file belongs in one of tests/{{{','.join(KIND_FOLDERS)}}}/, "
                "whose conftest.py marks its tests (README \"Tests\" says which kind goes where)")
        for marker in item.iter_markers("builds"):
            missing = [name for name in marker.args if name not in selected]
            if missing:
                item.add_marker(pytest.mark.skip(
                    reason=f"builds variant {', '.join(missing)}, which --variant does not select"))


# --------------------------------------------------------------------------- the variant under test


@pytest.fixture(scope="session")
def built_variant(variant):
    """Build the variant under test (a no-op when up to date); return its build folder.

    MPW_TEST_BUILT_VARIANT_DIR names a folder that is already built: `scons variant=coverage coverage`
    runs the command-line tests on its instrumented build while it holds the build lock."""
    if os.environ.get("MPW_TEST_BUILT_VARIANT_DIR"):
        return pathlib.Path(os.environ["MPW_TEST_BUILT_VARIANT_DIR"])
    return build_variant(variant)


@pytest.fixture(scope="session")
def variant_settings(variant):
    """The resolved variants/<name>.toml of the variant under test."""
    from mpbuild import variants
    return variants.load_variant(REPO / "variants", variant)


@pytest.fixture(scope="session")
def can_interrupt_running_code(variant_settings):
    """Ctrl-C reaches running Python natively, and in wasm builds that yield to the event loop."""
    return variant_settings.target == "host" or bool({"asyncify", "jspi"} & variant_settings.features)


@pytest.fixture(scope="session")
def node(variant_settings):
    """The node that runs the variant's JavaScript: "node" unless its features need another engine
    (jspi: node 26 from npm; mpbuild/features.py's node_for)."""
    from mpbuild import features
    try:
        return features.node_for(variant_settings.features, REPO)
    except FileNotFoundError as error:
        pytest.fail(str(error))


@pytest.fixture(scope="session")
def builtin_modules(built_variant):
    """The built-in modules the variant's build registered (its generated genhdr/moduledefs.h)."""
    text = (built_variant / "genhdr" / "moduledefs.h").read_text()
    return set(re.findall(r"\bMP_QSTR_(\w+)", text))


@pytest.fixture(scope="session")
def frozen_names(variant_settings):
    """The frozen file names ("collections/defaultdict.py") of the variant's manifest."""
    from mpbuild import manifest

    path = variant_settings.manifest or "ports/wasm/manifests/port.py"  # (ports/wasm/SConscript's default)
    listed = manifest.read_manifest(str(REPO / path), str(REPO / "micropython"), str(REPO / "ports/wasm"))
    return {module.name for module in listed.modules}


@pytest.fixture(scope="session")
def micropython(built_variant):
    """The interpreter executable of the variant under test."""
    return built_variant / "micropython"


@pytest.fixture(scope="session")
def mpy_cross(built_variant):
    return REPO / "build" / "mpy-cross" / "mpy-cross"


@pytest.fixture(scope="session")
def run_python(micropython):
    """run_python(code, *options, stdin=, cwd=, env=, timeout=): `micropython OPTIONS -c CODE` on the
    variant under test (code dedented); the CompletedProcess (tests/interpreter.py)."""
    return functools.partial(interpreter.run_python, micropython)


# --------------------------------------------------------------------------- scratch trees


@pytest.fixture(scope="session")
def make_scratch_tree(tmp_path_factory):
    """make_scratch_tree(name, quick_unix=False, second_variant=False, build=None): a fresh scratch copy of
    the repository (tests/buildtree.py) in its own temporary folder. `quick_unix` makes `unix` an -O0 build
    (quick clean builds); `second_variant` adds `other`, which extends it; `build` builds that variant."""
    def make(name="tree", *, quick_unix=False, second_variant=False, build=None):
        tree = ScratchTree.create(tmp_path_factory.mktemp(name) / "tree")
        if second_variant:
            tree.use_quick_variants()
        elif quick_unix:
            tree.path("variants/unix.toml").write_text(QUICK_UNIX_VARIANT)
        if build:
            tree.scons(f"variant={build}")
        return tree
    return make


@pytest.fixture
def scratch_tree(make_scratch_tree):
    """A fresh scratch copy of the repository for one test, unbuilt."""
    return make_scratch_tree()
