"""The pages of the vault's canvases (``Board.canvas`` → ``canvas/board/``), drawn by
``canvas.py``: text cards are Markdown with wiki-links resolved as in notes, file cards show
the file their vault path names (a note or a PDF as a link, an image as the image). A card or
link of a note or file that is not published (``publish: false``, Obsidian's excluded files)
shows as not published, as in a note, and is no finding.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Mapping

import markdown

from conceptgraph.diagnostics import ConceptGraphError, Report
from conceptgraph.graph.model import ConceptGraph
from conceptgraph.links.resolve import find_heading
from conceptgraph.markup.scanner import scan
from conceptgraph.notes.files import read_bytes
from conceptgraph.notes.limits import body_limits
from conceptgraph.notes.names import slugify
from conceptgraph.notes.text import decode
from conceptgraph.render.links import PageLinks
from conceptgraph.render.markdown_ext import WikiLinkExtension
from conceptgraph.render.text import frontmatter, md_text
from conceptgraph.render.urls import UrlOf, attachment_src, concept_src, relative_url
from conceptgraph.types import SourcePath, Url

CANVAS_DIR = "canvas"
_EXTENSIONS = ["tables", "fenced_code", "footnotes", "pymdownx.mark", "pymdownx.tasklist",
               "pymdownx.tilde"]


def canvas_src(rel: str) -> str:
    """``Boards/My board.canvas`` → ``canvas/boards/my-board.md``."""
    parts = unicodedata.normalize("NFC", rel[:-len(".canvas")]).split("/")
    return f"{CANVAS_DIR}/" + "/".join(slugify(p) or "-" for p in parts) + ".md"


def canvas_pages(canvases: list[tuple[str, str]], display: str, cg: ConceptGraph,
                 urls: Mapping[str, Url], url_of: UrlOf, report: Report
                 ) -> tuple[dict[str, str], dict[str, Url]]:
    """The page of each canvas ``(path, rel)`` by source path, and their URLs."""
    pages: dict[str, str] = {}
    page_urls: dict[str, Url] = {}
    if not canvases:  # most sites: the drawing code is not even imported
        return pages, page_urls
    from conceptgraph.render.canvas import NOT_PUBLISHED, CanvasLinks, render_canvas

    for path, rel in canvases:
        src, shown = canvas_src(rel), SourcePath(f"{display}/{rel}")
        if src in pages:
            report.warning(shown, 1, f"this canvas has the same page address as another "
                           f"({src[:-3]}/)", "rename one of them", "canvas")
            continue
        here = page_urls[src] = url_of(src)
        try:
            raw = decode(read_bytes(path), shown)
        except ConceptGraphError as exc:  # not UTF-8 text
            report.extend(exc.diagnostics)
            continue
        page = PageLinks(cg, urls, here, [])
        md = markdown.Markdown(extensions=[WikiLinkExtension(page.itself), *_EXTENSIONS],
                               extension_configs={"pymdownx.tilde": {"subscript": False}})

        def text(source: str, line: int, md: markdown.Markdown = md,
                 shown: str = shown) -> str:
            too_complex = body_limits(source, 1)
            if too_complex:  # as for a note: shown as text, not rendered
                _, problem, fix = too_complex[0]
                report.warning(shown, line, f"a text card is too complex to render: {problem}",
                               fix, "canvas")
                return f"<pre>{html.escape(source)}</pre>"
            for link in scan(source).links:  # a note not published is no finding
                if link.text.target and cg.resolver.find(link.text.target) is None:
                    hint = cg.resolver.suggest(link.text.target) or "add a note for it"
                    report.warning(shown, line, f"unresolved link {link.raw}", hint,
                                   "unresolved-link")
            return md.reset().convert(source)

        def file(vault_path: str, subpath: str, here: Url = here) -> str | None:
            # A card names its file by its path in the vault: a note or an attachment
            found = cg.resolver.find("/" + vault_path)
            if found is not None and found.held is not None:
                return NOT_PUBLISHED
            if found is not None and found.file is not None:
                shown_at = attachment_src(found.file)  # unpublished if its address clashed
                return relative_url(urls[shown_at], here) if shown_at in urls else None
            note = found.note if found is not None else None
            if note is None:
                return None
            heading = find_heading(note.scan.headings, subpath.lstrip("#")) \
                if subpath.startswith("#") and not subpath.startswith("#^") else None
            anchor = "#" + heading.anchor if heading else ""
            return relative_url(urls[concept_src(note)], here) + anchor

        name = rel.rpartition("/")[2][:-len(".canvas")]
        drawing = render_canvas(raw, shown, CanvasLinks(file, text), report)
        pages[src] = f"{frontmatter(name)}# {md_text(name)}\n\n{drawing}\n"
    return pages, page_urls

