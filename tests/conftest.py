"""Shared fixtures: the built interpreter of the variant under test, and scratch trees."""

import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

import pytest

REPO = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "site_scons"))


def all_variants():
    """Every variant but the instrumented ones: `scons variant=coverage coverage` (tests/test_coverage.py)
    already runs the tests/py programs, the command-line tests and upstream's suite on those, and the
    same sources run uninstrumented as `unix` (CI time: each variant of the matrix costs minutes)."""
    from mpbuild import variants
    return [name for name in variants.list_variants(REPO / "variants")
            if "coverage" not in variants.load_variant(REPO / "variants", name).features]


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


def pytest_generate_tests(metafunc):
    """Tests that use the `variant` fixture run once per selected variant."""
    if "variant" in metafunc.fixturenames:
        chosen = metafunc.config.getoption("--variant")
        names = all_variants() if chosen == "all" else [v.strip() for v in chosen.split(",") if v.strip()]
        if metafunc.definition.get_closest_marker("browser") or metafunc.definition.get_closest_marker("wasm"):
            from mpbuild import variants
            names = [n for n in names if variants.load_variant(REPO / "variants", n).target == "wasm"]
        metafunc.parametrize("variant", names, scope="session")


@pytest.fixture(scope="session")
def built_variant(variant):
    """Build the variant under test (a no-op when up to date); return its build folder.

    MPW_TEST_BUILT_VARIANT_DIR names a folder that is already built: `scons variant=coverage coverage`
    runs the command-line tests on its instrumented build while it holds the build lock."""
    if os.environ.get("MPW_TEST_BUILT_VARIANT_DIR"):
        return pathlib.Path(os.environ["MPW_TEST_BUILT_VARIANT_DIR"])
    result = subprocess.run(
        [sys.executable, "-m", "SCons", f"variant={variant}"],
        cwd=REPO, capture_output=True, text=True,
    )
    if result.returncode != 0:
        pytest.fail(f"scons variant={variant} failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return REPO / "build" / variant


@pytest.fixture(scope="session")
def variant_settings(variant):
    """The resolved variants/<name>.toml of the variant under test."""
    from mpbuild import variants
    return variants.load_variant(REPO / "variants", variant)


@pytest.fixture(scope="session")
def can_interrupt_running_code(variant_settings):
    """Ctrl-C reaches running Python natively, and in wasm builds that yield to the event loop."""
    return variant_settings.target == "host" or "asyncify" in variant_settings.features


@pytest.fixture(scope="session")
def micropython(built_variant):
    """The interpreter executable of the variant under test."""
    return built_variant / "micropython"


@pytest.fixture(scope="session")
def mpy_cross(built_variant):
    return REPO / "build" / "mpy-cross" / "mpy-cross"
