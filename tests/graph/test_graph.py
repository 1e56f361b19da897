"""The build graph: incremental builds do exactly the needed work and equal clean builds.

One scratch tree per module; each test edits it, builds incrementally, checks
which steps ran, then checks the outputs against a clean build of the same
tree. The unix variant is built at -O0 here to keep clean builds quick.
"""

import pytest

from interpreter import run_python

PORT_FILE = "ports/wasm/core/modtime.c"
PORT_OBJECT = "build/unix/port/core/modtime.o"


@pytest.fixture(scope="module")
def tree(make_scratch_tree):
    return make_scratch_tree("graph", second_variant=True, build="unix")


def test_noop_rebuild_runs_no_step(tree):
    run = tree.scons("variant=unix")
    assert run.steps == set()
    assert "is up to date" in run.stdout


def test_timestamp_only_touch_runs_no_step(tree):
    # Content signatures: a file saved unchanged is not a change.
    path = tree.path(PORT_FILE)
    path.write_bytes(path.read_bytes())
    assert tree.scons("variant=unix").steps == set()


def test_code_edit_recompiles_that_object_and_relinks(tree):
    tree.edit(PORT_FILE, "sleep length must be non-negative", "sleep length must not be negative")
    run = tree.scons("variant=unix")
    assert run.labels("CC") == {PORT_FILE}
    assert run.labels("QSTR") == {PORT_FILE}
    assert run.labels("LINK") == {"build/unix/micropython"}
    assert run.labels("GEN") <= {"build/unix/compile_commands.json"} and not run.labels("COLLECT")
    tree.assert_matches_clean_build("unix")


def test_comment_only_edit_leaves_qstr_header_alone(tree):
    header = tree.path("build/unix/genhdr/qstrdefs.generated.h")
    before = header.stat().st_mtime_ns
    tree.edit(PORT_FILE, "// The port's `time` module", "// The port's `time` module (comment edited)")
    run = tree.scons("variant=unix")
    assert run.labels("QSTR") == {PORT_FILE}
    assert run.labels("CC") <= {PORT_FILE}
    assert not run.labels("COLLECT") and not run.labels("GEN")
    assert header.stat().st_mtime_ns == before
    tree.assert_matches_clean_build("unix")


def test_new_qstr_regenerates_the_header(tree):
    tree.edit(PORT_FILE,
         "{ MP_ROM_QSTR(MP_QSTR_ticks_add), MP_ROM_PTR(&time_ticks_add_obj) },",
         "{ MP_ROM_QSTR(MP_QSTR_ticks_add), MP_ROM_PTR(&time_ticks_add_obj) },\n"
         "    { MP_ROM_QSTR(MP_QSTR_graph_test_alias), MP_ROM_PTR(&time_ticks_add_obj) },")
    run = tree.scons("variant=unix")
    assert "build/unix/genhdr/qstrdefs.generated.h" in run.labels("GEN")
    assert "MP_QSTR_graph_test_alias" in tree.path("build/unix/genhdr/qstrdefs.generated.h").read_text()
    tree.assert_matches_clean_build("unix")


def test_adding_and_deleting_a_source_file(tree):
    tree.path("ports/wasm/core/extra.c").write_text(
        '#include "py/runtime.h"\n'
        "static mp_obj_t extra_answer(void) { return MP_OBJ_NEW_SMALL_INT(42); }\n"
        "static MP_DEFINE_CONST_FUN_OBJ_0(extra_answer_obj, extra_answer);\n"
        "static const mp_rom_map_elem_t extra_globals_table[] = {\n"
        "    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_extra) },\n"
        "    { MP_ROM_QSTR(MP_QSTR_answer), MP_ROM_PTR(&extra_answer_obj) },\n"
        "};\n"
        "static MP_DEFINE_CONST_DICT(extra_globals, extra_globals_table);\n"
        "const mp_obj_module_t extra_module = {.base = {&mp_type_module}, .globals = (mp_obj_dict_t *)&extra_globals};\n"
        "MP_REGISTER_MODULE(MP_QSTR_extra, extra_module);\n"
    )
    tree.edit("ports/wasm/SConscript", '    "core/runtime.c",\n', '    "core/runtime.c",\n    "core/extra.c",\n')
    run = tree.scons("variant=unix")
    assert "ports/wasm/core/extra.c" in run.labels("CC")
    assert "build/unix/genhdr/moduledefs.h" in run.labels("GEN")
    out = run_python(tree.path("build/unix/micropython"), "import extra; print(extra.answer())")
    assert out.stdout == "42\n"
    tree.assert_matches_clean_build("unix")

    tree.edit("ports/wasm/SConscript", '    "core/extra.c",\n', "")
    tree.path("ports/wasm/core/extra.c").unlink()
    run = tree.scons("variant=unix")
    assert "build/unix/genhdr/moduledefs.h" in run.labels("GEN")
    assert not tree.path("build/unix/port/core/extra.o").exists()
    out = run_python(tree.path("build/unix/micropython"), "import extra")
    assert out.returncode == 1 and "ImportError" in out.stderr
    tree.assert_matches_clean_build("unix")


def test_variant_flag_change_rebuilds_that_variant_only(tree):
    tree.scons("variant=other")
    assert tree.scons("variant=unix").steps == set()
    tree.path("variants/other.toml").write_text(
        'description = "a second variant"\nextends = "unix"\ncflags = ["-DMPW_HEAP_SIZE=2097152"]\n'
    )
    assert tree.scons("variant=unix").steps == set()
    run = tree.scons("variant=other")
    # A define on every command line: every object is recompiled, the one that uses it differs.
    assert PORT_FILE in run.labels("CC") and "ports/wasm/unix/main.c" in run.labels("CC")
    assert "build/other/micropython" in run.labels("LINK")
    assert all(not path.startswith("build/unix") for _, path in run.steps)
    tree.assert_matches_clean_build("other")
    assert tree.scons("variant=unix").steps == set()


def test_two_clean_builds_are_identical(tree, make_scratch_tree):
    twin = make_scratch_tree("twin")  # a second path: outputs must not depend on it
    for name in ("variants/unix.toml", "ports/wasm/SConscript", PORT_FILE):
        twin.path(name).write_bytes(tree.path(name).read_bytes())
    tree.scons("variant=unix")
    twin.scons("variant=unix")
    ours, theirs = tree.snapshot("unix"), twin.snapshot("unix")
    ours.pop("build/unix/compile_commands.json")  # records absolute paths by design
    theirs.pop("build/unix/compile_commands.json")
    assert sorted(ours) == sorted(theirs)
    assert [p for p in ours if ours[p] != theirs[p]] == []
