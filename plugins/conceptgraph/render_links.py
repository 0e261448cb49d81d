"""How wiki-links render on one page, and the checks for links written in hand-made pages."""

from __future__ import annotations

from pathlib import Path

from .diagnostics import Report
from .graph import ConceptGraph
from .mdext import LinkRenderer, Rendered
from .notes import Note
from .pages import concept_src, rel, stats_block
from .resolve import find_heading
from .wikilinks import LinkText, heading_anchor, scan

STATS_MARKER = "<!-- conceptgraph:stats -->"


def page_renderer(cg: ConceptGraph, src: str, note: Note | None, markdown: str,
                  docs_dir: str) -> tuple[LinkRenderer, str, Report]:
    """The link renderer for page ``src``, its Markdown, and findings for hand-written pages.

    Notes were checked when the graph was built; a hand-written page (``docs/``) is checked here,
    with its own line numbers.
    """
    report = Report()
    if note is None:
        shown = f"{Path(docs_dir).name}/{src}"
        for found in scan(markdown).links:
            if found.text.target and cg.resolver.lookup(found.text.target) is None:
                hint = cg.resolver.suggest(found.text.target) or "add a note for it"
                report.warning(shown, found.line, f"unresolved link {found.raw}", hint,
                               "unresolved-link")
        if STATS_MARKER in markdown:
            markdown = markdown.replace(STATS_MARKER, stats_block(cg))
    headings = note.scan.headings if note is not None else scan(markdown).headings

    def render(text: LinkText) -> Rendered:
        if not text.target:
            if not text.heading:
                return Rendered(None, "Empty link")
            h = find_heading(headings, text.heading)
            return Rendered("#" + (h.anchor if h else heading_anchor(text.heading)))
        target = cg.resolver.lookup(text.target)
        if target is None:
            return Rendered(None, f"Missing concept: {text.target} (see Wanted concepts)")
        href = rel(src, concept_src(target))
        if text.heading and not text.heading.startswith("^"):
            h = find_heading(target.scan.headings, text.heading)
            if h is not None:
                href += "#" + h.anchor
        return Rendered(href)

    return render, markdown, report
