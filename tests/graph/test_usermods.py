"""User modules in the build graph, on a scratch tree: the .pym stage (labelled steps, exact rebuilds, errors
pointing at the .pym line), module folders (USER_C_MODULES, disable_modules) and the errors they refuse.
tests/runtime/test_usermods.py calls the shipped examples on the variant under test.
"""

import pytest

from interpreter import run_python

PYM = "cmod/textutil/textutil.pym"
PYM_C = "build/unix/usermods/textutil/textutil.pym.c"
STATS_C = "cmod/stats/stats.c"


@pytest.fixture(scope="module")
def tree(make_scratch_tree):
    tree = make_scratch_tree("usermods", quick_unix=True)
    # A second .pym module, to show that a generator change regenerates every .pym output.
    tree.path("cmod/tiny").mkdir()
    tree.path("cmod/tiny/tiny.pym").write_text('ANSWER = 42\n\ndef double(x: int) -> int:\n    return 2 * x;\n')
    tree.scons("variant=unix")
    return tree


def run(micropython, code):
    result = run_python(micropython, code)
    assert result.returncode == 0, result.stderr
    return result.stdout


def call(tree, code):
    return run(tree.path("build/unix/micropython"), code)


def assert_one_error(run, *phrases):
    output = run.stdout + run.stderr
    assert run.returncode != 0, output
    assert "Traceback" not in output, output
    errors = [line for line in run.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1, run.stderr
    for phrase in phrases:
        assert phrase in errors[0], errors[0]
    return errors[0]


def test_pym_steps_are_labelled_and_no_op_rebuild_does_nothing(tree):
    run = tree.scons("variant=unix")
    assert run.steps == set()
    assert call(tree, "import tiny\nprint(tiny.double(21), tiny.ANSWER)") == "42 42\n"


def test_editing_a_pym_body_rebuilds_only_that_module(tree):
    tree.edit(PYM, "return a + (b - a) * t;", "return a * (1 - t) + b * t;")
    run = tree.scons("variant=unix")
    assert run.labels("PYM") == {PYM}
    assert run.labels("QSTR") == {PYM_C}
    assert run.labels("CC") == {PYM_C}
    assert run.labels("LINK") == {"build/unix/micropython"}
    assert not run.labels("COLLECT") and not run.labels("GEN")  # same names: the qstr header stays
    assert call(tree, "import textutil\nprint(textutil.lerp(0, 10, 0.5))") == "5.0\n"
    tree.assert_matches_clean_build("unix")


def test_a_new_name_in_a_pym_regenerates_the_qstr_header(tree):
    tree.path(PYM).write_text(tree.path(PYM).read_text()
                              + "\ndef triple(x: int) -> int:\n    return 3 * x;\n")
    run = tree.scons("variant=unix")
    assert run.labels("PYM") == {PYM}
    assert "build/unix/genhdr/qstrdefs.generated.h" in run.labels("GEN")
    assert "MP_QSTR_triple" in tree.path("build/unix/genhdr/qstrdefs.generated.h").read_text()
    assert call(tree, "import textutil\nprint(textutil.triple(5))") == "15\n"


def test_editing_the_generator_regenerates_every_pym_output(tree):
    tree.edit("site_scons/mpbuild/pym.py", "edit the .pym file, not this one.", "edit the .pym file instead.")
    run = tree.scons("variant=unix")
    assert run.labels("PYM") == {PYM, "cmod/tiny/tiny.pym"}
    assert run.labels("CC") == {PYM_C, "build/unix/usermods/tiny/tiny.pym.c"}
    assert STATS_C not in run.labels("CC") and not run.labels("COLLECT")
    assert "edit the .pym file instead." in tree.path(PYM_C).read_text()


def test_a_c_error_in_a_body_points_at_the_pym_line(tree):
    original = tree.path(PYM).read_text()
    broken = "        mp_int_t r = x % y + no_such_variable;"
    tree.edit(PYM, "        mp_int_t r = x % y;", broken)
    line = 1 + tree.path(PYM).read_text().split("\n").index(broken)
    run = tree.scons("variant=unix", check=False)
    assert run.returncode != 0
    assert f"{PYM}:{line}:" in run.stderr and "no_such_variable" in run.stderr, run.stderr
    tree.path(PYM).write_text(original)
    tree.scons("variant=unix")


@pytest.mark.parametrize("old, new, phrase", [
    ("    mp_int_t x = a < 0", "mp_int_t x = a < 0", "the body of gcd() is not indented"),
    ("def gcd(a: int, b: int = 0) -> int:", "def gcd(a: int, b: list = 0) -> int:", "unsupported annotation 'list'"),
    ("def lerp(a: float, b: float, t: float) -> float:", "def lerp(a: float, b: float, t: float) -> float",
     "syntax error: expected ':'"),
    ("def lerp(a: float, b: float, t: float) -> float:", "def clamp(a: float, b: float, t: float) -> float:",
     "duplicate name 'clamp'"),
])
def test_a_bad_pym_fails_with_one_message_and_leaves_nothing_up_to_date(tree, old, new, phrase):
    original = tree.path(PYM).read_text()
    tree.edit(PYM, old, new)
    changed = tree.path(PYM).read_text().split("\n")
    line = 1 + next(i for i, (a, b) in enumerate(zip(original.split("\n"), changed)) if a != b)
    first = tree.scons("variant=unix", check=False)
    message = assert_one_error(first, phrase)
    assert message.startswith(f"{PYM}:{line}:"), message
    assert not tree.path(PYM_C).exists()
    again = tree.scons("variant=unix", check=False)   # still broken: not taken as up to date
    assert_one_error(again, phrase)
    assert ("PYM", PYM) in again.steps
    tree.path(PYM).write_text(original)
    fixed = tree.scons("variant=unix")
    assert ("PYM", PYM) in fixed.steps
    assert call(tree, "import textutil\nprint(textutil.gcd(4, 6))") == "2\n"


def test_incremental_equals_clean_after_the_edits(tree):
    tree.assert_matches_clean_build("unix")


@pytest.mark.errors
def test_duplicate_module_name_across_folders_is_refused(tree):
    tree.path("cmod/clash").mkdir()
    tree.path("cmod/clash/textutil.pym").write_text("X = 1\n")
    try:
        run = tree.scons("variant=unix", check=False)
        # Either file may be named first (folders are read in order): the message names both.
        message = assert_one_error(run, ":1:1: duplicate module name 'textutil'", PYM, "cmod/clash/textutil.pym")
        assert "/tmp" not in message and str(tree.root) not in message  # paths relative to the tree
    finally:
        tree.path("cmod/clash/textutil.pym").unlink()
        tree.path("cmod/clash").rmdir()


@pytest.mark.errors
def test_replacing_a_builtin_module_is_refused(tree):
    tree.path("cmod/tiny/sys.pym").write_text("X = 1\n")
    try:
        run = tree.scons("variant=unix", check=False)
        assert_one_error(run, "cmod/tiny/sys.pym:1:1: duplicate module name 'sys'", "(built in)")
    finally:
        tree.path("cmod/tiny/sys.pym").unlink()


@pytest.mark.errors
def test_unknown_module_in_a_variant_is_refused(tree):
    tree.path("variants/nomod.toml").write_text(
        'description = "x"\nextends = "unix"\ndisable_modules = ["nosuch"]\n')
    run = tree.scons("variant=nomod", check=False)
    assert run.returncode != 0 and "Traceback" not in run.stderr
    assert "variants/nomod.toml: disable_modules: no user module named 'nosuch'" in run.stderr
    assert "found: stats, textutil, tiny" in run.stderr


def test_user_c_modules_folders_and_disabled_modules(tree, tmp_path):
    extra = tmp_path / "more-modules"
    (extra / "hello").mkdir(parents=True)
    (extra / "hello" / "hello.pym").write_text(
        '"""Greetings."""\n\ndef greet(name: str = "world") -> object:\n'
        '    vstr_t text;\n    vstr_init(&text, 16);\n    vstr_printf(&text, "hello, %s", name);\n'
        '    return mp_obj_new_str_from_vstr(&text);\n')
    tree.path("variants/lean.toml").write_text(
        'description = "unix without stats"\nextends = "unix"\ndisable_modules = ["stats", "tiny"]\n')
    build = tree.scons("variant=lean", f"USER_C_MODULES={extra}")
    assert ("PYM", str(extra / "hello" / "hello.pym")) in build.steps
    assert not any("stats" in path for path in build.labels("CC"))
    code = ("import hello, textutil\nprint(hello.greet(), hello.greet('wasm'), hello.__doc__)\n"
            "try:\n    import stats\nexcept ImportError as e:\n    print('no stats')\n")
    assert run(tree.path("build/lean/micropython"), code) == "hello, world hello, wasm Greetings.\nno stats\n"
    # Without the option, hello is gone again, and so are its outputs.
    rerun = tree.scons("variant=lean")
    assert ("PYM", str(extra / "hello" / "hello.pym")) not in rerun.steps
    assert "ImportError" in run_python(tree.path("build/lean/micropython"), "import hello").stderr
    assert not tree.path("build/lean/usermods/hello").exists() or not any(
        tree.path("build/lean/usermods/hello").iterdir())


@pytest.mark.errors
def test_missing_user_c_modules_folder_is_named(tree, tmp_path):
    run = tree.scons("variant=unix", f"USER_C_MODULES={tmp_path / 'nope'}", check=False)
    assert run.returncode != 0 and "Traceback" not in run.stderr
    assert f"user module folder {tmp_path / 'nope'} does not exist" in run.stderr


