"""mpbuild/webassembly_tests.py: the runner of upstream's webassembly API tests (without node or a build)."""

import pytest

from mpbuild import provision, webassembly_tests


def test_first_difference_names_the_line_and_both_texts():
    assert webassembly_tests.first_difference("a\nb\nc\n", "a\nx\nc\n") == "line 2: expected 'b', got 'x'"
    assert webassembly_tests.first_difference("a\nb\n", "a\n") == "line 2: expected 'b', got '<end>'"


def test_expected_failures_need_a_reason_and_the_differing_line(tmp_path):
    path = tmp_path / "x.toml"
    path.write_text('[[failure]]\nset = "1.27.0"\ntest = "a.mjs"\nreason = "why"\n')
    with pytest.raises(ValueError, match="a.mjs.*lacks line"):
        webassembly_tests.load_expected_failures(path)


def test_an_entry_applies_to_its_set_test_and_variants_only(tmp_path):
    path = tmp_path / "x.toml"
    path.write_text('[[failure]]\nset = "1.27.0"\ntest = "a.mjs"\nvariants = ["asyncify"]\nreason = "r"\nline = "l"\n')
    entries = webassembly_tests.load_expected_failures(path)
    assert webassembly_tests.expected_for(entries, "1.27.0", "a.mjs", "asyncify")
    assert not webassembly_tests.expected_for(entries, "1.27.0", "a.mjs", "default")
    assert not webassembly_tests.expected_for(entries, "1.23.0", "a.mjs", "asyncify")


def test_a_wrong_archive_is_refused_never_extracted(tmp_path):
    folder = tmp_path / "archives"
    folder.mkdir()
    (folder / webassembly_tests.TESTS_1_27.filename).write_bytes(b"not the pinned file")
    with pytest.raises(provision.ProvisionError, match="sha256"):
        webassembly_tests.provide_tests_1_27(tmp_path / "cache", folders=[folder])
    assert not (tmp_path / "cache" / webassembly_tests.TESTS_1_27.prefix).exists()


def test_a_listed_timing_test_that_fails_runs_once_more(tmp_path, monkeypatch):
    lists = tmp_path / "x.toml"
    lists.write_text('[[rerun]]\ntest = "race.mjs"\nvariants = ["exactgc"]\nreason = "a 200 ms timer races the tasks"\n'
                     '[[rerun]]\ntest = "flaky.mjs"\nreason = "r"\n')
    folder = tmp_path / "set"
    folder.mkdir()
    for name in ("race.mjs", "flaky.mjs", "plain.mjs"):
        (folder / name).write_text("")
        (folder / (name + ".exp")).write_text("a\nb\n")
    outputs = {"race.mjs": ["a\nx\n", "a\nb\n"], "flaky.mjs": ["a\nx\n", "a\ny\n"], "plain.mjs": ["a\nx\n", "a\nb\n"]}
    monkeypatch.setattr(webassembly_tests, "run_test", lambda test, module, node: (
        "pass" if outputs[test.name][0] == "a\nb\n" else "fail", outputs[test.name].pop(0)))
    reruns = webassembly_tests.load_reruns(lists)
    results = webassembly_tests.run_set("1.27.0", folder, tmp_path / "m.mjs", "exactgc", [], reruns=reruns)
    assert results["race.mjs"] == {"outcome": "pass", "rerun": "first run failed (line 2: expected 'b', got 'x'); "
                                                               "passed when run again"}
    assert results["flaky.mjs"]["outcome"] == "fail"
    assert results["flaky.mjs"]["rerun"].endswith("failed again")
    assert results["plain.mjs"]["outcome"] == "fail" and "rerun" not in results["plain.mjs"]  # (not listed)
    assert outputs["plain.mjs"] == ["a\nb\n"]  # ran once
    with pytest.raises(ValueError, match="rerun entry 1 .*lacks reason"):
        lists.write_text('[[rerun]]\ntest = "race.mjs"\n')
        webassembly_tests.load_reruns(lists)
