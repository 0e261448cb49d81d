"""Nested lists of a note as Obsidian nests them (render/lists.py): two spaces under ``- ``,
three under ``1. ``, tabs and four spaces as before, in quotes and callouts too."""

from __future__ import annotations

import markdown
import pytest

from conceptgraph.render.lists import ListIndents
from conceptgraph.render.ofm import ObsidianExtension


def note_html(text: str, note: bool = True) -> str:
    md = markdown.Markdown(extensions=["tables", "admonition", "pymdownx.superfences",
                                       ObsidianExtension(lambda: note, lambda: None)])
    return md.convert(text)


def shape(html: str) -> str:
    """The list structure only: tags and text, no white space."""
    return "".join(html.split())


def test_two_space_and_three_space_indents_nest_as_tabs_do():
    tabs = note_html("- a\n\t- b\n\t\t- c\n- d\n")
    assert shape(tabs) == "<ul><li>a<ul><li>b<ul><li>c</li></ul></li></ul></li><li>d</li></ul>"
    assert note_html("- a\n  - b\n    - c\n- d\n") == tabs
    assert note_html("- a\n    - b\n        - c\n- d\n") == tabs
    assert shape(note_html("1. a\n   1. b\n2. c\n")) == \
        "<ol><li>a<ol><li>b</li></ol></li><li>c</li></ol>"
    assert shape(note_html("10. a\n    - b\n")) == "<ol><li>a<ul><li>b</li></ul></li></ol>"


def test_a_line_that_continues_an_item_stays_in_it():
    html = note_html("- a\n  - b\n\n    more of b\n\n  more of a\n- c\n")
    assert shape(html) == ("<ul><li><p>a</p><ul><li><p>b</p><p>moreofb</p></li></ul>"
                           "<p>moreofa</p></li><li><p>c</p></li></ul>")
    # four spaces past the item's text is code in the item; less is its text
    code = note_html("- a\n\n      code\n")
    assert shape(code).endswith("a<pre><code>code</code></pre></li></ul>")
    assert shape(note_html("- a\n\n     text\n")) == "<ul><li><p>a</p><p>text</p></li></ul>"


def test_lists_in_callouts_and_quotes_nest_too():
    html = note_html("> - a\n>   - b\n> - c\n")
    assert shape(html) == "<blockquote><ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>" \
        "</blockquote>"


@pytest.mark.parametrize("text", [
    "Text\n\n    indented code\n",           # code, not a list
    "- a\n\nAfter the list\n  two spaces\n",  # a paragraph after the list is its own
    "- - -\n",                                 # a rule
    "- a\n    - b\n\n        more of b\n",      # four spaces a level: already as Markdown nests
])
def test_what_needs_no_new_indent_is_left_as_written(text):
    lines = text.split("\n")
    assert ListIndents(lambda: True, markdown.Markdown()).convert(lines) == lines


def test_a_list_in_fenced_code_stays_code_as_written():
    assert "<code>- a\n  - b\n</code>" in note_html("```\n- a\n  - b\n```\n")


def test_pages_that_are_not_notes_are_left_to_markdown():
    assert shape(note_html("- a\n  - b\n", note=False)) == "<ul><li>a</li><li>b</li></ul>"
