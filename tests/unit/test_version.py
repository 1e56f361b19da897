"""genhdr/mpversion.h from explicit inputs: version from mpconfig.h, commit, reproducible date."""

import textwrap

import pytest

from mpbuild import version
from mpbuild.version import VersionError


def mpconfig(major=1, minor=23, micro=0, prerelease=0, omit=()):
    """mpconfig.h-like text around the four version macros (as upstream lays them out)."""
    values = {"MAJOR": major, "MINOR": minor, "MICRO": micro, "PRERELEASE": prerelease}
    defines = "\n".join(
        f"#define MICROPY_VERSION_{name} {value}" for name, value in values.items() if name not in omit
    )
    return textwrap.dedent("""\
        #ifndef MICROPY_INCLUDED_PY_MPCONFIG_H
        #define MICROPY_INCLUDED_PY_MPCONFIG_H

        // Current version of MicroPython. This is used by sys.implementation.version
        // as well as a fallback to generate MICROPY_GIT_TAG if the git repo or tags
        // are unavailable.
        {defines}

        // Combined version as a 32-bit number for convenience to allow version
        // comparison. Doesn't include prerelease state.
        #define MICROPY_MAKE_VERSION(major, minor, patch) (major << 16 | minor << 8 | patch)
        #define MICROPY_VERSION MICROPY_MAKE_VERSION(MICROPY_VERSION_MAJOR, MICROPY_VERSION_MINOR, MICROPY_VERSION_MICRO)
        #define MICROPY_VERSION_STRING_BASE \\
            MP_STRINGIFY(MICROPY_VERSION_MAJOR) "." \\
            MP_STRINGIFY(MICROPY_VERSION_MINOR) "." \\
            MP_STRINGIFY(MICROPY_VERSION_MICRO)
        #endif
    """).replace("{defines}", defines)


# --- read_version ---------------------------------------------------------------


def test_release_tag():
    assert version.read_version(mpconfig(1, 23, 0, 0)) == "v1.23.0"


@pytest.mark.parametrize("prerelease", [1, 2, 10])
def test_preview_tag(prerelease):
    assert version.read_version(mpconfig(1, 24, 0, prerelease)) == "v1.24.0-preview"


def test_multi_digit_components():
    assert version.read_version(mpconfig(12, 345, 67, 0)) == "v12.345.67"


def test_order_of_definitions_does_not_matter():
    text = (
        "#define MICROPY_VERSION_PRERELEASE 1\n"
        "#define MICROPY_VERSION_MICRO 2\n"
        "#define MICROPY_VERSION_MINOR 22\n"
        "#define MICROPY_VERSION_MAJOR 1\n"
    )
    assert version.read_version(text) == "v1.22.2-preview"


def test_crlf_mpconfig():
    assert version.read_version(mpconfig(1, 23, 0, 0).replace("\n", "\r\n")) == "v1.23.0"


def test_the_real_pinned_mpconfig_if_present():
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "micropython" / "py" / "mpconfig.h"
    if not path.is_file():
        pytest.skip("micropython/ is not provisioned")
    tag = version.read_version(path.read_text(), str(path))
    assert tag.startswith("v1.")


@pytest.mark.parametrize("missing", ["MAJOR", "MINOR", "MICRO", "PRERELEASE"])
def test_missing_macro_names_the_macro_and_the_file(missing):
    with pytest.raises(VersionError) as caught:
        version.read_version(mpconfig(omit=(missing,)), "micropython/py/mpconfig.h")
    message = str(caught.value)
    assert message.startswith("micropython/py/mpconfig.h: ")
    assert f"MICROPY_VERSION_{missing}" in message
    # Tells the user what to do about it.
    assert "re-provision" in message


def test_missing_macro_default_path():
    with pytest.raises(VersionError, match=r"^py/mpconfig\.h: no MICROPY_VERSION_MAJOR"):
        version.read_version("")


def test_first_missing_macro_is_reported():
    with pytest.raises(VersionError, match="MICROPY_VERSION_MINOR"):
        version.read_version(mpconfig(omit=("MINOR", "PRERELEASE")))


@pytest.mark.parametrize("text", [
    # Only a use, not a definition.
    "#define MICROPY_VERSION MICROPY_MAKE_VERSION(MICROPY_VERSION_MAJOR, 1, 2)\n",
    # Commented out / not at the start of the line.
    "// #define MICROPY_VERSION_MAJOR 1\n",
    "  #define MICROPY_VERSION_MAJOR 1\n",
    # Not a number.
    "#define MICROPY_VERSION_MAJOR (1)\n",
])
def test_things_that_are_not_a_major_definition(text):
    rest = mpconfig(omit=("MAJOR",))
    with pytest.raises(VersionError, match="MICROPY_VERSION_MAJOR"):
        version.read_version(text + rest)


def test_version_error_is_an_exception():
    assert issubclass(VersionError, Exception)


# --- build_date -----------------------------------------------------------------


@pytest.mark.parametrize("epoch, date", [
    ("0", "1970-01-01"),
    ("1", "1970-01-01"),
    ("86399", "1970-01-01"),
    ("86400", "1970-01-02"),
    ("1717171717", "2024-05-31"),
    ("1704067199", "2023-12-31"),  # 2023-12-31T23:59:59Z
    ("1704067200", "2024-01-01"),  # 2024-01-01T00:00:00Z
    ("951782400", "2000-02-29"),
])
def test_source_date_epoch_is_a_utc_date(epoch, date):
    assert version.build_date(epoch, "1999-09-09") == date


def test_date_is_utc_whatever_the_local_timezone(monkeypatch):
    import time

    if not hasattr(time, "tzset"):
        pytest.skip("no time.tzset on this platform")
    # 23:30 UTC on 2024-01-01: already the 2nd east of UTC, still the 1st in UTC.
    epoch = "1704151800"
    try:
        # POSIX TZ strings need no tz database: "AAA-14" is UTC+14, "BBB+12" is UTC-12.
        for tz in ("UTC0", "AAA-14", "BBB+12", "PST8PDT"):
            monkeypatch.setenv("TZ", tz)
            time.tzset()
            assert version.build_date(epoch, "fallback") == "2024-01-01"
    finally:
        monkeypatch.undo()
        time.tzset()


@pytest.mark.parametrize("unset", [None, ""])
def test_unset_source_date_epoch_uses_the_fallback(unset):
    assert version.build_date(unset, "2024-05-31") == "2024-05-31"


def test_fallback_is_returned_verbatim():
    sentinel = "pinned-date"
    assert version.build_date(None, sentinel) is sentinel


def test_surrounding_whitespace_is_accepted():
    # int() tolerates it, as a shell export with a stray newline would produce.
    assert version.build_date(" 86400\n", "x") == "1970-01-02"


@pytest.mark.parametrize("bad", ["abc", "1.5", "1e9", "2024-05-31", "0x10", "   ", "12 34"])
def test_non_numeric_source_date_epoch_is_an_error_with_a_hint(bad):
    with pytest.raises(VersionError) as caught:
        version.build_date(bad, "2024-05-31")
    message = str(caught.value)
    assert f"SOURCE_DATE_EPOCH={bad!r}" in message
    assert "whole number of seconds" in message
    # The fix: how to set it, or to unset it.
    assert "git log -1 --format=%ct" in message
    assert "unset" in message


def test_non_numeric_error_does_not_chain_the_value_error():
    with pytest.raises(VersionError) as caught:
        version.build_date("nope", "x")
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__


# --- version_header ---------------------------------------------------------------

COMMIT = "a9e0e1a4a7bd2c0e5d6a1f6a7b8c9d0e1f2a3b4c"


def test_header_has_the_three_defines():
    header = version.version_header("v1.23.0", COMMIT, "2024-05-31")
    lines = header.splitlines()
    assert lines[0].startswith("//")
    assert lines[1:] == [
        '#define MICROPY_GIT_TAG "v1.23.0"',
        '#define MICROPY_GIT_HASH "a9e0e1a4a7"',
        '#define MICROPY_BUILD_DATE "2024-05-31"',
    ]
    assert header.endswith("\n")
    assert header.count("#define ") == 3


def test_hash_is_shortened_to_ten_characters():
    header = version.version_header("v1.23.0", COMMIT, "2024-05-31")
    assert f'"{COMMIT[:10]}"' in header
    assert COMMIT[:11] not in header


def test_short_hash_is_kept_as_is():
    header = version.version_header("v1.23.0", "abc1234", "2024-05-31")
    assert '#define MICROPY_GIT_HASH "abc1234"\n' in header


@pytest.mark.parametrize("commit", [None, ""])
def test_no_commit_gives_no_hash(commit):
    header = version.version_header("v1.24.0-preview", commit, "2024-05-31")
    assert '#define MICROPY_GIT_HASH "<no hash>"\n' in header
    assert '#define MICROPY_GIT_TAG "v1.24.0-preview"\n' in header


def test_header_is_deterministic():
    args = ("v1.23.0", COMMIT, "2024-05-31")
    assert version.version_header(*args) == version.version_header(*args)


def test_header_depends_on_each_input():
    base = version.version_header("v1.23.0", COMMIT, "2024-05-31")
    assert version.version_header("v1.24.0", COMMIT, "2024-05-31") != base
    assert version.version_header("v1.23.0", "b" * 40, "2024-05-31") != base
    assert version.version_header("v1.23.0", COMMIT, "2024-06-01") != base
    # Beyond the 10th character the commit does not show.
    assert version.version_header("v1.23.0", COMMIT[:10] + "f" * 30, "2024-05-31") == base


def test_end_to_end_with_source_date_epoch():
    tag = version.read_version(mpconfig(1, 23, 0, 0))
    date = version.build_date("1717171717", "2000-01-01")
    assert version.version_header(tag, COMMIT, date).splitlines()[1:] == [
        '#define MICROPY_GIT_TAG "v1.23.0"',
        '#define MICROPY_GIT_HASH "a9e0e1a4a7"',
        '#define MICROPY_BUILD_DATE "2024-05-31"',
    ]
