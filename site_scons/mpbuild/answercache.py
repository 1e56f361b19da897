"""Answers about the toolchain that take a process run to learn (which clang command emcc
runs, which preprocessor gcc's driver starts), kept in memory and in a JSON file under the
build folder: every build needs them, and asking again each time would cost every build.
"""

import json
import threading

from mpbuild.files import write_text_atomically


class AnswerCache:
    """One lock and one in-memory table for all the files it serves (build steps run in threads)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._memo = {}

    def answer(self, path, key, compute, still_valid=lambda answer: True):
        """The answer kept under ``key`` (any JSON value) in the file ``path``; when there is
        none, or ``still_valid`` rejects it, ``compute()``'s result, which is kept in its place.
        A missing or damaged file counts as empty."""
        text_key = json.dumps(key)
        with self._lock:
            if (path, text_key) in self._memo:
                return self._memo[path, text_key]
            try:
                with open(path, encoding="utf-8") as stream:
                    known = json.load(stream)
            except (OSError, ValueError):
                known = {}
            if not isinstance(known, dict):
                known = {}
            if text_key not in known or not still_valid(known[text_key]):
                known[text_key] = compute()
                write_text_atomically(path, json.dumps(known, indent=0, sort_keys=True) + "\n")
            self._memo[path, text_key] = known[text_key]
            return known[text_key]
