"""Fragments: HTML a page gets after its own HTML was cleaned, in place of a placeholder.

The build makes the players and PDFs of a page's embeds itself (``render/embeds.py``), so
nothing a note writes can make a frame or a player; and a transclusion in a table cell, which
Markdown reads as one line, is rendered by the adapter with the page's Markdown settings. Each
is a fragment of its page, at a ``<span data-cg-embed="N">`` the note's HTML keeps.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

_PLACEHOLDER = re.compile(r'<span data-cg-embed="(\d+)"></span>')


class Transclusion(NamedTuple):
    """A transclusion in a table cell: the Markdown it is everywhere else (the embed's
    ``<div>`` block), for the adapter to render into the cell."""

    markdown: str


Fragment = str | Transclusion  # the HTML of a player or PDF, or a table cell's transclusion


def placeholder(index: int) -> str:
    """Where the page's fragment ``index`` goes."""
    return f'<span data-cg-embed="{index}"></span>'


def fill_fragments(html: str, fragments: list[Fragment],
                   render: Callable[[str], str] = lambda markdown: "") -> str:
    """The page's cleaned ``html`` with each player or PDF the build made in its place, and
    each transclusion of a table cell as ``render`` makes it (the page's Markdown, cleaned).

    A transclusion's own fragments were made before it, so within it only placeholders of
    earlier fragments are filled: a placeholder a note writes itself cannot loop."""
    def fill(text: str, below: int) -> str:
        def put(m: re.Match[str]) -> str:
            i = int(m.group(1))
            if i >= below:
                return ""
            fragment = fragments[i]
            if isinstance(fragment, Transclusion):
                return fill(render(fragment.markdown), i)
            return fragment
        return _PLACEHOLDER.sub(put, text)

    return fill(html, len(fragments)) if fragments else html
