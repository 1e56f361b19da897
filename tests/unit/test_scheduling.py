"""tests/scheduling.py: the work units `pytest -n` dispatches (without xdist)."""

import scheduling


def test_upstream_suites_are_split_by_variant_and_other_modules_stay_whole():
    assert scheduling.scope_of("tests/upstream/test_upstream_suite.py::test_no_unexpected_failures[asyncify]") == \
        "tests/upstream/test_upstream_suite.py[asyncify]"
    assert scheduling.scope_of("tests/upstream/test_webassembly_api.py::test_both_sets_ran_in_full[debug]") == \
        "tests/upstream/test_webassembly_api.py[debug]"
    assert scheduling.scope_of("tests/runtime/test_cli.py::test_help[debug]") == "tests/runtime/test_cli.py"
    assert scheduling.scope_of("tests/graph/test_x.py::Group::test_y[a-b]") == "tests/graph/test_x.py::Group"
    assert scheduling.scope_of("tests/upstream/test_z.py::test_plain") == "tests/upstream/test_z.py"


def test_upstream_scopes_go_first_and_the_rest_keep_their_order():
    scopes = ["tests/runtime/test_cli.py", "tests/upstream/test_upstream_suite.py[unix]", "tests/graph/test_g.py",
              "tests/upstream/test_upstream_suite.py[debug]"]
    assert scheduling.heavy_first(scopes) == [
        "tests/upstream/test_upstream_suite.py[unix]", "tests/upstream/test_upstream_suite.py[debug]",
        "tests/runtime/test_cli.py", "tests/graph/test_g.py"]


def test_the_longest_modules_follow_in_the_listed_order():
    scopes = ["tests/runtime/test_cli.py", "tests/graph/test_graph_properties.py", "tests/graph/test_coverage.py",
              "tests/upstream/test_webassembly_api.py[jspi]", "tests/unit/test_x.py"]
    assert scheduling.heavy_first(scopes) == [
        "tests/upstream/test_webassembly_api.py[jspi]", "tests/graph/test_coverage.py",
        "tests/graph/test_graph_properties.py", "tests/runtime/test_cli.py", "tests/unit/test_x.py"]
    assert all((scheduling.REPO / prefix).exists() for prefix in scheduling.FIRST), "a listed module was renamed"
