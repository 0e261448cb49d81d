"""Obsidian URIs in Markdown links (markup/uri.py): which open a file of this vault."""

from __future__ import annotations

import unicodedata

import pytest

from conceptgraph.markup.uri import vault_file


@pytest.mark.parametrize(("uri", "want"), [
    ("obsidian://open?vault=kb&file=ReLU", "/ReLU"),
    ("obsidian://open?vault=kb&file=Recipes%2FDutch%20baby.md", "/Recipes/Dutch baby.md"),
    ("obsidian://open?file=Recipes%2FPancakes&vault=kb", "/Recipes/Pancakes"),  # any order
    ("OBSIDIAN://Open?vault=kb&file=A", "/A"),  # a scheme and a host have no case
    ("obsidian://open?vault=kb&file=C%2B%2B+x", "/C+++x"),  # "+" is a plus sign, not a space
    ("obsidian://open?vault=kb&file=%2FA%2F", "/A"),
    ("obsidian://open?vault=Another&file=ReLU", None),  # another vault
    ("obsidian://open?vault=KB&file=ReLU", None),  # vault names keep their case
    ("obsidian://open?vault=kb", None),  # the vault itself, no file
    ("obsidian://open?vault=kb&file=", None),
    ("obsidian://search?vault=kb&query=relu", None),  # another action
    ("obsidian://new?vault=kb&file=ReLU", None),
    ("https://open?vault=kb&file=ReLU", None),
])
def test_an_open_uri_of_this_vault_names_its_file(uri, want):
    assert vault_file(uri, "kb") == want


def test_vault_names_compare_in_one_unicode_form():
    composed = unicodedata.normalize("NFC", "Café")
    decomposed = unicodedata.normalize("NFD", "Café")
    assert composed != decomposed
    assert vault_file(f"obsidian://open?vault={decomposed}&file=Menu", composed) == "/Menu"
    assert vault_file("obsidian://open?vault=Caf%C3%A9&file=Menu", decomposed) == "/Menu"
