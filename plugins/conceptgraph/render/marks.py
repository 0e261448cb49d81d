"""Marked links: a link's label between private-use characters, made a link at the very end.

A wiki-link with a plain label, and every link on a generated index page, is written into the
page as ``OPEN digits MID label CLOSE``, where the digits number the link on its page
(``PageLinks.marks``). Markdown, the table of contents and the search index see only the label,
as plain text; ``PageLinks.fill`` then turns each marked label into its
``<a class="cg-link" href="../page/#anchor">`` (or, for a missing concept, a ``<span
class="cg-missing">`` with no ``href``) once the page's HTML is final. That spares Markdown,
MkDocs' link rewriting and the search indexer thousands of elements they would only take apart
again: every link was resolved and checked already (``resolve.py``).

The marker characters cannot be forged: ``neutralize_reserved`` replaces them, written raw or as
numeric character references, in a page's Markdown before it is rendered, and ``plain_text``
replaces them in note text the plugin writes into generated pages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from conceptgraph.markup.wikilinks import LinkText


@dataclass(frozen=True)
class Rendered:
    """What a link renders to: ``url``, relative to the page, or None for a missing concept
    (``title`` says why); ``href``, when asked for, is the same link as a relative ``.md``
    path, for a link Markdown renders as an element (MkDocs makes it a URL)."""

    url: str | None
    title: str = ""
    href: str = ""


# Renders a link's text; the bool says whether the ``.md`` href is wanted too.
LinkRenderer = Callable[["LinkText", bool], Rendered]

# U+E000 opens a marked link, U+E001 ends its number, U+E002 closes it; the number is written
# with U+E010–U+E019 for 0–9. The whole block U+E000–U+E01F is reserved.
MARK_OPEN, MARK_MID, MARK_CLOSE = "\ue000", "\ue001", "\ue002"
_DIGITS = str.maketrans("0123456789", "".join(chr(0xE010 + d) for d in range(10)))
_NUMBERS = [str(n).translate(_DIGITS) for n in range(256)]  # the numbers most pages need
_MARKED = re.compile("\ue000([\ue010-\ue019]{1,9})\ue001([^\ue000-\ue01f]*)\ue002")
_RESERVED = re.compile("[\ue000-\ue01f]")
BLOCK_OPEN, BLOCK_CLOSE = "<!--conceptgraph:block:", "-->"
# Markdown ends a raw HTML block with a blank line where it ends a list with a line break.
_BLOCK = re.compile(re.escape(BLOCK_OPEN) + r"(\d+)" + re.escape(BLOCK_CLOSE) + r"(?:\n(?=\n))?")
# Labels that no Markdown inline pattern could change, so they may be marked: words, spaces
# and a few marks (› joins a note and a heading in ``[[Note#Heading]]``).
PLAIN_LABEL = re.compile(r"(?:[^\W_]|[ ,.()/\u203a])*")
_CHAR_REF = re.compile(
    r"&#(?:[xX]0*([0-9a-fA-F]{1,8})(?![0-9a-fA-F])|0*([0-9]{1,8})(?![0-9]));?")


class PageLinks:
    """The links of one page: how its wiki-links render (None on a generated page, whose text
    holds no wiki-link), and the links marked so far."""

    def __init__(self, render: LinkRenderer | None = None, link_class: str = "cg-link"):
        self.render = render
        # Whether the page's Markdown may still hold a wiki-link for the Markdown extension to
        # render; a page whose links were all marked says no, and Markdown skips the pattern.
        self.inline = render is not None
        self.marks: list[Rendered] = []
        self.blocks: list[str] = []  # HTML made without Markdown (``block``)
        self._numbers: dict[str, int] = {}  # a mark's number as written → its place in marks
        self._open = f'<a class="{link_class}" href="' if link_class else '<a href="'

    def mark(self, rendered: Rendered, label: str) -> str:
        """``label`` between markers that ``fill`` will turn into the link."""
        place = len(self.marks)
        number = _NUMBERS[place] if place < len(_NUMBERS) else str(place).translate(_DIGITS)
        self._numbers[number] = place
        self.marks.append(rendered)
        return f"{MARK_OPEN}{number}{MARK_MID}{label}{MARK_CLOSE}"

    def block(self, html: str) -> str:
        """Markdown for a block of HTML the plugin made itself (a long list of links): an HTML
        comment, which Markdown passes on untouched and ``put_blocks`` replaces. Rendering
        a thousand list items as Markdown costs a tenth of a second; this costs nothing."""
        self.blocks.append(html)
        return f"\n{BLOCK_OPEN}{len(self.blocks) - 1}{BLOCK_CLOSE}\n\n"

    def put_blocks(self, html: str) -> str:
        """Page HTML with each block in its comment's place (a generated page's text is
        escaped, so no comment of this form can come from a note)."""
        if not self.blocks:
            return html
        return _BLOCK.sub(lambda m: self.blocks[int(m.group(1))], html)

    def fill(self, html: str) -> str:
        """Page HTML with every marked label made its link (labels are already escaped)."""
        if not self.marks:
            return html
        numbers, marks = self._numbers, self.marks

        def link(m: re.Match[str]) -> str:
            place = numbers.get(m.group(1))
            if place is None:  # cannot happen: markers are never forged
                return m.group(2)
            rendered = marks[place]
            if rendered.url is None:
                return (f'<span class="cg-missing" title="{escape(rendered.title)}">'
                        f"{m.group(2)}</span>")
            return f'{self._open}{escape(rendered.url)}">{m.group(2)}</a>'

        return _without_strays(_MARKED.sub(link, html))


def strip_marks(text: str) -> str:
    """Text or HTML with marked labels left as plain labels (what search and the toc see)."""
    return _RESERVED.sub("", text) if MARK_OPEN in text else text


def _without_strays(text: str) -> str:
    """``text`` without a marker character left outside a whole mark (none ever is)."""
    if MARK_OPEN in text or MARK_MID in text or MARK_CLOSE in text:
        return _RESERVED.sub("", text)
    return text


def plain_text(text: str) -> str:
    """Note text for a generated page: a reserved character shows as U+FFFD."""
    return _RESERVED.sub("\ufffd", text)


def neutralize_reserved(markdown: str) -> tuple[str, list[int]]:
    """Markdown with the reserved characters, raw or as character references, replaced by
    U+FFFD (so no text can pose as a marked link), and the offsets where they were."""
    if markdown.isascii() and "&#" not in markdown:  # isascii is one flag: no scan at all
        return markdown, []
    found = [m.start() for m in _RESERVED.finditer(markdown)]
    if "&#" in markdown:
        found += [m.start() for m in _CHAR_REF.finditer(markdown) if _reserved_ref(m)]
    if not found:
        return markdown, []
    markdown = _RESERVED.sub("\ufffd", markdown)
    markdown = _CHAR_REF.sub(lambda m: "&#xFFFD;" if _reserved_ref(m) else m.group(0), markdown)
    return markdown, sorted(found)


def _reserved_ref(m: re.Match[str]) -> bool:
    code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    return 0xE000 <= code <= 0xE01F
