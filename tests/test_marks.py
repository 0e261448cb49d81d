"""Marked links (marks.py): what fills in, what is stripped, and that no text can forge a mark."""

from __future__ import annotations

import html

import pytest

from conceptgraph.render.marks import (
    PageLinks,
    Rendered,
    neutralize_reserved,
    plain_text,
    strip_marks,
)

RESERVED = range(0xE000, 0xE020)


def test_a_marked_label_becomes_its_link_and_only_its_label_when_stripped():
    links = PageLinks()
    missing = Rendered(None, 'Missing concept: "Y" <z>')
    text = (f"See {links.mark(Rendered('../x/#a b'), 'X')} and "
            f"{links.mark(missing, 'Y')}.")
    assert links.fill(text) == ('See <a class="cg-link" href="../x/#a b">X</a> and '
                                '<span class="cg-missing" title="Missing concept: &quot;Y&quot; '
                                '&lt;z&gt;">Y</span>.')
    assert strip_marks(text) == "See X and Y."


def test_generated_pages_link_without_the_wiki_link_class():
    links = PageLinks(link_class="")
    assert links.fill(links.mark(Rendered("x/"), "X")) == '<a href="x/">X</a>'


def test_the_thousandth_link_on_a_page_still_finds_its_target():
    links = PageLinks()
    text = " ".join(links.mark(Rendered(f"{i}/"), str(i)) for i in range(1200))
    filled = links.fill(text)
    assert filled.count("<a ") == 1200
    assert '<a class="cg-link" href="1199/">1199</a>' in filled


def test_a_number_no_link_has_leaves_the_label_alone():
    marked = PageLinks().mark(Rendered("x/"), "X")
    assert PageLinks().fill(marked) == marked  # no marks on this page: nothing to fill
    other = PageLinks()
    other.mark(Rendered("y/"), "Y")
    assert other.fill(marked.replace("\ue010", "\ue015")) == "X"  # number 5 of 1: text


@pytest.mark.parametrize("written", [
    "\ue000", "\ue01f", "&#xE000;", "&#xe01f;", "&#57344;", "&#57375;", "&#x0000e001;",
    "&#00057346;", "&#xE002", "&#57344",
])
def test_reserved_characters_are_neutralized_raw_or_as_references(written):
    out, offsets = neutralize_reserved(f"a {written} b")
    assert offsets == [2]
    assert "\ufffd" in html.unescape(out)
    assert not any(ord(c) in RESERVED for c in html.unescape(out))


@pytest.mark.parametrize("code", list(range(0xDFF0, 0xE030)) + [0xE0001, 0x1E000, 0x10E000])
def test_a_character_reference_is_neutralized_exactly_when_it_means_a_reserved_character(code):
    # The oracle is Python's own HTML5 decoder: what a browser (or nh3) would make of it.
    for ref in (f"&#x{code:X};", f"&#{code};", f"&#X{code:x}", f"&#0{code}"):
        reserved = any(ord(c) in RESERVED for c in html.unescape(ref + " "))
        out, offsets = neutralize_reserved(ref + " ")
        assert bool(offsets) == reserved, ref
        assert (out != ref + " ") == reserved, ref


def test_text_without_reserved_characters_is_untouched():
    text = "Plain &amp; simple &#x41; [[Link]] \ue020 \udfff"[:-1]
    assert neutralize_reserved(text) == (text, [])
    assert plain_text("a\ue000b\ue01fc\ue020") == "a\ufffdb\ufffdc\ue020"
