"""Toolchain answers kept in memory and in a JSON file under the build folder."""

import json

from mpbuild.answercache import AnswerCache


class Asker:
    def __init__(self, *answers):
        self.answers = list(answers)
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.answers.pop(0)


def test_asks_once_and_keeps_the_answer_in_the_file(tmp_path):
    path = str(tmp_path / ".cache" / "answers.json")
    ask = Asker(["cc1", "-E"])
    assert AnswerCache().answer(path, ["gcc", ["-O2"]], ask) == ["cc1", "-E"]
    assert json.loads((tmp_path / ".cache" / "answers.json").read_text()) == {'["gcc", ["-O2"]]': ["cc1", "-E"]}
    # a later build (a new process: a new cache object) reads the file instead of asking
    assert AnswerCache().answer(path, ["gcc", ["-O2"]], Asker()) == ["cc1", "-E"]
    assert ask.calls == 1


def test_one_process_reads_the_file_once_per_key(tmp_path):
    path = tmp_path / "answers.json"
    cache = AnswerCache()
    assert cache.answer(str(path), "key", Asker(1)) == 1
    path.write_text("{}")  # what is in memory stands for the rest of the run
    assert cache.answer(str(path), "key", Asker()) == 1


def test_keys_and_files_are_separate(tmp_path):
    cache = AnswerCache()
    first, second = str(tmp_path / "a.json"), str(tmp_path / "b.json")
    assert cache.answer(first, ["gcc", ["-O2"]], Asker("a")) == "a"
    assert cache.answer(first, ["gcc", ["-Os"]], Asker("b")) == "b"
    assert cache.answer(second, ["gcc", ["-O2"]], Asker("c")) == "c"
    assert sorted(json.loads((tmp_path / "a.json").read_text()).values()) == ["a", "b"]


def test_an_answer_no_longer_valid_is_asked_again_and_replaced(tmp_path):
    path = str(tmp_path / "answers.json")
    AnswerCache().answer(path, "key", Asker({"program": 1}))
    fresh = AnswerCache().answer(path, "key", Asker({"program": 2}), lambda answer: answer["program"] == 2)
    assert fresh == {"program": 2}
    assert AnswerCache().answer(path, "key", Asker()) == {"program": 2}


def test_a_damaged_or_foreign_file_counts_as_empty(tmp_path):
    for text in ("{not json", "[1, 2]", ""):
        path = tmp_path / "answers.json"
        path.write_text(text)
        assert AnswerCache().answer(str(path), "key", Asker("asked")) == "asked"
        assert json.loads(path.read_text()) == {'"key"': "asked"}
