"""How wiki-links render on one page, and the checks for links written in hand-made pages."""

from __future__ import annotations

from pathlib import Path

from .diagnostics import Report
from .graph import ConceptGraph
from .marks import PageLinks, Rendered, neutralize_reserved
from .notes import Note
from .pages import concept_src, rel, stats_block, url_from
from .resolve import find_heading
from .wikilinks import LinkText, heading_anchor, scan

STATS_MARKER = "<!-- conceptgraph:stats -->"


def page_renderer(cg: ConceptGraph, src: str, note: Note | None, markdown: str,
                  docs_dir: str, directory_urls: bool = True
                  ) -> tuple[PageLinks, str, Report]:
    """The links of page ``src``, its Markdown, and findings for hand-written pages.

    Notes were checked when the graph was built; a hand-written page (``docs/``) is checked here,
    with its own line numbers.
    """
    report = Report()
    markdown, reserved = neutralize_reserved(markdown)
    if reserved:
        _report_reserved(report, note, markdown, reserved, f"{Path(docs_dir).name}/{src}")
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

    def render(text: LinkText, want_href: bool) -> Rendered:
        if not text.target:
            if not text.heading:
                return Rendered(None, "Empty link")
            h = find_heading(headings, text.heading)
            href = "#" + (h.anchor if h else heading_anchor(text.heading))
            return Rendered(href, href=href)
        target = cg.resolver.lookup(text.target)
        if target is None:
            return Rendered(None, f"Missing concept: {text.target} (see Wanted concepts)")
        target_src = concept_src(target)
        anchor = ""
        if text.heading and not text.heading.startswith("^"):
            h = find_heading(target.scan.headings, text.heading)
            if h is not None:
                anchor = "#" + h.anchor
        url = url_from(src, target_src, directory_urls) + anchor
        return Rendered(url, href=rel(src, target_src) + anchor if want_href else "")

    return PageLinks(render), markdown, report


def _report_reserved(report: Report, note: Note | None, markdown: str, offsets: list[int],
                     shown: str) -> None:
    """Warn, at its line, of each reserved character (it could pose as a marked link)."""
    first = 1
    if note is not None:  # where the note wrote it, in the note's own file
        markdown, shown, first = note.source.body, note.path, note.source.body_line
        offsets = neutralize_reserved(markdown)[1] or [0]
    for line in sorted({first + markdown.count("\n", 0, at) for at in offsets}):
        report.warning(shown, line, "reserved character (U+E000–U+E01F, private use; "
                       "conceptgraph marks links with them) shown as U+FFFD",
                       "remove it, or use another character", "reserved-character")
