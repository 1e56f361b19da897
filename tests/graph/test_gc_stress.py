"""Garbage collection at every branch of a run's top-level code (MPW_GC_STRESS), in scratch builds of `default`.

tests/runtime/test_gc_while_running.py checks collections while Python runs on the variants under test; here
the collector runs as often as it can, in a build made for that, so that a reference it misses shows as
changed output. Builds two scratch variants extending `default` (about 20 s each): runs when --variant
selects `default`.
"""

import pytest

from interpreter import PY_DIR, expected_output, run_program

pytestmark = [pytest.mark.wasm, pytest.mark.builds("default")]

# The references a collection at a re-entry must find, checked the hard way: a build that
# collects at every branch of top-level code (MPW_GC_STRESS, MPW_VM_REENTRY_PERIOD=1) runs
# language programs of many kinds, whose output must stay CPython's. Built in a scratch
# tree without ThinLTO (the collector's code is the same; the link is quicker).
GC_STRESS_VARIANT = """
description = "test: garbage collection at every branch of top-level code"
target = "wasm"
extends = "{base}"
disable_features = ["lto"]
[defines]
MPW_GC_STRESS = 1
MPW_VM_REENTRY_PERIOD = 1
"""
STRESSED_PROGRAMS = [
    "class_inheritance_super.py", "closures_nonlocal.py", "comprehensions.py", "dicts.py",
    "exceptions_chaining.py", "exceptions_in_generators.py", "generators_send_throw.py",
    "int_bigint_arith.py", "kwargs_defaults.py", "serializer_recursive_repr.py", "str_methods.py",
    "toy_stack_vm.py", "unpacking_star.py", "with_context_managers.py", "async_await_coroutines.py",
]


# `default` is stackless; the same build with Python calls on the C stack again is the
# other mode, where only the run's top-level frame collects.
C_STACK_CALLS = "MICROPY_STACKLESS = 0\nMICROPY_ENABLE_PYSTACK = 0\n"


@pytest.fixture(scope="module", params=[("stackless", ""), ("c-stack-calls", C_STACK_CALLS)],
                ids=lambda param: param[0])
def stressed_interpreter(request, make_scratch_tree):
    mode, extra_defines = request.param
    tree = make_scratch_tree(f"gcstress-{mode}")
    tree.path("variants/gcstress.toml").write_text(GC_STRESS_VARIANT.format(base="default") + extra_defines)
    result = tree.scons("variant=gcstress", check=False)
    assert result.returncode == 0, f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return tree.path("build/gcstress/micropython")


@pytest.mark.parametrize("name", STRESSED_PROGRAMS)
def test_programs_keep_their_output_with_a_collection_at_every_branch(stressed_interpreter, name):
    program_path = PY_DIR / name
    result = run_program([str(stressed_interpreter)], program_path)
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    assert result.stdout == expected_output(program_path)
