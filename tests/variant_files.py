"""Variant files written by tests (tests/unit/test_variants.py, test_features.py): a scratch variants/ folder,
a file in it, and the message loading one raises."""

import textwrap

import pytest

from mpbuild.variants import VariantError, load_variant


def make_variants_folder(tmp_path, monkeypatch):
    """An empty variants/ folder; the cwd is its parent, so messages name ``variants/x.toml``."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "variants"
    folder.mkdir()
    return folder


def write(folder, name, text):
    (folder / f"{name}.toml").write_text(textwrap.dedent(text).lstrip())


def error_of(folder, name):
    with pytest.raises(VariantError) as caught:
        load_variant(folder, name)
    return str(caught.value)
