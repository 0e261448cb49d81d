"""How wiki-links render on one page, and the checks for links written in hand-made pages.

A note's links are marked (``marks.py``) when the site is assembled, straight in its Markdown:
the scanner has already found each one, with its line and column. Markdown then reads plain text
where the note wrote ``[[...]]``. Only a link whose label has markup, or that sits on a line with
anything that could make Markdown read it otherwise (code, math, HTML, escapes, attributes,
Markdown's own links), is left for the Markdown extension (``mdext.py``) to render.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from conceptgraph.diagnostics import Report
from conceptgraph.graph.model import ConceptGraph
from conceptgraph.links.resolve import find_heading
from conceptgraph.markup.scanner import scan
from conceptgraph.markup.wikilinks import LINK_RE, Heading, LinkText, heading_anchor
from conceptgraph.notes.note import Note
from conceptgraph.render.marks import (
    PLAIN_LABEL,
    LinkRenderer,
    PageLinks,
    Rendered,
    neutralize_reserved,
)
from conceptgraph.render.pages import concept_src, concept_url_from, rel, sibling_slug, stats_block

STATS_MARKER = "<!-- conceptgraph:stats -->"

# Characters that let Markdown read a line other than as text and wiki-links: code, math, HTML,
# escapes, attributes; and brackets, once the wiki-links are taken out (Markdown's own links,
# references, footnotes, abbreviations).
_NOT_PLAIN_LINE = re.compile(r"[`$<>\\{}\[\]]")


# How a link to a concept (no heading) renders from any ordinary concept page but the concept's
# own: the page's slug (None for a missing concept) and the rendered link. Shared by the pages
# of one build (``SiblingLinks``), so each concept's link is made once, not once per mention.
SiblingLinks = dict[str, tuple[str | None, Rendered]]


def link_renderer(cg: ConceptGraph, src: str, headings: list[Heading],
                  directory_urls: bool = True,
                  siblings: SiblingLinks | None = None) -> LinkRenderer:
    """How a wiki-link renders on page ``src``, whose own headings are ``headings``;
    ``siblings`` remembers links made from ordinary concept pages."""
    here = sibling_slug(src)
    shared = siblings if here is not None else None

    def render(text: LinkText, want_href: bool) -> Rendered:
        if shared is not None and text.target and not text.heading and not want_href:
            known = shared.get(text.target)
            if known is None:
                target = cg.resolver.lookup(text.target)
                slug = None if target is None else target.slug
                if slug != here:  # made from another page than the concept's own
                    known = shared[text.target] = (slug, _render(text, False))
            if known is not None and known[0] != here:  # a link to the page itself is made below
                return known[1]
        return _render(text, want_href)

    def _render(text: LinkText, want_href: bool) -> Rendered:
        if not text.target:
            if not text.heading:
                return Rendered(None, "Empty link")
            h = find_heading(headings, text.heading)
            href = "#" + (h.anchor if h else heading_anchor(text.heading))
            return Rendered(href, href=href)
        target = cg.resolver.lookup(text.target)
        if target is None:
            return Rendered(None, f"Missing concept: {text.target} (see Wanted concepts)")
        anchor = ""
        if text.heading and not text.heading.startswith("^"):
            h = find_heading(target.scan.headings, text.heading)
            if h is not None:
                anchor = "#" + h.anchor
        url = concept_url_from(src, target, directory_urls) + anchor
        return Rendered(url, href=rel(src, concept_src(target)) + anchor if want_href else "")

    return render


def marked_body(cg: ConceptGraph, note: Note, src: str, directory_urls: bool = True,
                mark: bool = True,
                siblings: SiblingLinks | None = None) -> tuple[str, PageLinks, Report]:
    """The note's body with its wiki-links marked where Markdown would read them as plain text,
    the page's links (which renders the rest), and a warning for each reserved character.
    With ``mark=False``, every link is left for the Markdown extension (the same page)."""
    body, report = _neutralized(note)
    render = link_renderer(cg, src, note.scan.headings, directory_urls, siblings)
    links = PageLinks(render)
    if not note.scan.links or not mark:
        return body, links, report
    lines = body.split("\n")
    first, count = note.source.body_line, len(lines)
    # Links come in reading order (so marks are numbered that way); each line with a marked
    # link is put together once, from its pieces.
    index_now, line, plain, pos = -1, "", False, 0
    pieces: list[str] = []
    for link in note.scan.links:
        index, start, raw = link.line - first, link.column - 1, link.raw
        if index != index_now:
            if pieces:
                lines[index_now] = "".join(pieces) + line[pos:]
                pieces = []
            index_now, pos = index, 0
            line = lines[index] if 0 <= index < count else ""
            plain = not _NOT_PLAIN_LINE.search(LINK_RE.sub("", line))
        label = _markable(link.text) if plain and start >= pos else None
        if label is None or not line.startswith(raw, start):
            continue  # left for the Markdown extension
        pieces += (line[pos:start], links.mark(render(link.text, False), label))
        pos = start + len(raw)
    if pieces:
        lines[index_now] = "".join(pieces) + line[pos:]
    return "\n".join(lines), links, report


@functools.lru_cache(maxsize=1 << 14)
def _markable(text: LinkText) -> str | None:
    """The label of a link, when it may be marked: words that no Markdown pattern changes."""
    label = text.display()
    return label if PLAIN_LABEL.fullmatch(label) else None


def reserved_characters(note: Note) -> Report:
    """A warning for each line of the note's body with a reserved character (as the build
    gives it; for ``conceptgraph check``)."""
    return _neutralized(note)[1]


def _neutralized(note: Note) -> tuple[str, Report]:
    """The note's body with reserved characters shown as U+FFFD, and a warning for each."""
    report = Report()
    body, offsets = neutralize_reserved(note.body)
    if offsets:
        _report_reserved(report, note.path, note.source.body_line, note.body, offsets)
    return body, report


def page_renderer(cg: ConceptGraph, src: str, markdown: str, docs_dir: str,
                  directory_urls: bool = True) -> tuple[PageLinks, str, Report]:
    """The links of hand-written page ``src`` (``docs/``), its Markdown, and its findings,
    with its own line numbers."""
    report = Report()
    shown = f"{Path(docs_dir).name}/{src}"
    markdown, reserved = neutralize_reserved(markdown)
    if reserved:
        _report_reserved(report, shown, 1, markdown, reserved)
    found = scan(markdown)
    for link in found.links:
        if link.text.target and cg.resolver.lookup(link.text.target) is None:
            hint = cg.resolver.suggest(link.text.target) or "add a note for it"
            report.warning(shown, link.line, f"unresolved link {link.raw}", hint,
                           "unresolved-link")
    if STATS_MARKER in markdown:
        markdown = markdown.replace(STATS_MARKER, stats_block(cg))
    links = PageLinks(link_renderer(cg, src, found.headings, directory_urls))
    return links, markdown, report


def _report_reserved(report: Report, shown: str, first: int, text: str,
                     offsets: list[int]) -> None:
    """Warn, at its line, of each reserved character (it could pose as a marked link)."""
    for line in sorted({first + text.count("\n", 0, at) for at in offsets}):
        report.warning(shown, line, "reserved character (U+E000–U+E01F, private use; "
                       "conceptgraph marks links with them) shown as U+FFFD",
                       "remove it, or use another character", "reserved-character")
