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
