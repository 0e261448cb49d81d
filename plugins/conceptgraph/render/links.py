"""How the wiki-links of one page render, and the checks of links in hand-written pages.

Every wiki-link of every page, note or hand-written, goes the same way: the Markdown extension
(``markdown_ext.py``) asks the page's ``PageLinks`` for what the link is, and gets a URL relative
to the page, or None for a concept that has no note. Links were already resolved and checked
when the notes were read (``links/resolve.py``); URLs are MkDocs' own, handed in by the adapter.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from conceptgraph.diagnostics import Report
from conceptgraph.graph.model import ConceptGraph
from conceptgraph.links.resolve import find_heading, is_file_name
from conceptgraph.markup.scanner import scan
from conceptgraph.markup.wikilinks import DEFAULT_IDS, Heading, HeadingIds, LinkText
from conceptgraph.notes.note import Note
from conceptgraph.render.index_pages import stats_block
from conceptgraph.render.urls import RelativeTo, attachment_src, concept_src
from conceptgraph.types import Url

STATS_MARKER = "<!-- conceptgraph:stats -->"


class Rendered(NamedTuple):
    """What a link renders to: ``url``, relative to the page, or None for a missing concept
    (``title`` says why)."""

    url: str | None
    title: str = ""
    kind: str = "cg-missing"  # without a URL: "cg-missing", or "cg-unpublished"


class PageLinks:
    """The wiki-links of the page at ``page_url``, whose own headings are ``headings``."""

    def __init__(self, cg: ConceptGraph, urls: Mapping[str, Url], page_url: Url,
                 headings: list[Heading], origin: Note | None = None):
        self._cg, self._urls, self._headings = cg, urls, headings
        self._origin = origin  # the note of the page: links resolve from its folder
        self._relative = RelativeTo(page_url)
        self.asked = False  # whether a link of the page was rendered

    def itself(self) -> PageLinks:
        """These links, as the Markdown extension asks for the current page's."""
        return self

    def render(self, text: LinkText) -> Rendered:
        """Where ``[[text]]`` leads from this page."""
        self.asked = True
        if not text.target:
            if not text.heading:
                return Rendered(None, "Empty link")
            # A heading or block the page does not have: the page's top, as in Obsidian (and
            # as a link to another note's missing heading), never an id no element holds
            if text.heading.startswith("^"):
                blocks = self._origin.scan.blocks if self._origin is not None else None
                return Rendered("#" + text.heading if blocks is None or text.heading[1:]
                                in blocks else "#")
            h = find_heading(self._headings, text.heading)
            return Rendered("#" + h.anchor if h else "#")
        found = self._cg.resolver.find(text.target, self._origin)
        if found is None:
            if is_file_name(text.target):  # a file: not a concept to write (graph/build.py)
                return Rendered(None, f"Missing file: {text.target}")
            return Rendered(None, f"Missing concept: {text.target} (see Wanted concepts)")
        if found.held is not None:
            return Rendered(None, "Not published", "cg-unpublished")
        if found.file is not None:
            url = self._urls.get(attachment_src(found.file))
            return Rendered(None if url is None else self._relative(url))
        target = found.note
        assert target is not None
        anchor = ""
        if text.heading and text.heading.startswith("^"):
            if text.heading[1:] in target.scan.blocks:
                anchor = "#" + text.heading
        elif text.heading:
            h = find_heading(target.scan.headings, text.heading)
            if h is not None:
                anchor = "#" + h.anchor
        return Rendered(self._relative(self._urls[concept_src(target)]) + anchor)


def page_links(cg: ConceptGraph, urls: Mapping[str, Url], src: str, page_url: Url,
               markdown: str, docs_dir: str, ids: HeadingIds = DEFAULT_IDS
               ) -> tuple[PageLinks, str, Report]:
    """The links of hand-written page ``src`` (``docs/``), its Markdown with the live counts
    in place, and a warning for each link that fits no note, at its own line (``ids``: how
    the site's table of contents makes heading ids)."""
    report = Report()
    shown = f"{Path(docs_dir).name}/{src}"
    found = scan(markdown, 1, ids)
    for link in found.links:
        if link.text.target and cg.resolver.find(link.text.target) is None:
            hint = cg.resolver.suggest(link.text.target) or "add a note for it"
            report.warning(shown, link.line, f"unresolved link {link.raw}", hint,
                           "unresolved-link")
    if STATS_MARKER in markdown:
        markdown = markdown.replace(STATS_MARKER, stats_block(cg))
    return PageLinks(cg, urls, page_url, found.headings), markdown, report
