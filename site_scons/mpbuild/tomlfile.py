"""Reading the project's TOML files (variants, the upstream skip list) with errors for users.

A file that cannot be read, is not UTF-8 or is not TOML gives one message naming the file, and
the line and column where tomllib says the problem is.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

_POSITION_RE = re.compile(r"(?s)(.*) \(at line (\d+), column (\d+)\)")


def read(path: Path, shown: str, error_type: type[Exception]) -> tuple[str, dict]:
    """The text of ``path`` and its parsed document; ``error_type(message)`` for any problem, the
    file named as ``shown``."""
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except OSError as error:
        raise error_type(f"{shown}: cannot read: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise error_type(f"{shown}: not valid UTF-8 ({error.reason} at byte {error.start})") from None
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = _POSITION_RE.fullmatch(message)
        if match:
            problem, line, column = match.groups()
            raise error_type(f"{shown}:{line}:{column}: invalid TOML: {problem}") from None
        raise error_type(f"{shown}: invalid TOML at end of file: "
                         f"{message.replace(' (at end of document)', '')}") from None
